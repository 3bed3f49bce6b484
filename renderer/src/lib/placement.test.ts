import { describe, expect, it } from 'vitest';
import type { LevelImage } from '../../../electron/core/image/level-image';
import type { RgbaImage } from '../../../electron/core/image/png';
import { regionInput } from '../../../electron/core/region/region-image';
import { autoRegion, maskBounds, workingRegion } from '../../../electron/core/region/working-region';
import { animationFrames, animationTooLarge } from './export-encode';
import { backdropFor, compositeOf, framePatch, placeRegion, withPatch } from './placement';

const SIZE = { width: 120, height: 90 };
function picture(): RgbaImage {
  const data = new Uint8Array(SIZE.width * SIZE.height * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + (i >> 7)) % 256;
  return { ...SIZE, data };
}
function maskRect(x0: number, y0: number, w: number, h: number): Uint8Array {
  const mask = new Uint8Array(SIZE.width * SIZE.height);
  for (let y = y0; y < y0 + h; y++) mask.fill(1, y * SIZE.width + x0, y * SIZE.width + x0 + w);
  return mask;
}
/** A frame of the region's model size, every channel at `level`; `chains` of them back to back. */
const frameOf = (w: number, h: number, level: number, chains = 1): LevelImage => ({ width: w, height: h, channels: 3, levels: 4, data: new Uint8Array(w * h * 3 * chains).fill(level) });
const differsOutside = (a: RgbaImage, b: RgbaImage, mask: Uint8Array) => a.data.some((v, i) => !mask[i >> 2] && v !== b.data[i]);

describe('frame compositing', () => {
  const original = picture();
  const mask = maskRect(50, 40, 6, 5);

  it('at native scale puts the frame’s pixels in the hole and the picture’s everywhere else', () => {
    const region = autoRegion(maskBounds(mask, SIZE)!, SIZE, { width: 32, height: 32 });
    const place = placeRegion(original, original, mask, region, { feather: 0, smooth: false });
    const patch = framePatch(place, frameOf(32, 32, 3));
    expect([patch.width, patch.height]).toEqual([32, 32]);
    const full = withPatch(original, place, patch);
    expect(differsOutside(full, original, mask)).toBe(false);
    const at = ((42 * SIZE.width) + 52) * 4;
    expect([...full.data.subarray(at, at + 4)]).toEqual([255, 255, 255, 255]);
  });

  it('at fit scale brings a smaller frame back to the region’s size, still bit for bit outside the hole', () => {
    const region = workingRegion({ x: 20, y: 10, width: 80, height: 70 }, 'fit', { width: 16, height: 16 });
    expect(region.model.width).toBeLessThan(80);
    const place = placeRegion(original, original, mask, region, { feather: 2, smooth: true });
    const patch = framePatch(place, frameOf(region.model.width, region.model.height, 0));
    expect([patch.width, patch.height]).toEqual([80, 70]);
    const full = withPatch(original, place, patch);
    expect(differsOutside(full, original, mask)).toBe(false);
    expect(full.data.some((v, i) => mask[i >> 2] && v !== original.data[i])).toBe(true);
  });

  it('picks chain b of a batch of frames', () => {
    const region = workingRegion({ x: 48, y: 38, width: 10, height: 9 }, 'native', { width: 32, height: 32 });
    const place = placeRegion(original, original, mask, region, { feather: 0, smooth: false });
    const frames = frameOf(10, 9, 0, 2);
    frames.data.fill(3, 10 * 9 * 3);
    expect(framePatch(place, frames, 1).data[((2 * 10) + 2) * 4]).toBe(255);
    expect(framePatch(place, frames, 0).data[((2 * 10) + 2) * 4]).toBe(0);
  });

  it('is drawn over the run’s own original when the document shows another image', () => {
    const region = workingRegion({ x: 0, y: 0, width: 8, height: 8 }, 'native', { width: 8, height: 8 });
    const place = placeRegion(original, original, mask, region, { feather: 0, smooth: false });
    const other = picture();
    expect(backdropFor(place, { base: original, image: other })).toBe(other); // the document with its accepted results
    expect(backdropFor(place, { base: other, image: other })).toBe(original);
  });

  it('a region’s sampler input and its composite agree on the hole', () => {
    const region = workingRegion({ x: 40, y: 30, width: 30, height: 30 }, 'native', { width: 32, height: 32 });
    const input = regionInput(original, mask, region, { channels: 3, levels: 4, background: [0, 0, 0] });
    const place = placeRegion(original, original, mask, region, { feather: 0, smooth: false });
    expect(input.mask).toEqual(place.hole);
  });
});

describe('animations of a region or of the full image', () => {
  const original = picture();
  const mask = maskRect(50, 40, 6, 5);
  const region = workingRegion({ x: 44, y: 34, width: 20, height: 16 }, 'native', { width: 32, height: 32 });
  const composite = compositeOf(placeRegion(original, original, mask, region, { feather: 0, smooth: false }));
  const frames = [0, 1, 2].map((level) => frameOf(20, 16, level).data);
  const request = { shape: { width: 20, height: 16, channels: 3, levels: 4 }, frames, from: 0, to: 2, chain: 0, fps: 10, scale: 2, composite };

  it('renders the region, upscaled', async () => {
    const out = await animationFrames({ ...request, backdrop: null }, () => {});
    expect(out.map((f) => [f.width, f.height])).toEqual([[40, 32], [40, 32], [40, 32]]);
  });

  it('renders the full image with the region in place, the rest the picture’s', async () => {
    const out = await animationFrames({ ...request, scale: 1, backdrop: original }, () => {});
    expect([out[0]!.width, out[0]!.height]).toEqual([120, 90]);
    for (const frame of out) expect(differsOutside(frame, original, mask)).toBe(false);
    expect(out[0]!.data[((42 * 120) + 52) * 4]).toBe(0);
    expect(out[2]!.data[((42 * 120) + 52) * 4]).toBe(170);
  });

  it('refuses an animation too large to hold, naming the way out', () => {
    expect(animationTooLarge(20, { width: 120, height: 90 }, 8)).toBeNull();
    expect(animationTooLarge(500, { width: 4000, height: 3000 }, 1)).toMatch(/export the region instead of the full image/);
  });
});
