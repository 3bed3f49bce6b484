/** The knobs of Yao et al.'s truncated linear annealing schedule. */
export interface AnnealSchedule {
  alphaMax: number;
  alphaMin: number;
  eta: number;
}

/**
 * Probability of resampling each hole pixel at Gibbs step n of N (Yao et al. 2014):
 * α_n = max(α_min, α_max − (n/N) · (α_max − α_min) / η).
 * η = 1 falls linearly over the whole chain; η < 1 reaches α_min after η·N steps and stays there.
 */
export function yaoSchedule(n: number, N: number, { alphaMax, alphaMin, eta }: AnnealSchedule): number {
  // divide last: a tiny η then overflows the drop to +∞ (→ α_min), never 0·∞ = NaN at n = 0
  const drop = ((n / N) * (alphaMax - alphaMin)) / eta;
  return Math.max(alphaMin, alphaMax - drop);
}
