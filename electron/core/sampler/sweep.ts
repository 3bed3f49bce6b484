import { PARAM_NAMES, type GibbsParams } from './params';

/** Values per parameter; the grid is every combination, axes nesting in PARAM_NAMES order (outermost first). */
export type SweepAxes = { readonly [K in keyof GibbsParams]?: readonly GibbsParams[K][] };

/**
 * The source post's table: annealed Gibbs at one step per hole pixel (named here, whatever the
 * app's default sampler is), T ∈ {1, 0.1} × α_max 0.5 × α_min ∈ {0.1, 0.001, 0.00001} × η ∈ {0.1, 0.001}.
 */
export const POST_SWEEP: SweepAxes = Object.freeze({
  sampler: ['gibbs'],
  temperature: [1, 0.1],
  alphaMax: [0.5],
  alphaMin: [0.1, 0.001, 0.00001],
  eta: [0.1, 0.001],
  steps: [null],
});

/** How a row names each axis's value (α_max and α_min share one `α 0.5→0.1`). */
const LABELS: { readonly [K in keyof GibbsParams]: (p: GibbsParams) => string } = {
  sampler: (p) => p.sampler,
  temperature: (p) => `T=${p.temperature}`,
  alphaMax: (p) => `α ${p.alphaMax}→${p.alphaMin}`,
  alphaMin: (p) => `α ${p.alphaMax}→${p.alphaMin}`,
  eta: (p) => `η=${p.eta}`,
  steps: (p) => `N=${p.steps ?? 'auto'}`,
  init: (p) => `init ${p.init}`,
  blockSampler: (p) => `${p.blockSampler} blocks`,
  plan: (p) => `${p.plan} plan`,
  choiceTemperature: (p) => `τ=${p.choiceTemperature}`,
  entropyOrder: (p) => `${p.entropyOrder} entropy first`,
  refine: (p) => `+${p.refine} Gibbs`,
};

export interface SweepRow {
  /** The swept values, e.g. `T=1 α 0.5→0.1 η=0.1`. */
  label: string;
  params: GibbsParams;
}

/**
 * One row per combination of the axes, the other parameters from `base`. A row's label names the
 * axes of several values (a one-value axis holds for every row, like the base); with none, every axis.
 */
export function sweepRows(base: GibbsParams, axes: SweepAxes): SweepRow[] {
  const keys = PARAM_NAMES.filter((key) => axes[key] !== undefined);
  let grid: GibbsParams[] = [base];
  for (const key of keys) grid = grid.flatMap((params) => axes[key]!.map((value) => ({ ...params, [key]: value })));
  const varying = keys.filter((key) => axes[key]!.length > 1);
  const labelled = varying.length > 0 ? varying : keys;
  return grid.map((params) => ({ params, label: [...new Set(labelled.map((key) => LABELS[key](params)))].join(' ') }));
}
