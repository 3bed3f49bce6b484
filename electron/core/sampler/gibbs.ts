import type { HoleMask, LevelImage } from '../image/level-image';
import { borderRings } from './border-rings';
import { stepCount } from './budget';
import { createChain, forward, pixelCount, resampleChannel, resamplePixel, setKnown, takeFrame, yieldToEventLoop, type Chain } from './chain';
import type { HoleMaps } from './maps';
import type { BlockSampler, GibbsParams } from './params';
import type { Predict } from './predict';
import { shuffleInPlace, type Rng } from './rng';
import { yaoSchedule, type AnnealSchedule } from './schedule';

/** The record every sampler emits once per step. */
export interface GibbsStep {
  /** Step index, 0 … steps−1. */
  n: number;
  steps: number;
  /**
   * The share of the hole this step drew: for Gibbs α_n, the probability each hole pixel joined
   * the block; for a progressive pass the pixels it committed over the hole's size.
   */
  alpha: number;
  /** Pixels drawn, per chain. */
  blockSize: number[];
  /** Mean log-probability (nats, untempered model) of the values drawn, per chain. */
  meanLogProb: number[];
  /** All chains after this step, back to back (chains·H·W·C levels); the record owns this copy. */
  image: Uint8Array;
  /** Uncertainty and change maps of the hole at this frame (maps.ts); the record owns them. */
  maps: HoleMaps;
}

export interface GibbsOptions {
  /** One random stream per chain; its length is the number of chains run as one batch. */
  rngs: readonly Rng[];
  signal?: AbortSignal;
  /** The hole after initialisation, before step 0 (all chains), and its maps (no changes counted yet). */
  onInit?: (image: Uint8Array, maps: HoleMaps) => void;
  onStep?: (step: GibbsStep) => void;
}

export interface GibbsResult {
  /** Final state of every chain, back to back. */
  image: Uint8Array;
  stepsDone: number;
  steps: number;
  cancelled: boolean;
}

/** Every sampler's signature: the model, the start image, the hole, the parameters, the options. */
export type Sampler = (predict: Predict, start: LevelImage, mask: HoleMask, params: GibbsParams, options: GibbsOptions) => Promise<GibbsResult>;

/**
 * Fills the hole of every chain before step 0: uniform categories (the post); the whole hole as
 * one block drawn at once (`model`); or ring by ring from the border inward (`border`), each ring
 * at once given the context and the rings outside it, so a pixel is drawn next to known pixels
 * rather than from what the border says about the hole's middle. One pass per group (by channel
 * for `channelwise`; `ancestral` would cost a pass per hole pixel). Returns false if cancelled
 * between rings. docs/algorithm.md §2.3.
 */
async function initialise(c: Chain, mask: HoleMask, params: GibbsParams, signal?: AbortSignal): Promise<boolean> {
  const { batch, channels: C, levels: K, width, height } = c.shape;
  if (params.init === 'keep') return true;
  if (params.init === 'uniform') {
    for (let b = 0; b < batch; b++) {
      for (const p of c.hole) {
        for (let ch = 0; ch < C; ch++) c.x[(b * pixelCount(c) + p) * C + ch] = c.rngs[b]!.nextInt(K);
      }
    }
    return true;
  }
  const groups = params.init === 'border' ? borderRings(mask, width, height) : [[...c.hole]];
  for (let b = 0; b < batch; b++) for (const p of c.hole) setKnown(c, b, p, 0);
  for (const group of groups) {
    if (signal?.aborted) {
      c.known.fill(1);
      return false;
    }
    await fewPassStep(c, c.rngs.map(() => group), params.blockSampler);
  }
  return true;
}

/** B_n: each hole pixel independently with probability α; never empty, so no step is wasted. */
function chooseBlock(hole: Int32Array, alpha: number, rng: Rng): number[] {
  const block: number[] = [];
  for (const p of hole) if (rng.next() < alpha) block.push(p);
  if (block.length === 0) block.push(hole[rng.nextInt(hole.length)]!);
  return block;
}

/** The post's step: mask the whole block, one forward pass, resample every block pixel independently. */
async function independentStep(c: Chain, blocks: number[][]): Promise<number[]> {
  blocks.forEach((block, b) => block.forEach((p) => setKnown(c, b, p, 0)));
  const logits = await forward(c);
  const logProbs = blocks.map((block, b) => block.reduce((sum, p) => sum + resamplePixel(c, logits, b, p), 0));
  blocks.forEach((block, b) => block.forEach((p) => setKnown(c, b, p, 1)));
  return logProbs;
}

