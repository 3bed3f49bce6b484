import { describe, expect, it } from 'vitest';
import { meanAndStdErr, meanPairwiseDisagreement, offPaletteShare } from './metrics';

describe('offPaletteShare', () => {
  // K = 32: level 31 is 255, level 0 is 0, level 16 is 132
  const image = Uint8Array.of(31, 31, 31, 0, 0, 31, /* hole: */ 31, 31, 30, 16, 31, 0, 31, 31, 31, 0, 0, 0);
  const mask = Uint8Array.of(0, 0, 1, 1, 1, 1);

  it('counts hole pixels farther than 40 from every colour outside the hole', () => {
    // hole: (255,255,247) near white; (132,255,0) far from white and blue; white; black (far)
    expect(offPaletteShare(image, mask, 32)).toBe(2 / 4);
  });

  it('is 0 for an empty hole and follows the tolerance', () => {
    expect(offPaletteShare(image, new Uint8Array(6), 32)).toBe(0);
    expect(offPaletteShare(image, mask, 32, 1000)).toBe(0);
  });
});

describe('meanPairwiseDisagreement', () => {
  it('averages, over pairs, the share of hole pixels that differ in any channel', () => {
    const hole = Int32Array.of(0, 1);
    const a = Uint8Array.of(1, 1, 2, 2);
    const b = Uint8Array.of(1, 0, 2, 2); // pixel 0 differs in its second channel
    const c = Uint8Array.of(1, 1, 2, 2);
    // pairs: (a,b) 1/2, (a,c) 0, (b,c) 1/2
    expect(meanPairwiseDisagreement([a, b, c], hole, 2)).toBeCloseTo(1 / 3, 10);
    expect(meanPairwiseDisagreement([a], hole, 2)).toBe(0);
  });
});

describe('meanAndStdErr', () => {
  it('gives the mean and the standard error of the mean', () => {
    const { mean, stdErr } = meanAndStdErr([1, 2, 3, 4]);
    expect(mean).toBe(2.5);
    expect(stdErr).toBeCloseTo(Math.sqrt(5 / 3 / 4), 10);
  });
});
