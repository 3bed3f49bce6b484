import { describe, expect, it } from 'vitest';
import { createRng } from './rng';
import { temperedSample } from './tempered';

const p = [0.5, 0.25, 0.15, 0.1];
const logits = new Float32Array([0, 0, ...p.map(Math.log)]); // two slots of padding: offset 2

function tempered(T: number): number[] {
  const w = p.map((q) => q ** (1 / T));
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((q) => q / total);
}

/** How often each of the four categories is drawn in `draws` draws at temperature T. */
function drawCounts(T: number, seed: number, draws: number): number[] {
  const rng = createRng(seed);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < draws; i++) counts[temperedSample(logits, 2, 4, T, rng.next()).k]!++;
  return counts;
}

/** χ² statistic of observed counts against expected probabilities. */
function chiSquare(counts: number[], probs: number[], draws: number): number {
  return counts.reduce((sum, c, k) => sum + (c - draws * probs[k]!) ** 2 / (draws * probs[k]!), 0);
}

describe('temperedSample', () => {
  // χ² with 3 degrees of freedom: P(χ² > 16.27) = 0.001, so a correct sampler fails 1 in 1000 seeds
  it.each([0.1, 0.5, 1, 2, 10])('draws from p^(1/T) at T = %f', (T) => {
    const draws = 40_000;
    expect(chiSquare(drawCounts(T, 1234, draws), tempered(T), draws)).toBeLessThan(16.27);
  });

  it('rejects the p^T reading: at T = 0.1 the top category dominates', () => {
    const rng = createRng(7);
    let top = 0;
    for (let i = 0; i < 10_000; i++) if (temperedSample(logits, 2, 4, 0.1, rng.next()).k === 0) top++;
    expect(top / 10_000).toBeGreaterThan(0.99); // p^(1/T) gives 0.9990; p^T would give about 0.27
  });

  it('is argmax at T = 0, ties going to the lowest index', () => {
    expect(temperedSample(logits, 2, 4, 0, 0.999).k).toBe(0);
    expect(temperedSample(new Float32Array([1, 3, 3, 2]), 0, 4, 0, 0.5).k).toBe(1);
  });

  it('tends to uniform as T grows', () => {
    const draws = 40_000;
    expect(chiSquare(drawCounts(1e6, 99, draws), [0.25, 0.25, 0.25, 0.25], draws)).toBeLessThan(16.27);
  });

  it('gives a degenerate row (every logit −∞) its argmax and −∞, never NaN', () => {
    expect(temperedSample(new Float32Array([-Infinity, -Infinity]), 0, 2, 1, 0.5)).toEqual({ k: 0, logProb: -Infinity });
  });

  it('covers the whole unit interval', () => {
    expect(temperedSample(logits, 2, 4, 1, 0).k).toBe(0);
    expect(temperedSample(logits, 2, 4, 1, 0.999999).k).toBe(3);
  });
});

describe('the log-probability it reports', () => {
  it('is log p(k) under the untempered model, whatever T', () => {
    for (const T of [0, 0.1, 1, 5]) {
      for (const u of [0, 0.3, 0.6, 0.95]) {
        const { k, logProb } = temperedSample(logits, 2, 4, T, u);
        expect(logProb).toBeCloseTo(Math.log(p[k]!), 6);
      }
    }
  });
});
