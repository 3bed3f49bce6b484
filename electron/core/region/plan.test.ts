import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../image/png';
import { FIXTURE_DEFAULTS, fixtureCard } from '../model/testing/fixture';
import { planRegion, planResult, RegionError } from './plan';

const card = fixtureCard('grey-28', { ...FIXTURE_DEFAULTS, height: 28, width: 28 });

function photo(width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  return { width, height, data };
}

function square(width: number, height: number, x0: number, y0: number, side: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let y = y0; y < y0 + side; y++) mask.fill(1, y * width + x0, y * width + x0 + side);
  return mask;
}

describe('planRegion', () => {
  it('cuts a native-size region around a small hole in a large image', () => {
    const image = photo(500, 300);
    const plan = planRegion(image, square(500, 300, 200, 100, 10), card, { rect: 'auto', feather: 0 });
    expect(plan.region.rect).toEqual({ x: 191, y: 91, width: 28, height: 28 });
    expect(plan.input.image.width * plan.input.image.height).toBe(28 * 28);
    expect(plan.input.mask.reduce((n, v) => n + v, 0)).toBe(100);
    expect(plan.holeOutside).toBe(0);
    expect(plan.composite.smooth).toBe(false); // two levels: nearest
  });

  it('counts the hole left outside a given region, and refuses one that holds none of it', () => {
    const image = photo(100, 100);
    const mask = square(100, 100, 10, 10, 10);
    expect(planRegion(image, mask, card, { rect: { x: 15, y: 0, width: 40, height: 40 }, feather: 0 }).holeOutside).toBe(50);
    expect(() => planRegion(image, mask, card, { rect: { x: 50, y: 50, width: 20, height: 20 }, feather: 0 })).toThrow(new RegionError('the region holds no pixel of the mask'));
    expect(() => planRegion(image, mask, card, { rect: { x: 90, y: 90, width: 20, height: 20 }, feather: 0 })).toThrow(/does not lie inside the 100×100 image/);
  });

  it('refuses an empty mask and a native region past the sampler\'s size', () => {
    const image = photo(1000, 700);
    expect(() => planRegion(image, new Uint8Array(1000 * 700), card, { rect: 'auto', feather: 0 })).toThrow('the mask marks no pixel to inpaint');
    expect(() => planRegion(image, square(1000, 700, 0, 0, 600), card, { rect: 'auto', scale: 'native', feather: 0 })).toThrow(/more than the 512×512/);
  });

  it('brings a fit-scale result back to the full size with the outside untouched', () => {
    const image = photo(300, 200);
    const mask = square(300, 200, 100, 50, 80);
    const plan = planRegion(image, mask, card, { rect: 'auto', feather: 0 });
    expect(plan.region.scale).toBe('fit');
    const levels = new Uint8Array(plan.input.image.data.length).fill(1);
    const out = planResult(plan, image, mask, levels);
    expect([out.width, out.height]).toEqual([300, 200]);
    let outsideChanged = 0;
    let holeWhite = 0;
    for (let i = 0; i < mask.length; i++) {
      const same = [0, 1, 2, 3].every((c) => out.data[i * 4 + c] === image.data[i * 4 + c]);
      if (!mask[i] && !same) outsideChanged++;
      if (mask[i] && out.data[i * 4] === 255 && out.data[i * 4 + 3] === 255) holeWhite++;
    }
    expect(outsideChanged).toBe(0);
    expect(holeWhite).toBe(80 * 80);
  });
});
