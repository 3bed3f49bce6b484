import { describe, expect, it } from 'vitest';
import { categoricalEntropy } from './entropy';

/** −Σ p log p from the softmax, written out the slow way. */
function direct(logits: number[]): number {
  const z = logits.reduce((sum, l) => sum + Math.exp(l), 0);
  return -logits.reduce((sum, l) => {
    const p = Math.exp(l) / z;
    return p > 0 ? sum + p * Math.log(p) : sum;
  }, 0);
}

describe('categoricalEntropy', () => {
  it('is log K for a uniform row and 0 for a certain one', () => {
    expect(categoricalEntropy(new Float32Array(8), 0, 8)).toBeCloseTo(Math.log(8), 12);
    expect(categoricalEntropy(new Float32Array([-Infinity, 3, -Infinity]), 0, 3)).toBe(0);
  });

  it('matches −Σ p log p, whatever the offset and the logits’ shift', () => {
    const rows = [[0.5, -1, 2, 0], [10, 10, -5, 3], [100, 0, 0, 0]];
    for (const row of rows) {
      const padded = new Float32Array([9, 9, ...row]);
      expect(categoricalEntropy(padded, 2, 4)).toBeCloseTo(direct(row), 6);
      expect(categoricalEntropy(new Float32Array(row.map((l) => l - 50)), 0, 4)).toBeCloseTo(direct(row), 5);
    }
  });

  it('skips levels of probability 0 and gives a row with no finite logit 0, never NaN', () => {
    expect(categoricalEntropy(new Float32Array([0, -Infinity, 0, -Infinity]), 0, 4)).toBeCloseTo(Math.log(2), 12);
    expect(categoricalEntropy(new Float32Array([-Infinity, -Infinity]), 0, 2)).toBe(0);
  });
});
