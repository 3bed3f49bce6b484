import { holePixels, type HoleMask, type LevelImage } from '../image/level-image';
import { borderRings } from './border-rings';
import { stepCount, type BlockSampler, type GibbsParams } from './params';
import type { Predict } from './predict';
import type { Rng } from './rng';
import { yaoSchedule } from './schedule';
import { temperedSample } from './tempered';

/** The record every sampler emits once per Gibbs step. */
export interface GibbsStep {
  /** Step index, 0 … steps−1. */
  n: number;
  steps: number;
  /** α_n, the probability each hole pixel joined this step's block. */
  alpha: number;
  /** Pixels resampled, per chain. */
  blockSize: number[];
  /** Mean log-probability (nats, untempered model) of the values drawn, per chain. */
  meanLogProb: number[];
  /** All chains after this step, back to back (chains·H·W·C levels); the record owns this copy. */
  image: Uint8Array;
}

export interface GibbsOptions {
  /** One random stream per chain; its length is the number of chains run as one batch. */
  rngs: readonly Rng[];
  signal?: AbortSignal;
  /** The hole after initialisation, before step 0 (all chains). */
  onInit?: (image: Uint8Array) => void;
  onStep?: (step: GibbsStep) => void;
}

export interface GibbsResult {
  /** Final state of every chain, back to back. */
  image: Uint8Array;
  stepsDone: number;
  steps: number;
  cancelled: boolean;
}

/** The chain state shared by the step functions below. */
interface Chain {
  predict: Predict;
  shape: { batch: number; height: number; width: number; channels: number; levels: number };
  hole: Int32Array;
  x: Uint8Array;
  known: Uint8Array;
  temperature: number;
  rngs: readonly Rng[];
}

const pixelCount = (c: Chain): number => c.shape.height * c.shape.width;

function setKnown(c: Chain, chain: number, pixel: number, value: 0 | 1): void {
  const C = c.shape.channels;
  c.known.fill(value, (chain * pixelCount(c) + pixel) * C, (chain * pixelCount(c) + pixel + 1) * C);
}

/** Draws one channel of one pixel from p^(1/T); returns its untempered log-probability. */
function resampleChannel(c: Chain, logits: Float32Array, chain: number, pixel: number, channel: number): number {
  const v = (chain * pixelCount(c) + pixel) * c.shape.channels + channel;
  const draw = temperedSample(logits, v * c.shape.levels, c.shape.levels, c.temperature, c.rngs[chain]!.next());
  c.x[v] = draw.k;
  return draw.logProb;
}

/** Draws every channel of one pixel from the same pass; returns the summed untempered log-probability. */
function resamplePixel(c: Chain, logits: Float32Array, chain: number, pixel: number): number {
  let logProb = 0;
  for (let ch = 0; ch < c.shape.channels; ch++) logProb += resampleChannel(c, logits, chain, pixel, ch);
  return logProb;
}

const forward = (c: Chain): Promise<Float32Array> =>
  c.predict({ levels: c.x, known: c.known, batch: c.shape.batch, height: c.shape.height, width: c.shape.width });

/**
 * Fills the hole of every chain before step 0: uniform categories (the post); the whole hole as
 * one block drawn at once (`model`); or ring by ring from the border inward (`border`), each ring
 * at once given the context and the rings outside it, so a pixel is drawn next to known pixels
 * rather than from what the border says about the hole's middle. One pass per group (by channel
 * for `channelwise`; `ancestral` would cost a pass per hole pixel). Returns false if cancelled
 * between rings.
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

function shuffleInPlace(items: number[], rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
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

/** Lets queued messages (a cancel) run between steps; setImmediate skips setTimeout's 1 ms clamp. */
const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * Annealed blocked Gibbs sampling (Yao et al. 2014, as in Coconet and the source post): at step n
 * re-mask each hole pixel with probability α_n and resample the block from p^(1/T).
 * Pixels outside `mask` are never written. Runs `rngs.length` chains as one batch.
 */
export async function annealedGibbs(
  predict: Predict,
  start: LevelImage,
  mask: HoleMask,
  params: GibbsParams,
  { rngs, signal, onInit, onStep }: GibbsOptions,
): Promise<GibbsResult> {
  const { width, height, channels, levels } = start;
  const batch = rngs.length;
  const hole = holePixels(mask);
  const steps = stepCount(params, hole.length);
  const single = start.data.subarray(0, width * height * channels);
  const x = new Uint8Array(batch * single.length);
  for (let b = 0; b < batch; b++) x.set(single, b * single.length);
  const result = (stepsDone: number, cancelled: boolean): GibbsResult => ({ image: x, stepsDone, steps, cancelled });
  if (hole.length === 0) return result(0, false);

  const c: Chain = {
    predict,
    shape: { batch, height, width, channels, levels },
    hole,
    x,
    known: new Uint8Array(x.length).fill(1),
    temperature: params.temperature,
    rngs,
  };
  if (signal?.aborted || !(await initialise(c, mask, params, signal))) return result(0, true);
  onInit?.(x.slice());

  for (let n = 0; n < steps; n++) {
    await yieldToEventLoop();
    if (signal?.aborted) return result(n, true);
    const alpha = yaoSchedule(n, steps, params);
    const blocks = rngs.map((rng) => chooseBlock(hole, alpha, rng));
    const before = params.blockSampler === 'ancestral' ? x.slice() : null;
    const logProbs = before
      ? await ancestralStep(c, blocks, signal)
      : await fewPassStep(c, blocks, params.blockSampler);
    if (logProbs === null) {
      x.set(before!); // a cancel mid-step rolls the half-sampled block back
      c.known.fill(1);
      return result(n, true);
    }
    onStep?.({
      n,
      steps,
      alpha,
      blockSize: blocks.map((block) => block.length),
      meanLogProb: logProbs.map((lp, b) => lp / (blocks[b]!.length * channels)),
      image: x.slice(),
    });
  }
  return result(steps, false);
}
