import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../image/png';
import { compositeRegion, distanceToEdge, patchOver, regionPatch, resampleRgba } from './composite';
import { cropMask, cropRgba, regionInput, resizeMask } from './region-image';
import { autoRegion, maskBounds, workingRegion, type Size } from './working-region';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function randomImage(size: Size, random: () => number): RgbaImage {
  const words = new Uint32Array(size.width * size.height);
  let s = Math.floor(random() * 2 ** 32) | 1;
  for (let i = 0; i < words.length; i++) words[i] = s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
  return { ...size, data: new Uint8Array(words.buffer) };
}

/** One or two random rectangular blobs, possibly touching the image's border. */
function randomMask(size: Size, random: () => number): Uint8Array {
  const mask = new Uint8Array(size.width * size.height);
  for (let blob = 0; blob < 1 + Math.floor(random() * 2); blob++) {
    const w = 1 + Math.floor(random() * Math.min(200, size.width));
    const h = 1 + Math.floor(random() * Math.min(200, size.height));
    const x0 = Math.floor(random() * (size.width - w + 1));
    const y0 = Math.floor(random() * (size.height - h + 1));
    for (let y = y0; y < y0 + h; y++) mask.fill(1, y * size.width + x0, y * size.width + x0 + w);
  }
  return mask;
}

describe('compositeRegion', () => {
  it('keeps every pixel outside the mask bit for bit, alpha included, at full size (random sizes up to 2048 px)', () => {
    const random = lcg(3);
    for (let t = 0; t < 12; t++) {
      const size = { width: 1 + Math.floor(random() * 2048), height: 1 + Math.floor(random() * 2048) };
      const original = randomImage(size, random);
      const mask = randomMask(size, random);
      const region = autoRegion(maskBounds(mask, size)!, size, { width: 64, height: 64 });
      const sampled = randomImage(region.model, random);
      const feather = t % 3 === 0 ? 4 : 0;
      const out = compositeRegion(original, mask, region, sampled, { feather, smooth: t % 2 === 0 });
      expect(out.width * out.height).toBe(size.width * size.height);
      let changedOutside = 0;
      let changedInHole = 0;
      for (let i = 0; i < out.data.length; i++) {
        if (out.data[i] === original.data[i]) continue;
        if (mask[i >> 2]) changedInHole++;
        else changedOutside++;
      }
      expect(changedOutside, `${size.width}×${size.height}`).toBe(0);
      expect(changedInHole).toBeGreaterThan(0);
    }
  });

  it('at feather 0 and native scale puts the sampled pixels in the hole exactly', () => {
    const size = { width: 100, height: 80 };
    const random = lcg(11);
    const original = randomImage(size, random);
    const mask = new Uint8Array(size.width * size.height);
    mask[40 * 100 + 50] = 1;
    const region = autoRegion(maskBounds(mask, size)!, size, { width: 64, height: 64 });
    expect(region.scale).toBe('native');
    const sampled = randomImage(region.model, random);
    const out = compositeRegion(original, mask, region, sampled, { feather: 0, smooth: true });
    const inRegion = ((40 - region.rect.y) * region.rect.width + (50 - region.rect.x)) * 4;
    expect([...out.data.subarray((40 * 100 + 50) * 4, (40 * 100 + 51) * 4)]).toEqual([...sampled.data.subarray(inRegion, inRegion + 4)]);
  });

  it('with a feather fades the new pixels in from the edge of the hole, fully new at its centre', () => {
    const size = { width: 40, height: 40 };
    const original: RgbaImage = { ...size, data: new Uint8Array(40 * 40 * 4) };
    const mask = new Uint8Array(40 * 40);
    for (let y = 10; y < 30; y++) mask.fill(1, y * 40 + 10, y * 40 + 30);
    const region = autoRegion(maskBounds(mask, size)!, size, { width: 64, height: 64 });
    const sampled: RgbaImage = { ...region.model, data: new Uint8Array(region.model.width * region.model.height * 4).fill(200) };
    const out = compositeRegion(original, mask, region, sampled, { feather: 3, smooth: false });
    const red = (x: number, y: number) => out.data[(y * 40 + x) * 4]!;
    expect(red(10, 20)).toBe(50); // one pixel in: 1/(3+1) of the new value
    expect(red(11, 20)).toBe(100);
    expect(red(20, 20)).toBe(200);
    expect(red(9, 20)).toBe(0);
  });
});

