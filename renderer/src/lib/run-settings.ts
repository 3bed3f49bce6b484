/** A run's settings in words, for the run list: the sampler, the knobs it reads, the seed. */
import type { GibbsParams } from '../../../electron/core/sampler/params';

const steps = (p: GibbsParams) => (p.steps === null ? 'auto' : String(p.steps));

/** The knobs `params.sampler` reads (docs/algorithm.md §8), in the order the panel shows them. */
export function paramsSummary(p: GibbsParams): string {
  const anneal = `α ${p.alphaMax}→${p.alphaMin} · η ${p.eta}`;
  const common = `T ${p.temperature}`;
  switch (p.sampler) {
    case 'gibbs':
      return `gibbs · ${common} · ${anneal} · ${steps(p)} steps · ${p.init} start · ${p.blockSampler} blocks`;
    case 'confidence':
      return `confidence · ${common} · ${steps(p)} passes · ${p.plan} plan · choice T ${p.choiceTemperature}${refine(p, anneal)}`;
    case 'entropy':
      return `entropy (${p.entropyOrder} first) · ${common} · ${steps(p)} passes · ${p.plan} plan${refine(p, anneal)}`;
    case 'ancestral-budget':
      return `ancestral-budget · ${common} · ${steps(p)} passes · ${p.plan} plan${refine(p, anneal)}`;
  }
}

const refine = (p: GibbsParams, anneal: string) => (p.refine > 0 ? ` · refine ${p.refine} (${anneal})` : '');

/** The default graph (fp32, model.onnx) goes unsaid; an int8 run says so, as it would not repeat on fp32. */
export const runSummary = (run: { params: GibbsParams; seed: number; chains: number; precision?: string }): string =>
  `${paramsSummary(run.params)} · seed ${run.seed}${run.chains > 1 ? ` · ${run.chains} chains` : ''}${run.precision === 'int8' ? ' · int8 graph' : ''}`;
