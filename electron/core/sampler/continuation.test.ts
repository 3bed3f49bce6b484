import { describe, expect, it } from 'vitest';
import { AUTO_PASSES, stepCount } from './budget';
import { continuationParams } from './continuation';
import { DEFAULT_PARAMS, SAMPLERS, validateParams, type GibbsParams } from './params';

const panel = (overrides: Partial<GibbsParams>): GibbsParams => ({ ...DEFAULT_PARAMS, ...overrides });
const PROGRESSIVE = SAMPLERS.filter((s) => s !== 'gibbs');

describe('continuationParams', () => {
  it('leaves a Gibbs panel as it is, but starts from the frame', () => {
    for (const steps of [null, 40]) {
      const gibbs = panel({ sampler: 'gibbs', steps, init: 'border', temperature: 2, refine: 5 });
      expect(continuationParams(gibbs)).toEqual({ ...gibbs, init: 'keep' });
    }
  });

  it('runs annealed Gibbs from the frame for AUTO_PASSES steps under a progressive sampler without refinement', () => {
    for (const sampler of PROGRESSIVE) {
      const params = continuationParams(panel({ sampler, steps: 12, refine: 0 }));
      expect(params).toMatchObject({ sampler: 'gibbs', init: 'keep', steps: AUTO_PASSES, refine: 0 });
      expect(stepCount(params, 921)).toBe(AUTO_PASSES); // what the run lists as its steps
    }
  });

  it('spends the panel’s refinement budget when it has one', () => {
    for (const sampler of PROGRESSIVE) {
      const params = continuationParams(panel({ sampler, steps: null, refine: 7 }));
      expect(params).toMatchObject({ sampler: 'gibbs', init: 'keep', steps: 7, refine: 0 });
      expect(stepCount(params, 921)).toBe(7);
    }
  });

  it('carries the panel’s Gibbs knobs into the continuation, and the result is a valid run', () => {
    const knobs = { temperature: 1.3, alphaMax: 0.8, alphaMin: 0.2, eta: 1.5, blockSampler: 'channelwise' } as const;
    const params = continuationParams(panel({ sampler: 'entropy', ...knobs }));
    expect(params).toMatchObject(knobs);
    expect(validateParams(params)).toBe(params);
  });

  it('does not change the panel it reads', () => {
    const progressive = Object.freeze(panel({ sampler: 'confidence' }));
    continuationParams(progressive);
    expect(progressive.sampler).toBe('confidence');
  });
});