describe('patchOver', () => {
  it('from the crops a run keeps gives the patch of the whole image, feather across a cut side included', () => {
    const size = { width: 50, height: 40 };
    const random = lcg(5);
    const original = randomImage(size, random);
    const mask = new Uint8Array(size.width * size.height);
    for (let y = 5; y < 30; y++) mask.fill(1, y * 50 + 10, y * 50 + 40);
    // a region whose left and top sides cut through the hole, inside the image
    const region = workingRegion({ x: 20, y: 12, width: 26, height: 24 }, 'native', { width: 64, height: 64 });
    const sampled = randomImage(region.model, random);
    const options = { feather: 4, smooth: false };
    const fromCrops = patchOver(cropRgba(original, region.rect), cropMask(mask, size, region.rect), region, size, sampled, options);
    expect(fromCrops).toEqual(regionPatch(original, mask, region, sampled, options));
    // past the cut side the image goes on (unsampled, so the original's): the hole pixel on the
    // region's left edge is one pixel from it, a fifth new
    const at = (10 * 26 + 0) * 4;
    const old = original.data[((12 + 10) * 50 + 20) * 4]!;
    expect(fromCrops.data[at]).toBe(Math.round(0.2 * sampled.data[at]! + 0.8 * old));
  });
});

describe('distanceToEdge', () => {
  it('counts pixels to the nearest context pixel, and treats the image border as no context', () => {
    const hole = Uint8Array.from([1, 1, 1, 1, 0]);
    const leftAndRight = (x: number) => x < 0 || x >= 5;
    expect([...distanceToEdge(hole, { width: 5, height: 1 }, leftAndRight)]).toEqual([1, 2, 2, 1, 0]);
    expect([...distanceToEdge(hole, { width: 5, height: 1 })]).toEqual([1, 1, 1, 1, 0]);
    expect([...distanceToEdge(hole, { width: 5, height: 1 }, () => false)]).toEqual([4, 3, 2, 1, 0]);
  });
});

describe('regionInput', () => {
  it('marks a model pixel as hole when any image pixel it covers is, at fit scale', () => {
    const mask = new Uint8Array(10 * 10);
    mask[5 * 10 + 5] = 1;
    const small = resizeMask(mask, { width: 10, height: 10 }, { width: 3, height: 3 });
    expect([...small]).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it('converts only the region to the model levels', () => {
    const image: RgbaImage = { width: 4, height: 1, data: Uint8Array.from([0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 255, 0, 10, 10, 10, 255]) };
    const mask = Uint8Array.from([0, 1, 0, 0]);
    const region = { rect: { x: 1, y: 0, width: 2, height: 1 }, scale: 'native' as const, model: { width: 2, height: 1 } };
    const input = regionInput(image, mask, region, { channels: 1, levels: 2, background: [0, 0, 0] });
    expect(input.image.width).toBe(2);
    expect([...input.image.data]).toEqual([1, 0]); // the transparent white pixel sits on the black background
    expect([...input.mask]).toEqual([1, 0]);
  });
});

describe('resampleRgba', () => {
  it('nearest keeps the source values; bilinear blends between pixel centres', () => {
    const image: RgbaImage = { width: 2, height: 1, data: Uint8Array.from([0, 0, 0, 255, 200, 200, 200, 255]) };
    expect([...resampleRgba(image, { width: 4, height: 1 }, false).data.filter((_, i) => i % 4 === 0)]).toEqual([0, 0, 200, 200]);
    expect([...resampleRgba(image, { width: 4, height: 1 }, true).data.filter((_, i) => i % 4 === 0)]).toEqual([0, 50, 150, 200]);
  });
});
