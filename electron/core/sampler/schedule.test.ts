import { describe, expect, it } from 'vitest';
import { yaoSchedule } from './schedule';

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
