import { describe, expect, it } from 'vitest';
import type { RgbaImage } from './png';
import { scaleNearest } from './scale';

/** A 3×2 image whose pixel (x, y) is [x, y, 7, 255]. */
const tiny: RgbaImage = {
  width: 3,
  height: 2,
  data: Uint8Array.from({ length: 24 }, (_, i) => [i / 4 % 3, Math.floor(i / 12), 7, 255][i % 4]!),
};

function pixel(image: RgbaImage, x: number, y: number): number[] {
  const at = (y * image.width + x) * 4;
  return [...image.data.subarray(at, at + 4)];
}

describe('scaleNearest', () => {
  it('turns every pixel into a factor×factor block', () => {
    const big = scaleNearest(tiny, 4);
    expect([big.width, big.height, big.data.length]).toEqual([12, 8, 12 * 8 * 4]);
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 12; x++) expect(pixel(big, x, y)).toEqual([Math.floor(x / 4), Math.floor(y / 4), 7, 255]);
    }
  });

  it('copies at factor 1 and leaves the source alone', () => {
    const before = tiny.data.slice();
    expect(scaleNearest(tiny, 1)).toEqual(tiny);
    expect(tiny.data).toEqual(before);
  });

  it('reads an unaligned pixel view', () => {
    const buffer = new Uint8Array(tiny.data.length + 1);
    buffer.set(tiny.data, 1);
    expect(scaleNearest({ ...tiny, data: buffer.subarray(1) }, 2)).toEqual(scaleNearest(tiny, 2));
  });

  it('refuses factors that are not integers from 1 to 32', () => {
    for (const factor of [0, 33, 1.5, -2, Number.NaN]) expect(() => scaleNearest(tiny, factor)).toThrow(RangeError);
  });
});
