/**
 * `npm run study -- --baseline-from RUN.json`: the baseline (Gibbs at N = |hole|) is most of a
 * study's time (~1000 passes an emoji), and it does not change when a candidate default does. A
 * run records each row's per-image scores; a later run scored alike can pair its rows with that
 * run's baseline instead of running it again.
 */

/** How a run scored its fills: runs that agree on these score an image's fills alike. */
export interface ScoringSizes {
  chains: number;
  orderings: number;
  strata: number | 'exact';
}

/** The parts of a study's JSON that a later run pairs against. */
export interface StoredRun {
  command: string;
  sizes: ScoringSizes;
  results: {
    set: string;
    hole: string;
    images: number[];
    rows: { budget: number | 'hole' | 'auto'; perImage?: { index: number; logLikelihood: number }[] }[];
  }[];
}

/**
 * The stored baseline's mean log-likelihood for each of `images` (test indexes, in the order this
 * run takes them) of `set` and `hole`. Refused in one line unless the stored run scored alike:
 * the same chains, orderings and strata, and the same image at each position (the chains' seeds
 * and the scoring orderings follow an image's position in the run).
 */
export function storedBaselines(run: StoredRun, sizes: ScoringSizes, set: string, hole: string, images: readonly number[]): number[] {
  const from = `--baseline-from (${run.command})`;
  for (const key of ['chains', 'orderings', 'strata'] as const) {
    if (run.sizes[key] !== sizes[key]) throw new Error(`${from}: it used ${key} ${run.sizes[key]}, this run ${sizes[key]}; the fills would not be scored alike`);
  }
  const part = run.results.find((p) => p.set === set && p.hole === hole);
  const perImage = part?.rows.find((r) => r.budget === 'hole')?.perImage;
  if (!part || !perImage) throw new Error(`${from}: no per-image baseline for ${set} ${hole} (runs before per-image scores were recorded cannot be paired)`);
  return images.map((index, position) => {
    const stored = perImage[position];
    if (stored?.index !== index) throw new Error(`${from}: ${set} ${hole} image ${position + 1} is test index ${index} here but ${stored ? stored.index : 'missing'} there`);
    return stored.logLikelihood;
  });
}
