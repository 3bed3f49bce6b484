import type { Predict } from '../../electron/core/sampler/predict';
import { createRng, shuffleInPlace } from '../../electron/core/sampler/rng';

/**
 * The study's score of a completed hole: its log-likelihood under the model given the pixels
 * outside it, log p(x_hole | x_context), by the NADE chain rule over fixed random orderings of the
 * hole (docs/algorithm.md §1.1). The terms depend on the hole and a seed only, never on the
 * completion, so every sampler's fills are scored with the same passes.
 *
 * A term is one network pass: the context and the hole pixels in `prefix` are known, and
 * `weight · Σ_{i ∈ scored} log p(x_i | known)` is added (log p summed over a pixel's channels).
 */
export interface ScoreTerm {
  prefix: Int32Array;
  scored: Int32Array;
  weight: number;
}

/** `count` uniformly random orders of the hole's pixels, from `seed`. */
export function holeOrderings(hole: Int32Array, count: number, seed: number): Int32Array[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => {
    const order = Array.from(hole);
    shuffleInPlace(order, rng);
    return Int32Array.from(order);
  });
}

/**
 * The exact chain rule over each ordering σ, averaged over the orderings:
 * (1/|orderings|) Σ_σ Σ_j log p(x_σj | x_context, x_σ<j). One pass per hole pixel per ordering.
 */
export function exactTerms(orderings: readonly Int32Array[]): ScoreTerm[] {
  return orderings.flatMap((order) =>
    Array.from(order, (pixel, j) => ({ prefix: order.subarray(0, j), scored: Int32Array.of(pixel), weight: 1 / orderings.length })),
  );
}

/**
 * An unbiased estimate of the same average over orderings in `strata` passes per ordering: the
 * positions 0…n−1 are cut into `strata` equal runs; for each run one position j is drawn (seeded)
 * and the pass with σ<j known scores every unknown pixel, weighted by (run length)/(n − j): the
 * orderless training loss's estimator of Σ_j E[log p(x_σj | x_σ<j)] (docs/algorithm.md §1).
 * With strata = n it is exact in expectation term by term, and it reads n − j pixels a pass
 * where `exactTerms` reads one.
 */
export function stratifiedTerms(orderings: readonly Int32Array[], strata: number, seed: number): ScoreTerm[] {
  const rng = createRng(seed);
  return orderings.flatMap((order) => {
    const n = order.length;
    const runs = Math.min(strata, n);
    return Array.from({ length: runs }, (_, s) => {
      const [from, to] = [Math.floor((s * n) / runs), Math.floor(((s + 1) * n) / runs)];
      const j = from + rng.nextInt(to - from);
      return { prefix: order.subarray(0, j), scored: order.subarray(j), weight: (to - from) / (n - j) / orderings.length };
    });
  });
}

/** log p(level) under the K logits at `offset` (a stable log-softmax). */
export function logProbAt(logits: Float32Array, offset: number, K: number, level: number): number {
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, logits[offset + k]!);
  let z = 0;
  for (let k = 0; k < K; k++) z += Math.exp(logits[offset + k]! - max);
  return logits[offset + level]! - max - Math.log(z);
}

export interface ScoreShape {
  height: number;
  width: number;
  channels: number;
  levels: number;
}

/**
 * Each completion's score, Σ over `terms`, in nats. `completions` are H·W·C level images that
 * agree outside the hole; passes run `maxBatch` completions at a time.
 */
export async function holeLogLikelihoods(
  predict: Predict,
  shape: ScoreShape,
  completions: readonly Uint8Array[],
  hole: Int32Array,
  terms: readonly ScoreTerm[],
  maxBatch = 16,
): Promise<number[]> {
  const { height, width, channels: C, levels: K } = shape;
  const size = height * width * C;
  const scores = new Array<number>(completions.length).fill(0);
  for (let first = 0; first < completions.length; first += maxBatch) {
    const batch = completions.slice(first, first + maxBatch);
    const levels = new Uint8Array(batch.length * size);
    batch.forEach((image, b) => levels.set(image, b * size));
    for (const term of terms) {
      const known = knownMask(size, C, hole, term.prefix);
      const knownBatch = new Uint8Array(levels.length);
      for (let b = 0; b < batch.length; b++) knownBatch.set(known, b * size);
      const logits = await predict({ levels, known: knownBatch, batch: batch.length, height, width });
      for (let b = 0; b < batch.length; b++) {
        let sum = 0;
        for (const pixel of term.scored) {
          for (let ch = 0; ch < C; ch++) {
            const v = b * size + pixel * C + ch;
            sum += logProbAt(logits, v * K, K, levels[v]!);
          }
        }
        scores[first + b]! += term.weight * sum;
      }
    }
  }
  return scores;
}

/** Everything known but the hole pixels outside `prefix`. */
function knownMask(size: number, C: number, hole: Int32Array, prefix: Int32Array): Uint8Array {
  const known = new Uint8Array(size).fill(1);
  for (const p of hole) known.fill(0, p * C, p * C + C);
  for (const p of prefix) known.fill(1, p * C, p * C + C);
  return known;
}
