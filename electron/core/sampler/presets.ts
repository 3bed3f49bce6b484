import { DEFAULT_PARAMS, type GibbsParams } from './params';

/** The knobs a preset stores: temperature, the α schedule and the step budget. */
export type PresetParams = Pick<GibbsParams, 'temperature' | 'alphaMax' | 'alphaMin' | 'eta' | 'steps'>;

export interface Preset {
  id: string;
  name: string;
  params: PresetParams;
}

const coconet: Preset = {
  id: 'coconet',
  name: 'Coconet default',
  params: {
    temperature: DEFAULT_PARAMS.temperature,
    alphaMax: DEFAULT_PARAMS.alphaMax,
    alphaMin: DEFAULT_PARAMS.alphaMin,
    eta: DEFAULT_PARAMS.eta,
    steps: null,
  },
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

export const BUILT_IN_PRESETS: readonly Preset[] = Object.freeze([coconet, ...postSweep]);

export function findBuiltInPreset(id: string): Preset | undefined {
  return BUILT_IN_PRESETS.find((p) => p.id === id);
}
