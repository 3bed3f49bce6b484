import type { GibbsParams } from './params';

/**
 * The progressive samplers' budget when `steps` is auto: a fixed number of passes whatever the
 * hole's size, as MaskGIT and ARDM fix theirs (docs/algorithm.md §4). 32 from the study of issue
 * 20 (docs/algorithm.md §11): on MNIST every sampler is within a few nats of Gibbs at one step per
 * pixel by 32 passes, and on the emoji the default's 32 passes plus 16 Gibbs steps match it.
 */
export const AUTO_PASSES = 32;

/** The passes a progressive sampler spends filling the hole: its budget, at most one per hole pixel. */
export function fillPasses(params: Pick<GibbsParams, 'steps'>, holeSize: number): number {
  return Math.min(params.steps ?? AUTO_PASSES, holeSize);
}

/**
 * How many steps (records) a run of `params` on a hole of `holeSize` pixels emits: for Gibbs the
 * budget N, auto = one per hole pixel (the post's choice); for a progressive sampler its fill
 * passes plus its `refine` Gibbs steps. None for an empty hole.
 */
export function stepCount(params: Pick<GibbsParams, 'sampler' | 'steps' | 'refine'>, holeSize: number): number {
  if (holeSize === 0) return 0;
  if (params.sampler === 'gibbs') return params.steps ?? holeSize;
  return fillPasses(params, holeSize) + params.refine;
}
