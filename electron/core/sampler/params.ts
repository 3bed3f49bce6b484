import type { AnnealSchedule } from './schedule';

/**
 * How the hole is filled before the first Gibbs step: uniform noise (the post), one model pass,
 * ring by ring from the border inward (`border`, one pass per ring), or `keep` the given pixels
 * (a branch).
 */
export type GibbsInit = 'uniform' | 'model' | 'border' | 'keep';
export const GIBBS_INITS: readonly GibbsInit[] = ['uniform', 'model', 'border', 'keep'];
/**
 * `independent`: the post's sampler, one pass per step. `channelwise`: one pass per colour channel,
 * each channel drawn given the ones before (the same as `independent` for one channel).
 * `ancestral`: exact within the block, one pass per pixel.
 */
export type BlockSampler = 'independent' | 'channelwise' | 'ancestral';
export const BLOCK_SAMPLERS: readonly BlockSampler[] = ['independent', 'channelwise', 'ancestral'];

export interface GibbsParams extends AnnealSchedule {
  /** Temperature of p^(1/T): lower = more conservative, 0 = argmax. */
  temperature: number;
  /** Number of Gibbs steps N; `null` = one per hole pixel (the post's choice). */
  steps: number | null;
  init: GibbsInit;
  blockSampler: BlockSampler;
}

/**
 * The post's α_max = 0.5 with Coconet's floor and speed (α 0.5 → 0.1, η 0.7) at T = 0.7. Coconet's
 * α_max = 0.9 redraws nine tenths of the hole at once in the first steps, and a colour model that
 * draws a pixel's R, G and B independently mixes the border's colours there (an orange-and-brown
 * face fills green) until the chain settles on the mixture; with half the hole kept as context
 * and T = 0.7 the emoji-64 sheet keeps the border's colours (docs/training.md, "Default
 * sampler"). The hole starts ring by ring from its border inward (each ring drawn given the rings
 * outside it), not from one model pass that draws the hole's middle from what the border says
 * about it (lower off-palette share on emoji-64: docs/training.md, "Border-in start"), nor from
 * the post's uniform noise, which a colour model reads as context (docs/emoji-64-uniform-start.png).
 */
export const DEFAULT_PARAMS: Readonly<GibbsParams> = Object.freeze({
  temperature: 0.7,
  alphaMax: 0.5,
  alphaMin: 0.1,
  eta: 0.7,
  steps: null,
  init: 'border',
  blockSampler: 'independent',
});

export const MAX_STEPS = 1_000_000;

/** The number of Gibbs steps a run takes: the fixed budget, else one per hole pixel. */
export const stepCount = (params: Pick<GibbsParams, 'steps'>, holeSize: number): number => params.steps ?? holeSize;
export const MAX_CHAINS = 64;

export class ParamError extends Error {
  override name = 'ParamError';
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new ParamError(message);
}

function finiteIn(name: string, value: number, lo: number, hi: number): void {
  check(Number.isFinite(value), `${name} must be a finite number, got ${value}`);
  check(value >= lo && value <= hi, `${name} must be in [${lo}, ${hi}], got ${value}`);
}

/** Throws a ParamError naming the first bad field; returns the params untouched when all are good. */
export function validateParams(p: GibbsParams): GibbsParams {
  finiteIn('temperature', p.temperature, 0, 1000);
  finiteIn('alphaMax', p.alphaMax, 0, 1);
  finiteIn('alphaMin', p.alphaMin, 0, 1);
  check(p.alphaMin <= p.alphaMax, `alphaMin (${p.alphaMin}) must not exceed alphaMax (${p.alphaMax})`);
  check(Number.isFinite(p.eta) && p.eta > 0, `eta must be a finite number > 0, got ${p.eta}`);
  if (p.steps !== null) {
    check(Number.isInteger(p.steps) && p.steps >= 1 && p.steps <= MAX_STEPS, `steps must be an integer in [1, ${MAX_STEPS}], got ${p.steps}`);
  }
  check(GIBBS_INITS.includes(p.init), `init must be one of ${GIBBS_INITS.join(', ')}, got ${String(p.init)}`);
  check(BLOCK_SAMPLERS.includes(p.blockSampler), `blockSampler must be one of ${BLOCK_SAMPLERS.join(', ')}, got ${String(p.blockSampler)}`);
  return p;
}

export function validateChains(chains: number): number {
  check(Number.isInteger(chains) && chains >= 1 && chains <= MAX_CHAINS, `chains must be an integer in [1, ${MAX_CHAINS}], got ${chains}`);
  return chains;
}

export function validateSeed(seed: number): number {
  check(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff, `seed must be an integer in [0, 4294967295], got ${seed}`);
  return seed;
}
