import { describe, expect, it } from 'vitest';
import { AUTO_PASSES, fillPasses, stepCount } from './budget';
import { BASELINE_PARAMS, type GibbsParams } from './params';

const params = (overrides: Partial<GibbsParams>): GibbsParams => ({ ...BASELINE_PARAMS, ...overrides });

describe('stepCount', () => {
  it('gives Gibbs its budget, auto = one step per hole pixel (the post)', () => {
    expect(stepCount(params({ sampler: 'gibbs', steps: null }), 921)).toBe(921);
    expect(stepCount(params({ sampler: 'gibbs', steps: 50 }), 921)).toBe(50);
    expect(stepCount(params({ sampler: 'gibbs', steps: 5000 }), 921)).toBe(5000); // Gibbs can take more steps than pixels
    expect(stepCount(params({ sampler: 'gibbs', steps: 50, refine: 7 }), 921)).toBe(50); // refine is the progressive samplers' knob
  });

  it('gives a progressive sampler its passes, at most one per hole pixel, plus its Gibbs refinement', () => {
    for (const sampler of ['confidence', 'entropy', 'ancestral-budget'] as const) {
      expect(stepCount(params({ sampler, steps: null }), 921)).toBe(AUTO_PASSES);
      expect(stepCount(params({ sampler, steps: null }), 10)).toBe(10);
      expect(stepCount(params({ sampler, steps: 16 }), 921)).toBe(16);
      expect(stepCount(params({ sampler, steps: 16, refine: 4 }), 921)).toBe(20);
      expect(stepCount(params({ sampler, steps: 16, refine: 4 }), 3)).toBe(7);
    }
  });

  it('is 0 for an empty hole, whatever the budget', () => {
    expect(stepCount(params({ sampler: 'gibbs', steps: 50 }), 0)).toBe(0);
    expect(stepCount(params({ sampler: 'confidence', steps: 50, refine: 3 }), 0)).toBe(0);
  });

  it('fillPasses is the budget capped by the hole', () => {
    expect(fillPasses({ steps: null }, 1000)).toBe(AUTO_PASSES);
    expect(fillPasses({ steps: 8 }, 5)).toBe(5);
  });
});
