import { AUTO_PASSES } from './budget';
import type { GibbsParams } from './params';

/**
 * What a branch from a frame ("Continue from here") runs, given the panel's parameters. A branch
 * always continues the frame (`init: keep`), and only Gibbs reads that start: the progressive
 * samplers refill the whole hole. So under a progressive sampler the branch is annealed Gibbs
 * with the panel's T, α, η and block sampler for a refinement budget: the panel's `refine` steps,
 * else AUTO_PASSES (docs/algorithm.md §7). The result is what runs and what the run records.
 */
export function continuationParams(panel: GibbsParams): GibbsParams {
  if (panel.sampler === 'gibbs') return { ...panel, init: 'keep' };
  return { ...panel, sampler: 'gibbs', init: 'keep', steps: panel.refine > 0 ? panel.refine : AUTO_PASSES, refine: 0 };
}
