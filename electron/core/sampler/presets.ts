import { DEFAULT_PARAMS, type GibbsParams } from './params';

/** The knobs a preset stores: temperature, the α schedule and the step budget. */
export type PresetParams = Pick<GibbsParams, 'temperature' | 'alphaMax' | 'alphaMin' | 'eta' | 'steps'>;

export interface Preset {
  id: string;
  name: string;
  params: PresetParams;
}

const { temperature, alphaMax, alphaMin, eta, steps } = DEFAULT_PARAMS;

/** The app's defaults (DEFAULT_PARAMS), so a user can get back to them. */
export const DEFAULT_PRESET: Preset = {
  id: 'default',
  name: 'Default',
  params: { temperature, alphaMax, alphaMin, eta, steps },
};

/** Huang et al. 2017's annealing, which the post started from. */
const coconet: Preset = {
  id: 'coconet',
  name: 'Coconet default',
  params: { temperature: 0.99, alphaMax: 0.9, alphaMin: 0.1, eta: 0.7, steps: null },
};

/** The source post's table: α_max = 0.5, T ∈ {1, 0.1} × α_min ∈ {0.1, 0.001, 0.00001} × η ∈ {0.1, 0.001}. */
const postSweep: Preset[] = [1, 0.1].flatMap((temperature) =>
  [0.1, 0.001, 0.00001].flatMap((alphaMin) =>
    [0.1, 0.001].map((eta) => ({
      id: `post-t${temperature}-amin${alphaMin}-eta${eta}`,
      name: `Post: T ${temperature}, α_min ${alphaMin}, η ${eta}`,
      params: { temperature, alphaMax: 0.5, alphaMin, eta, steps: null },
    })),
  ),
);

export const BUILT_IN_PRESETS: readonly Preset[] = Object.freeze([DEFAULT_PRESET, coconet, ...postSweep]);

export function findBuiltInPreset(id: string): Preset | undefined {
  return BUILT_IN_PRESETS.find((p) => p.id === id);
}
