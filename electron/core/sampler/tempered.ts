/**
 * Sampling from the tempered categorical p^(1/T) (docs/algorithm.md §3: logits divided by T).
 * T = 0 is argmax with ties to the lowest index; T = 1 is the model; T → ∞ is uniform.
 */

/** Scratch for the tempered weights, grown to the largest K seen (the sampler is single-threaded). */
let weights = new Float64Array(256);

/**
 * One draw from p^(1/T) over the K logits at `offset`, given a uniform `u` in [0, 1), together
 * with log p(k) under the untempered model: the sampler needs both for every resampled value, and
 * exp() is its main cost, so both come from one pass.
 */
export function temperedSample(logits: Float32Array, offset: number, K: number, T: number, u: number): { k: number; logProb: number } {
  if (weights.length < K) weights = new Float64Array(K);
  let max = -Infinity;
  let argmax = 0;
  for (let j = 0; j < K; j++) {
    const l = logits[offset + j]!;
    if (l > max) {
      max = l;
      argmax = j;
    }
  }
  if (!Number.isFinite(max)) return { k: argmax, logProb: max > 0 ? 0 : -Infinity }; // a degenerate row: no NaN
  const invT = T === 0 ? 0 : 1 / T;
  let model = 0; // Σ exp(l − max): the untempered normaliser
  let tempered = 0; // Σ exp((l − max) / T)
  for (let j = 0; j < K; j++) {
    const d = logits[offset + j]! - max;
    const e = Math.exp(d);
    model += e;
    const w = T === 1 ? e : T === 0 ? 0 : Math.exp(d * invT);
    weights[j] = w;
    tempered += w;
  }
  let k = argmax;
  if (T !== 0) {
    let threshold = u * tempered;
    for (let j = 0; j < K; j++) {
      threshold -= weights[j]!;
      if (threshold < 0) {
        k = j;
        break;
      }
    }
  }
  return { k, logProb: logits[offset + k]! - max - Math.log(model) };
}
