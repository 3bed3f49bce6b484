import type { HoleMask, LevelImage } from '../image/level-image';
import { fillPasses, stepCount } from './budget';
import { createChain, forward, resamplePixel, setKnown, takeFrame, valueIndex, yieldToEventLoop, type Chain } from './chain';
import { categoricalEntropy } from './entropy';
import { gibbsSteps, type GibbsOptions, type GibbsResult, type Sampler } from './gibbs';
import type { GibbsParams } from './params';
import type { Predict } from './predict';
import { shuffleInPlace } from './rng';
import { choiceNoise, revealCounts } from './schedule';

/** One chain's view of one pass: the logits, its still-unknown pixels, how many of them to commit. */
interface Pass {
  c: Chain;
  logits: Float32Array;
  chain: number;
  unknown: readonly number[];
  count: number;
  /** Pass index t and the fill's number of passes P. */
  t: number;
  passes: number;
  params: GibbsParams;
  /** Scratch the size of the image, for draws not (yet) committed. */
  draft: Uint8Array;
}

/** The pixels a pass committed, their values already in the image, and their summed log-probability. */
interface Commit {
  pixels: number[];
  logProb: number;
}

/** How a progressive sampler picks what each pass commits (`order`: how it first lines the hole up). */
interface CommitRule {
  order?: (unknown: number[], c: Chain, chain: number) => void;
  commit: (pass: Pass) => Commit;
}

/** Indices of the `k` largest scores, ties to the lower index (so also for −∞ scores, never by NaN). */
function topIndices(scores: ArrayLike<number>, k: number): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order.slice(0, k);
}

/** A standard Gumbel draw from a uniform u ∈ [0, 1) (u = 0 taken as the smallest double, not −∞). */
const gumbel = (u: number): number => -Math.log(-Math.log(u || Number.MIN_VALUE));

/** Draws the chosen unknown pixels into the image, in the order given. */
function drawInto(pass: Pass, indices: readonly number[]): Commit {
  const pixels = indices.map((i) => pass.unknown[i]!);
  const logProb = pixels.reduce((sum, p) => sum + resamplePixel(pass.c, pass.logits, pass.chain, p), 0);
  return { pixels, logProb };
}

/**
 * MaskGIT's rule (docs/algorithm.md §5.2): draw every unknown pixel, score each draw by its
 * log-probability plus Gumbel noise scaled by the annealed choice temperature, keep the `count`
 * best and forget the rest (they stay unknown for the next pass).
 */
const CONFIDENCE: CommitRule = {
  commit(pass) {
    const { c, chain, unknown, draft } = pass;
    const rng = c.rngs[chain]!;
    const noise = choiceNoise(pass.t, pass.passes, pass.params.choiceTemperature);
    const logProbs = unknown.map((p) => resamplePixel(c, pass.logits, chain, p, draft));
    const scores = logProbs.map((lp) => lp + (noise > 0 ? noise * gumbel(rng.next()) : 0));
    const kept = topIndices(scores, pass.count);
    const pixels = kept.map((i) => unknown[i]!);
    for (const p of pixels) {
      const at = valueIndex(c, chain, p);
      c.x.set(draft.subarray(at, at + c.shape.channels), at);
    }
    return { pixels, logProb: kept.reduce((sum, i) => sum + logProbs[i]!, 0) };
  },
};

/**
 * The source code's greedy and antigreedy orders (docs/algorithm.md §5.3): commit the `count`
 * unknown pixels whose conditionals have the lowest (or highest) entropy, summed over channels.
 */
const ENTROPY: CommitRule = {
  commit(pass) {
    const { c, logits, chain, unknown } = pass;
    const { channels: C, levels: K } = c.shape;
    const sign = pass.params.entropyOrder === 'lowest' ? -1 : 1;
    const scores = unknown.map((p) => {
      let entropy = 0;
      for (let ch = 0; ch < C; ch++) entropy += categoricalEntropy(logits, (valueIndex(c, chain, p) + ch) * K, K);
      return sign * entropy;
    });
    return drawInto(pass, topIndices(scores, pass.count));
  },
};