/**
 * One pass per channel: every block pixel's first channel, then the next given those, and so on
 * (R, G | R, B | R, G). Keeps a pixel's colour channels coherent where `independent` draws them
 * apart and can mix two plausible colours into an implausible third. Needs a model trained with
 * holes whose leading channels are known (training's --channel-frac). One pass when C = 1.
 */
async function channelwiseStep(c: Chain, blocks: number[][]): Promise<number[]> {
  const C = c.shape.channels;
  blocks.forEach((block, b) => block.forEach((p) => setKnown(c, b, p, 0)));
  const logProbs = blocks.map(() => 0);
  for (let ch = 0; ch < C; ch++) {
    const logits = await forward(c);
    blocks.forEach((block, b) =>
      block.forEach((p) => {
        logProbs[b]! += resampleChannel(c, logits, b, p, ch);
        c.known[(b * pixelCount(c) + p) * C + ch] = 1;
      }),
    );
  }
  return logProbs;
}

/** The block samplers that take a fixed, small number of passes (so a cancel waits for them). */
const fewPassStep = (c: Chain, blocks: number[][], sampler: BlockSampler): Promise<number[]> =>
  sampler === 'channelwise' ? channelwiseStep(c, blocks) : independentStep(c, blocks);

/** Exact within the block: resample its pixels one at a time in random order, one pass each. */
async function ancestralStep(c: Chain, blocks: number[][], signal?: AbortSignal): Promise<number[] | null> {
  blocks.forEach((block, b) => {
    shuffleInPlace(block, c.rngs[b]!);
    block.forEach((p) => setKnown(c, b, p, 0));
  });
  const logProbs = blocks.map(() => 0);
  const passes = Math.max(...blocks.map((block) => block.length));
  for (let t = 0; t < passes; t++) {
    if (signal?.aborted) return null;
    const logits = await forward(c);
    blocks.forEach((block, b) => {
      const p = block[t];
      if (p === undefined) return;
      logProbs[b]! += resamplePixel(c, logits, b, p);
      setKnown(c, b, p, 1);
    });
  }
  return logProbs;
}

/** Where a run of Gibbs steps sits in its run: steps first … first+count−1 of `total`. */
export interface StepSpan {
  first: number;
  count: number;
  total: number;
}

type GibbsStepParams = AnnealSchedule & { blockSampler: BlockSampler };

/**
 * `count` annealed Gibbs steps on a filled hole, α annealed over them (docs/algorithm.md §2):
 * at each, re-mask each hole pixel with probability α_n and resample the block from p^(1/T).
 * Checks `signal` once per step; a cancel mid-block rolls the block back. Returns the steps done.
 */
export async function gibbsSteps(c: Chain, params: GibbsStepParams, span: StepSpan, { signal, onStep }: Pick<GibbsOptions, 'signal' | 'onStep'>): Promise<number> {
  const { channels } = c.shape;
  for (let i = 0; i < span.count; i++) {
    await yieldToEventLoop();
    if (signal?.aborted) return i;
    const alpha = yaoSchedule(i, span.count, params);
    const blocks = c.rngs.map((rng) => chooseBlock(c.hole, alpha, rng));
    const before = params.blockSampler === 'ancestral' ? c.x.slice() : null;
    const logProbs = before ? await ancestralStep(c, blocks, signal) : await fewPassStep(c, blocks, params.blockSampler);
    if (logProbs === null) {
      c.x.set(before!); // a cancel mid-step rolls the half-sampled block back
      c.known.fill(1);
      return i;
    }
    onStep?.({
      n: span.first + i,
      steps: span.total,
      alpha,
      blockSize: blocks.map((block) => block.length),
      meanLogProb: logProbs.map((lp, b) => lp / (blocks[b]!.length * channels)),
      ...takeFrame(c),
    });
  }
  return span.count;
}

/**
 * Annealed blocked Gibbs sampling (Yao et al. 2014, as in Coconet and the source post;
 * docs/algorithm.md §2): initialise the hole, then N steps of `gibbsSteps`.
 * Pixels outside `mask` are never written. Runs `rngs.length` chains as one batch.
 */
export const annealedGibbs: Sampler = async (predict, start, mask, params, { rngs, signal, onInit, onStep }) => {
  const c = createChain(predict, start, mask, params.temperature, rngs);
  const steps = stepCount({ ...params, sampler: 'gibbs' }, c.hole.length);
  const result = (stepsDone: number, cancelled: boolean): GibbsResult => ({ image: c.x, stepsDone, steps, cancelled });
  if (c.hole.length === 0) return result(0, false);
  if (signal?.aborted || !(await initialise(c, mask, params, signal))) return result(0, true);
  const init = takeFrame(c);
  onInit?.(init.image, init.maps);
  const done = await gibbsSteps(c, params, { first: 0, count: steps, total: steps }, { signal, onStep });
  return result(done, done < steps);
};
