import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { BUILT_IN_PRESETS, type Preset, type PresetParams } from '../../../electron/core/sampler/presets';
import { api } from '../lib/api';
import { newPresetId, parsePresetJson, presetsToJson } from '../lib/preset-json';

/** Built-in presets plus the user's, persisted (atomically, by main) in user data. */
export const usePresetsStore = defineStore('presets', () => {
  const user = shallowRef<Preset[]>([]);
  const problem = ref<string | null>(null);
  const loaded = ref(false);

  const builtIns = BUILT_IN_PRESETS;
  const all = computed<readonly Preset[]>(() => [...builtIns, ...user.value]);
  const isBuiltIn = (id: string) => builtIns.some((p) => p.id === id);
  const find = (id: string) => all.value.find((p) => p.id === id);

  async function load(): Promise<void> {
    const state = await api().invoke('presets:load', undefined);
    user.value = state.presets;
    problem.value = state.problem;
    loaded.value = true;
  }

  /** Writes the whole list; on failure the in-memory list rolls back so UI and disk agree. */
  async function commit(next: Preset[]): Promise<void> {
    const previous = user.value;
    user.value = next;
    try {
      const saved = await api().invoke('presets:save', { presets: next.map((p) => ({ ...p, params: { ...p.params } })) });
      if (saved.problem) problem.value = saved.problem;
    } catch (error) {
      user.value = previous;
      throw error;
    }
  }

  async function saveAs(name: string, params: PresetParams): Promise<Preset> {
    const { temperature, alphaMax, alphaMin, eta, steps } = params;
    const preset: Preset = { id: newPresetId(), name: name.trim(), params: { temperature, alphaMax, alphaMin, eta, steps } };
    await commit([...user.value, preset]);
    return preset;
  }

  async function rename(id: string, name: string): Promise<void> {
    await commit(user.value.map((p) => (p.id === id ? { ...p, name: name.trim() } : p)));
  }

  async function remove(id: string): Promise<void> {
    await commit(user.value.filter((p) => p.id !== id));
  }

  /** Adds the presets of a JSON file under fresh ids; returns how many. */
  async function importJson(text: string): Promise<number> {
    const incoming = parsePresetJson(text).map((p) => ({ ...p, id: newPresetId() }));
    await commit([...user.value, ...incoming]);
    return incoming.length;
  }

  const exportJson = (): string => presetsToJson(user.value);

  return { user, problem, loaded, builtIns, all, isBuiltIn, find, load, saveAs, rename, remove, importJson, exportJson };
});
