import { describe, expect, it } from 'vitest';
import { choiceNoise, REVEAL_PLANS, revealCounts, unknownShare, yaoSchedule } from './schedule';

const coconet = { alphaMax: 0.9, alphaMin: 0.1, eta: 0.7 };

describe('yaoSchedule', () => {
  it.each([
    // n, N, schedule, α_n
    [0, 100, coconet, 0.9],
    [35, 100, coconet, 0.5], // 0.9 − 0.35·0.8/0.7
    [70, 100, coconet, 0.1], // reaches α_min at n = η·N
    [99, 100, coconet, 0.1], // and stays there (truncation)
    [50, 100, { alphaMax: 0.9, alphaMin: 0.1, eta: 1 }, 0.5], // η = 1: straight line
    [99, 100, { alphaMax: 0.9, alphaMin: 0.1, eta: 1 }, 0.108],
    [0, 784, { alphaMax: 0.5, alphaMin: 0.001, eta: 0.001 }, 0.5],
    [1, 784, { alphaMax: 0.5, alphaMin: 0.001, eta: 0.001 }, 0.001], // η ≪ 1 drops at once
    [1, 1000, { alphaMax: 0.5, alphaMin: 0.1, eta: 0.1 }, 0.496],
    [3, 3, { alphaMax: 0.5, alphaMin: 0.5, eta: 0.7 }, 0.5], // flat schedule
  ])('α_%i of %i', (n, N, schedule, alpha) => {
    expect(yaoSchedule(n, N, schedule)).toBeCloseTo(alpha, 12);
  });

  it('divides only the slope by η, not α_max (a public port gets the parentheses wrong)', () => {
    // the wrong reading, (α_max − n/N·(α_max − α_min)) / η, would give 1.2857… at n = 0
    expect(yaoSchedule(0, 10, coconet)).toBe(0.9);
  });

  it('stays finite for the smallest η validation lets through (a subnormal)', () => {
    const tiny = { alphaMax: 0.5, alphaMin: 0.1, eta: 1e-309 };
    expect(yaoSchedule(0, 100, tiny)).toBe(0.5);
    expect(yaoSchedule(1, 100, tiny)).toBe(0.1);
  });

  it('never increases and never leaves [α_min, α_max]', () => {
    for (const eta of [1e-309, 0.001, 0.1, 0.7, 1, 3]) {
      let previous = Infinity;
      for (let n = 0; n < 500; n++) {
        const a = yaoSchedule(n, 500, { alphaMax: 0.8, alphaMin: 0.05, eta });
        expect(a).toBeLessThanOrEqual(previous);
        expect(a).toBeGreaterThanOrEqual(0.05);
        expect(a).toBeLessThanOrEqual(0.8);
        previous = a;
      }
    }
  });
});

describe('unknownShare', () => {
  it.each([
    // r, plan, share of the hole still unknown
    [0, 'cosine', 1],
    [1 / 3, 'cosine', Math.sqrt(3) / 2], // cos(π/6)
    [0.5, 'cosine', Math.SQRT1_2],
    [1, 'cosine', 0],
    [0, 'linear', 1],
    [0.25, 'linear', 0.75],
    [1, 'linear', 0],
  ] as const)('after %f of the passes, %s leaves %f unknown', (r, plan, share) => {
    expect(unknownShare(r, plan)).toBeCloseTo(share, 12);
  });
});

describe('revealCounts', () => {
  it('follows MaskGIT’s cosine: few pixels first, more later', () => {
    // unknown after each pass: ⌊100·cos(π/2 · t/4)⌋ = 92, 70, 38, 0
    expect(revealCounts(100, 4, 'cosine')).toEqual([8, 22, 32, 38]);
  });

  it('splits the hole evenly on the linear plan, the remainder late', () => {
    expect(revealCounts(100, 4, 'linear')).toEqual([25, 25, 25, 25]);
    expect(revealCounts(100, 10, 'linear')).toEqual(Array(10).fill(10)); // 100·(1 − 8/10) is 19.999… in floating point
    expect(revealCounts(10, 3, 'linear')).toEqual([4, 3, 3]);
  });

  it('commits at least one pixel a pass, all of them by the last, for every size and budget', () => {
    for (const plan of REVEAL_PLANS) {
      for (let size = 1; size <= 60; size++) {
        for (let passes = 1; passes <= size; passes++) {
          const counts = revealCounts(size, passes, plan);
          expect(counts).toHaveLength(passes);
          expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
          expect(counts.reduce((a, b) => a + b, 0)).toBe(size);
        }
      }
    }
  });

  it('lets a cosine plan take one pixel a pass where ⌊size·cos⌋ would stall (MaskGIT clamps the same way)', () => {
    const counts = revealCounts(100, 50, 'cosine');
    expect(counts.slice(0, 3)).toEqual([1, 1, 1]); // 100·cos(π/50) = 99.8: no pixel without the floor of one
    expect(counts.at(-1)).toBeGreaterThan(counts[0]!);
  });

  it('is one pass of the whole hole, or one pixel per pass at the full budget', () => {
    expect(revealCounts(7, 1, 'cosine')).toEqual([7]);
    expect(revealCounts(7, 7, 'cosine')).toEqual(Array(7).fill(1));
  });

  it('refuses a budget of no pass or of more passes than pixels', () => {
    expect(() => revealCounts(5, 0, 'cosine')).toThrow(RangeError);
    expect(() => revealCounts(5, 6, 'linear')).toThrow(RangeError);
    expect(() => revealCounts(5, 2.5, 'linear')).toThrow(RangeError);
  });
});

describe('choiceNoise', () => {
  it('anneals the choice temperature linearly to 0 at the last pass', () => {
    expect(choiceNoise(0, 4, 4.5)).toBeCloseTo(3.375, 12); // 4.5 · (1 − 1/4)
    expect(choiceNoise(1, 4, 4.5)).toBeCloseTo(2.25, 12);
    expect(choiceNoise(3, 4, 4.5)).toBe(0);
    expect(choiceNoise(0, 1, 4.5)).toBe(0); // one pass: by confidence alone
    expect(choiceNoise(2, 8, 0)).toBe(0);
  });
});
