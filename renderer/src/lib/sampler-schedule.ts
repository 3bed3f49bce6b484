/** What the sampler panel says and plots about the next run's budget, per sampler (docs/algorithm.md §2.1, §4, §5.1). */
import { AUTO_PASSES, fillPasses } from '../../../electron/core/sampler/budget';
import type { GibbsParams } from '../../../electron/core/sampler/params';
import { revealCounts, yaoSchedule } from '../../../electron/core/sampler/schedule';

type ScheduleParams = Pick<GibbsParams, 'sampler' | 'steps' | 'plan' | 'refine' | 'alphaMax' | 'alphaMin' | 'eta'>;

/** The hint under the Steps field: what auto or the number typed means for this sampler and hole. */
export function stepsHint(params: ScheduleParams, holeSize: number): string {
  const refine = params.sampler !== 'gibbs' && params.refine > 0 ? ` + ${params.refine} refine` : '';
  if (params.sampler === 'gibbs') return params.steps === null ? `auto: one step per hole pixel (${holeSize})` : `${params.steps} steps`;
  const passes = fillPasses(params, holeSize);
  if (params.steps === null) return `auto: ${passes} passes${passes < AUTO_PASSES ? ` (one per hole pixel)` : ''}${refine}`;
  return params.steps > holeSize ? `${passes} passes (cut to one per hole pixel)${refine}` : `${passes} passes${refine}`;
}

/** The panel's mini plot: Gibbs's α_n over its N steps, or the pixels a progressive sampler commits per pass. */
export interface SchedulePlot {
  title: string;
  /** What the plot's right end says (α_max → α_min, or the first and last pass's counts). */
  range: string;
  values: number[];
  yRange: [number, number];
}

/** At most `points` values, sampled evenly over the run (the plot is 300 px wide). */
export function schedulePlot(params: ScheduleParams, holeSize: number, points = 400): SchedulePlot {
  const size = Math.max(1, holeSize);
  if (params.sampler === 'gibbs') {
    const N = params.steps ?? size;
    const length = Math.min(N, points);
    return {
      title: `α schedule over N = ${N}`,
      range: `${params.alphaMax} → ${params.alphaMin}`,
      values: Array.from({ length }, (_, i) => yaoSchedule((i * N) / length, N, params)),
      yRange: [0, 1],
    };
  }
  const passes = fillPasses(params, size);
  const counts = revealCounts(size, passes, params.plan);
  const stride = Math.max(1, Math.ceil(passes / points));
  const values = counts.filter((_, t) => t % stride === 0);
  const refine = params.refine > 0 ? `, then ${params.refine} Gibbs steps` : '';
  return {
    title: `pixels committed per pass over P = ${passes} (${params.plan})${refine}`,
    range: `${counts[0]} → ${counts[passes - 1]}`,
    values,
    yRange: [0, Math.max(...counts)],
  };
}