/** A random order fixed at the start, `count` pixels of it per pass (docs/algorithm.md §5.4). */
const RANDOM_ORDER: CommitRule = {
  order: (unknown, c, chain) => shuffleInPlace(unknown, c.rngs[chain]!),
  commit: (pass) => drawInto(pass, Array.from({ length: pass.count }, (_, i) => i)),
};

/**
 * The progressive loop (docs/algorithm.md §5): the hole starts unknown to the model (level 0 on
 * screen); pass t runs the model once and commits revealCounts(…)[t] pixels per chain by `rule`;
 * after P passes every hole pixel is committed, then `refine` annealed Gibbs steps follow.
 * Checks `signal` once per pass; a pass commits all its pixels or none.
 */
async function progressiveFill(
  predict: Predict,
  start: LevelImage,
  mask: HoleMask,
  params: GibbsParams,
  { rngs, signal, onInit, onStep }: GibbsOptions,
  rule: CommitRule,
): Promise<GibbsResult> {
  const c = createChain(predict, start, mask, params.temperature, rngs);
  const size = c.hole.length;
  const passes = fillPasses(params, size);
  const steps = stepCount(params, size);
  const result = (stepsDone: number, cancelled: boolean): GibbsResult => ({ image: c.x, stepsDone, steps, cancelled });
  if (size === 0) return result(0, false);
  if (signal?.aborted) return result(0, true);

  const unknown = rngs.map((_, b) => {
    for (const p of c.hole) {
      const at = valueIndex(c, b, p);
      c.x.fill(0, at, at + c.shape.channels);
      setKnown(c, b, p, 0);
    }
    const order = Array.from(c.hole);
    rule.order?.(order, c, b);
    return order;
  });
  const init = takeFrame(c);
  onInit?.(init.image, init.maps);

  const counts = revealCounts(size, passes, params.plan);
  const draft = new Uint8Array(c.x.length);
  for (let t = 0; t < passes; t++) {
    await yieldToEventLoop();
    if (signal?.aborted) return result(t, true);
    const logits = await forward(c);
    const commits = unknown.map((list, chain) => rule.commit({ c, logits, chain, unknown: list, count: counts[t]!, t, passes, params, draft }));
    commits.forEach(({ pixels }, b) => {
      pixels.forEach((p) => setKnown(c, b, p, 1));
      const committed = new Set(pixels);
      unknown[b] = unknown[b]!.filter((p) => !committed.has(p));
    });
    onStep?.({
      n: t,
      steps,
      alpha: counts[t]! / size,
      blockSize: commits.map(({ pixels }) => pixels.length),
      meanLogProb: commits.map(({ pixels, logProb }) => logProb / (pixels.length * c.shape.channels)),
      ...takeFrame(c),
    });
  }
  const refined = await gibbsSteps(c, params, { first: passes, count: params.refine, total: steps }, { signal, onStep });
  return result(passes + refined, refined < params.refine);
}

/** Confidence re-masking (Chang et al. 2022, MaskGIT) over a budget of passes. */
export const confidenceFill: Sampler = (predict, start, mask, params, options) => progressiveFill(predict, start, mask, params, options, CONFIDENCE);

/** Entropy order, greedy or antigreedy (the source post's code), k pixels per pass from the budget. */
export const entropyFill: Sampler = (predict, start, mask, params, options) => progressiveFill(predict, start, mask, params, options, ENTROPY);

/** Budgeted ancestral sampling (Hoogeboom et al. 2022, ARDM): a random order, a planned number of pixels per pass. */
export const budgetedAncestral: Sampler = (predict, start, mask, params, options) => progressiveFill(predict, start, mask, params, options, RANDOM_ORDER);
