import * as v from 'valibot';
import { alphaOrdered, BASELINE_PARAMS, DEFAULT_PARAMS, objectMessage, paramEntries, paramSchema, type GibbsParams } from './params';
import { POST_SWEEP, sweepRows } from './sweep';

/** The knobs a preset stores: the sampler and its knobs, not how a run starts (init, block sampler). */
export const PRESET_KEYS = ['sampler', 'temperature', 'alphaMax', 'alphaMin', 'eta', 'steps', 'plan', 'choiceTemperature', 'entropyOrder', 'refine'] as const;
export type PresetParams = Pick<GibbsParams, (typeof PRESET_KEYS)[number]>;

export interface Preset {
  id: string;
  name: string;
  params: PresetParams;
}

/** The preset knobs of a set of parameters (a copy). */
export function presetParamsOf(params: PresetParams): PresetParams {
  return Object.fromEntries(PRESET_KEYS.map((key) => [key, params[key]])) as unknown as PresetParams;
}

/** A preset's knobs, every one given: what the app saves. */
export const PresetParamsSchema = v.pipe(
  v.strictObject(paramEntries(PRESET_KEYS), objectMessage) as unknown as v.GenericSchema<unknown, PresetParams>,
  alphaOrdered<PresetParams>(),
);

/** The knobs every presets file has held; a preset saved before the sampler knobs existed lacks the others. */
const FIRST_PRESET_KEYS = new Set<keyof GibbsParams>(['temperature', 'alphaMax', 'alphaMin', 'eta', 'steps']);

/**
 * What a missing knob meant when its preset was saved: the baseline's, the defaults of the time
 * (before the `sampler` knob every preset was annealed Gibbs, with no refinement).
 */
const MISSING_KNOBS: PresetParams = presetParamsOf(BASELINE_PARAMS);

/** A preset's knobs as a presets file holds them: older files' missing knobs as they meant, newer versions' fields passed through. */
export const StoredPresetParamsSchema = v.pipe(
  v.looseObject(
    paramEntries(PRESET_KEYS, (key) => (FIRST_PRESET_KEYS.has(key) ? paramSchema(key) : v.optional(paramSchema(key), MISSING_KNOBS[key]))),
    objectMessage,
  ) as unknown as v.GenericSchema<unknown, PresetParams & Record<string, unknown>>,
  alphaOrdered<PresetParams & Record<string, unknown>>(),
);

/** The published samplers' presets: the baseline's knobs (T 0.7, no refinement) but `overrides`. */
const knobs = (overrides: Partial<PresetParams>): PresetParams => ({ ...presetParamsOf(BASELINE_PARAMS), ...overrides });

/** The app's defaults (DEFAULT_PARAMS), so a user can get back to them. */
export const DEFAULT_PRESET: Preset = { id: 'default', name: 'Default', params: presetParamsOf(DEFAULT_PARAMS) };

/** Annealed Gibbs, the post's sampler, at one step per hole pixel, T 0.7: the app's default until issue 20's study (BASELINE_PARAMS). */
const gibbs: Preset = { id: 'gibbs', name: 'Annealed Gibbs, one step per hole pixel', params: knobs({}) };

/**
 * Session 17's default, the lowest entropy first then 16 Gibbs steps at T 0.5: as likely as the
 * default on the study's emoji, with a third of its off-palette pixels and less variety between
 * chains, but it can empty a figure's interior to background (docs/algorithm.md §11.2).
 */
const flatColours: Preset = {
  id: 'flat-colours',
  name: 'Flat colours: lowest entropy first, then 16 Gibbs steps',
  params: knobs({ sampler: 'entropy', entropyOrder: 'lowest', steps: null, temperature: 0.5, refine: 16 }),
};

/** Huang et al. 2017's annealing, which the post started from. */
const coconet: Preset = { id: 'coconet', name: 'Coconet default', params: knobs({ temperature: 0.99, alphaMax: 0.9, alphaMin: 0.1, eta: 0.7 }) };

/** The source post's table, one preset per row of POST_SWEEP (annealed Gibbs whatever the default). */
const postSweep: Preset[] = sweepRows(BASELINE_PARAMS, POST_SWEEP).map(({ params }) => ({
  id: `post-t${params.temperature}-amin${params.alphaMin}-eta${params.eta}`,
  name: `Post: T ${params.temperature}, α_min ${params.alphaMin}, η ${params.eta}`,
  params: presetParamsOf(params),
}));

/** The progressive samplers as published, at the auto budget (docs/algorithm.md §5), so the picker reaches them. */
const progressive: Preset[] = [
  { id: 'confidence', name: 'Confidence (MaskGIT), auto passes', params: knobs({ sampler: 'confidence', steps: null }) },
  { id: 'entropy-lowest', name: 'Lowest entropy first (greedy), auto passes', params: knobs({ sampler: 'entropy', entropyOrder: 'lowest', steps: null }) },
  { id: 'ancestral-budget', name: 'Budgeted ancestral (ARDM), auto passes', params: knobs({ sampler: 'ancestral-budget', steps: null }) },
];

export const BUILT_IN_PRESETS: readonly Preset[] = Object.freeze([DEFAULT_PRESET, gibbs, coconet, flatColours, ...postSweep, ...progressive]);

export function findBuiltInPreset(id: string): Preset | undefined {
  return BUILT_IN_PRESETS.find((p) => p.id === id);
}
