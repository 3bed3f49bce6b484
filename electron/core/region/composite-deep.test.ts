import { describe, expect, it } from 'vitest';
import type { Rgba16Image, RgbaImage } from '../image/png';
import { createRng, type Rng } from '../sampler/rng';
import { compositeRegion } from './composite';
import { compositeRegion16, pasteRect16 } from './composite-deep';
import { autoRegion, maskBounds, type Size } from './working-region';

const deepImage = (size: Size, rng: Rng): Rgba16Image => ({ ...size, data: Uint16Array.from({ length: size.width * size.height * 4 }, () => rng.nextInt(65536)) });
const image8 = (size: Size, rng: Rng): RgbaImage => ({ ...size, data: Uint8Array.from({ length: size.width * size.height * 4 }, () => rng.nextInt(256)) });
const topBytes = (image: Rgba16Image): RgbaImage => ({ width: image.width, height: image.height, data: Uint8Array.from(image.data, (v) => v >> 8) });

/** A random rectangular hole, possibly touching the border. */
function randomMask(size: Size, rng: Rng): Uint8Array {
  const mask = new Uint8Array(size.width * size.height);
  const [w, h] = [1 + rng.nextInt(Math.min(40, size.width)), 1 + rng.nextInt(Math.min(40, size.height))];
  const [x0, y0] = [rng.nextInt(size.width - w + 1), rng.nextInt(size.height - h + 1)];
  for (let y = y0; y < y0 + h; y++) mask.fill(1, y * size.width + x0, y * size.width + x0 + w);
  return mask;
}

function randomCase(seed: number) {
  const rng = createRng(seed);
  const size = { width: 1 + rng.nextInt(300), height: 1 + rng.nextInt(300) };
  const original = deepImage(size, rng);
  const mask = randomMask(size, rng);
  const region = autoRegion(maskBounds(mask, size)!, size, { width: 32, height: 32 });
  return { original, mask, region, sampled: image8(region.model, rng) };
}

describe('compositeRegion16', () => {
  it('keeps every sample outside the mask bit for bit; inside, the 8-bit result ×257 (random sizes, native and fit)', () => {
    for (let seed = 0; seed < 20; seed++) {
      const { original, mask, region, sampled } = randomCase(seed);
      const options = { feather: 0, smooth: seed % 2 === 0 };
      const deep = compositeRegion16(original, mask, region, sampled, options);
      const shallow = compositeRegion(topBytes(original), mask, region, sampled, options);
      for (let i = 0; i < mask.length; i++) {
        for (let c = 0; c < 4; c++) {
          const want = mask[i] ? shallow.data[i * 4 + c]! * 257 : original.data[i * 4 + c]!;
          if (deep.data[i * 4 + c] !== want) throw new Error(`seed ${seed}: pixel ${i} channel ${c} is ${deep.data[i * 4 + c]}, not ${want}`);
        }
      }
      expect(original.data).not.toBe(deep.data);
    }
  });

  it('with a feather, blends at 16 bits inside the hole only: the top bytes within 1 of the 8-bit blend', () => {
    for (let seed = 0; seed < 10; seed++) {
      const { original, mask, region, sampled } = randomCase(100 + seed);
      const options = { feather: 3, smooth: true };
      const deep = compositeRegion16(original, mask, region, sampled, options);
      const shallow = compositeRegion(topBytes(original), mask, region, sampled, options);
      // one throw at the first wrong sample: an expect() per sample made this test take minutes on a busy CPU
      for (let i = 0; i < deep.data.length; i++) {
        const ok = mask[i >> 2] ? Math.abs((deep.data[i]! >> 8) - shallow.data[i]!) <= 1 : deep.data[i] === original.data[i];
        if (!ok) throw new Error(`seed ${100 + seed}: sample ${i} is ${deep.data[i]} (original ${original.data[i]}, 8-bit blend ${shallow.data[i]})`);
      }
      expect(deep.data).not.toBe(original.data);
    }
  });
});

describe('pasteRect16', () => {
  it('keeps the 16 bits of every pixel the patch kept, and writes a changed one ×257', () => {
    const rng = createRng(7);
    const picture = deepImage({ width: 6, height: 5 }, rng);
    const rect = { x: 1, y: 2, width: 3, height: 2 };
    const patch = { width: 3, height: 2, data: new Uint8Array(24) };
    for (let y = 0; y < 2; y++) for (let x = 0; x < 3; x++) for (let c = 0; c < 4; c++) patch.data[(y * 3 + x) * 4 + c] = picture.data[((rect.y + y) * 6 + rect.x + x) * 4 + c]! >> 8;
    patch.data[4 + 2] ^= 1; // pixel (1, 0) of the patch: one channel differs
    const before = picture.data.slice();
    pasteRect16(picture, patch, rect);
    const changed = ((rect.y + 0) * 6 + rect.x + 1) * 4;
    expect([...picture.data.subarray(changed, changed + 4)]).toEqual([...patch.data.subarray(4, 8)].map((v) => v * 257));
    picture.data.forEach((v, i) => i >= changed && i < changed + 4 ? undefined : expect(v).toBe(before[i]));
  });
});
