import { annealedGibbs, type Sampler } from './gibbs';
import type { SamplerKind } from './params';
import { budgetedAncestral, confidenceFill, entropyFill } from './progressive';

const SAMPLER_FUNCTIONS: Record<SamplerKind, Sampler> = {
  gibbs: annealedGibbs,
  confidence: confidenceFill,
  entropy: entropyFill,
  'ancestral-budget': budgetedAncestral,
};

/** Runs the sampler `params.sampler` names: every one takes the same arguments and emits the same records. */
export const runSampler: Sampler = (predict, start, mask, params, options) => SAMPLER_FUNCTIONS[params.sampler](predict, start, mask, params, options);
