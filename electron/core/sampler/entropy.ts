/**
 * Entropy in nats of the model's (untempered) categorical over the K logits at `offset`:
 * log Z − Σ e^d·d / Z with d = logit − max. Levels of probability 0 add nothing; a row with no
 * finite logit has entropy 0.
 */
export function categoricalEntropy(logits: Float32Array, offset: number, K: number): number {
  let max = -Infinity;
  for (let j = 0; j < K; j++) max = Math.max(max, logits[offset + j]!);
  if (!Number.isFinite(max)) return 0;
  let z = 0;
  let weighted = 0;
  for (let j = 0; j < K; j++) {
    const d = logits[offset + j]! - max;
    const e = Math.exp(d);
    z += e;
    if (e > 0) weighted += e * d;
  }
  return Math.log(z) - weighted / z;
}
