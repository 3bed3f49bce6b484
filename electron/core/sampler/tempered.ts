/**
 * Sampling from the tempered categorical p^(1/T) (SPEC §3: logits divided by T).
 * T = 0 is argmax with ties to the lowest index; T = 1 is the model; T → ∞ is uniform.
 * `logits` holds K values starting at `offset`; `u` is a uniform draw in [0, 1).
 */
export function temperedSample(logits: Float32Array, offset: number, K: number, T: number, u: number): number {
  let max = -Infinity;
  let argmax = 0;
  for (let k = 0; k < K; k++) {
    const l = logits[offset + k]!;
    if (l > max) {
      max = l;
      argmax = k;
    }
  }
  if (T === 0 || !Number.isFinite(max)) return argmax;
  const invT = 1 / T;
  let total = 0;
  for (let k = 0; k < K; k++) total += Math.exp((logits[offset + k]! - max) * invT);
  // inverse CDF: walk the unnormalised weights until they pass u · total
  let threshold = u * total;
  for (let k = 0; k < K; k++) {
    threshold -= Math.exp((logits[offset + k]! - max) * invT);
    if (threshold < 0) return k;
  }
  return argmax; // u·total fell into the rounding slack at the top end
}

/** log p(k) under the untempered model: the log-softmax of the K logits at `offset`. */
export function logSoftmaxAt(logits: Float32Array, offset: number, K: number, k: number): number {
  let max = -Infinity;
  for (let j = 0; j < K; j++) max = Math.max(max, logits[offset + j]!);
  let total = 0;
  for (let j = 0; j < K; j++) total += Math.exp(logits[offset + j]! - max);
  return logits[offset + k]! - max - Math.log(total);
}
