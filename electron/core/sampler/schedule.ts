/** The knobs of Yao et al.'s truncated linear annealing schedule. */
export interface AnnealSchedule {
  alphaMax: number;
  alphaMin: number;
  eta: number;
}

/**
 * Probability of resampling each hole pixel at Gibbs step n of N (Yao et al. 2014,
 * docs/algorithm.md §2.1): α_n = max(α_min, α_max − (n/N) · (α_max − α_min) / η).
 * η = 1 falls linearly over the whole chain; η < 1 reaches α_min after η·N steps and stays there.
 */
export function yaoSchedule(n: number, N: number, { alphaMax, alphaMin, eta }: AnnealSchedule): number {
  // divide last: a tiny η then overflows the drop to +∞ (→ α_min), never 0·∞ = NaN at n = 0
  const drop = ((n / N) * (alphaMax - alphaMin)) / eta;
  return Math.max(alphaMin, alphaMax - drop);
}

/** How the progressive samplers spread a hole over their passes (docs/algorithm.md §5.1). */
export const REVEAL_PLANS = ['cosine', 'linear'] as const;
export type RevealPlan = (typeof REVEAL_PLANS)[number];

/**
 * The share of the hole still unknown once a fraction r ∈ [0, 1] of the passes is done:
 * cos(πr/2) (MaskGIT: few pixels in the first passes, when little is known, many in the last),
 * or 1 − r (the same number every pass).
 */
export function unknownShare(r: number, plan: RevealPlan): number {
  return plan === 'cosine' ? Math.cos((Math.PI / 2) * r) : 1 - r;
}

/**
 * How many hole pixels each of `passes` passes commits: after pass t, ⌊size · unknownShare((t+1)/P)⌋
 * stay unknown, held to at least one pixel per pass and none left after the last. Needs
 * 1 ≤ passes ≤ size.
 */
export function revealCounts(size: number, passes: number, plan: RevealPlan): number[] {
  if (!(Number.isInteger(passes) && passes >= 1 && passes <= size)) throw new RangeError(`revealCounts: ${passes} passes for ${size} pixels`);
  const counts: number[] = [];
  let unknown = size;
  for (let t = 0; t < passes; t++) {
    const passesLeft = passes - 1 - t;
    const target = Math.floor(size * unknownShare((t + 1) / passes, plan) + 1e-9); // 100 · (1 − 8/10) is 19.999…
    const after = Math.min(unknown - 1, Math.max(passesLeft, t === passes - 1 ? 0 : target));
    counts.push(unknown - after);
    unknown = after;
  }
  return counts;
}

/**
 * The confidence sampler's Gumbel-noise scale at pass t of P: τ · (1 − (t+1)/P), MaskGIT's
 * linear anneal, so the order is partly random early and purely by confidence at the last pass.
 */
export function choiceNoise(t: number, passes: number, choiceTemperature: number): number {
  return choiceTemperature * (1 - (t + 1) / passes);
}
