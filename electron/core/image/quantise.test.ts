import { describe, expect, it } from 'vitest';
import { fromLevels, maskFromRgba, resizeRgba, toLevels } from './quantise';
import type { RgbaImage } from './png';

const rgba = (pixels: number[][], width: number): RgbaImage => ({
  width,
  height: pixels.length / width,
  data: Uint8Array.from(pixels.flat()),
});

describe('toLevels / fromLevels', () => {
  it('quantises grey to the nearest of K evenly spaced levels', () => {
    const img = rgba([[0, 0, 0, 255], [127, 127, 127, 255], [128, 128, 128, 255], [255, 255, 255, 255]], 4);
    expect([...toLevels(img, { channels: 1, levels: 2, background: [0, 0, 0] }).data]).toEqual([0, 0, 1, 1]);
    expect([...toLevels(img, { channels: 1, levels: 256, background: [0, 0, 0] }).data]).toEqual([0, 127, 128, 255]);
  });

  it('uses Rec. 601 luma for grey and composites alpha on the background', () => {
    const img = rgba([[255, 0, 0, 255], [0, 0, 0, 0], [0, 0, 0, 128]], 3);
    const grey = toLevels(img, { channels: 1, levels: 256, background: [255, 255, 255] });
    expect([...grey.data]).toEqual([76, 255, 127]);
  });

  it('keeps colour channels apart and round-trips levels exactly', () => {
    const img = rgba([[255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 255], [66, 132, 198, 255]], 2);
    const levels = toLevels(img, { channels: 3, levels: 32, background: [255, 255, 255] });
    expect([...levels.data.subarray(0, 9)]).toEqual([31, 0, 0, 0, 31, 0, 0, 0, 31]);
    expect(toLevels(fromLevels(levels), { channels: 3, levels: 32, background: [0, 0, 0] })).toEqual(levels);
  });

  it('shows one chain of a batch', () => {
    const batch = { width: 1, height: 1, channels: 1, levels: 2, data: new Uint8Array([0, 1]) };
    expect([...fromLevels(batch, 1).data]).toEqual([255, 255, 255, 255]);
  });
});

describe('maskFromRgba', () => {
  it('marks white opaque pixels as the hole', () => {
    const mask = rgba([[255, 255, 255, 255], [0, 0, 0, 255], [255, 255, 255, 0], [200, 200, 200, 200]], 4);
    expect([...maskFromRgba(mask, 4, 1)]).toEqual([1, 0, 0, 1]);
  });

  it('refuses a mask of another size, naming both sizes', () => {
    const mask = rgba([[255, 255, 255, 255]], 1);
    expect(() => maskFromRgba(mask, 28, 28, 'm.png')).toThrow('m.png: the mask is 1×1 but the image is 28×28');
  });
});

describe('resizeRgba', () => {
  it('averages boxes when shrinking', () => {
    const img = rgba([[0, 0, 0, 255], [255, 255, 255, 255], [0, 0, 0, 255], [255, 255, 255, 255]], 2);
    expect([...resizeRgba(img, 1, 1).data]).toEqual([128, 128, 128, 255]);
  });
});
