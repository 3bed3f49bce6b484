import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { APP_CHAINS_FIELD, DEFAULT_PARAMS, fieldProblem, PARAM_FIELDS, PARAM_NAMES, type GibbsParams } from '../../../electron/core/sampler/params';
import { DEFAULT_PRESET, type Preset } from '../../../electron/core/sampler/presets';
import { randomSeed } from '../../../electron/core/sampler/rng';

/** The knobs' names as the panel shows them. */
const LABELS: Partial<Record<keyof GibbsParams, string>> = { temperature: 'Temperature T', alphaMax: 'α_max', alphaMin: 'α_min', eta: 'η', steps: 'Steps N' };
export type Knob = keyof GibbsParams | 'chains';

/** The knobs of the next run: sampler parameters, seed (lockable) and number of chains. */
export const useSettingsStore = defineStore('settings', () => {
  const params = ref<GibbsParams>({ ...DEFAULT_PARAMS });
  const presetId = ref<string | null>(DEFAULT_PRESET.id);
  const presetName = ref(DEFAULT_PRESET.name);
  const seed = ref(randomSeed());
  const seedLocked = ref(false);
  const chains = ref(1);

  /** What is wrong with each knob, by the core's rules, in the panel's words; empty when the next run can start. */
  const problems = computed(() => {
    const out: Partial<Record<Knob, string>> = {};
    for (const key of PARAM_NAMES) {
      const problem = fieldProblem(LABELS[key] ?? key, PARAM_FIELDS[key], params.value[key]);
      if (problem) out[key] = problem;
    }
    const { alphaMin, alphaMax } = params.value;
    if (!out.alphaMin && !out.alphaMax && alphaMin > alphaMax) out.alphaMin = `α_min (${alphaMin}) must not be above α_max (${alphaMax})`;
    const chainsProblem = fieldProblem('Chains', APP_CHAINS_FIELD, chains.value);
    if (chainsProblem) out.chains = chainsProblem;
    return out;
  });

  function applyPreset(preset: Preset): void {
    params.value = { ...params.value, ...preset.params };
    presetId.value = preset.id;
    presetName.value = preset.name;
  }

  /** Editing a knob by hand detaches the settings from the preset they came from. */
  function setParam<K extends keyof GibbsParams>(key: K, value: GibbsParams[K]): void {
    params.value = { ...params.value, [key]: value };
    detachPreset();
  }

  /** The knobs are no preset's any more: the picker says Custom. */
  function detachPreset(): void {
    presetId.value = null;
    presetName.value = 'Custom';
  }

  function randomise(): void {
    seed.value = randomSeed();
  }

  /** The seed for the next run: a fresh one unless the user locked it. */
  function seedForRun(): number {
    if (!seedLocked.value) randomise();
    return seed.value;
  }

  /**
   * "Use these settings": a run's sampler, knobs, seed and chains back in the panel, the seed
   * locked so the next Inpaint on the same region repeats the run.
   */
  function recallRun(run: { params: GibbsParams; seed: number; chains: number; label: string }): void {
    params.value = { ...run.params };
    seed.value = run.seed;
    seedLocked.value = true;
    chains.value = run.chains;
    presetId.value = null;
    presetName.value = run.label.split(' ← ')[0]!; // a branch's label names its parent after the arrow
  }

  return { params, presetId, presetName, seed, seedLocked, chains, problems, applyPreset, setParam, detachPreset, randomise, seedForRun, recallRun };
});
