import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { BUILT_IN_PRESETS, presetParamsOf, type Preset, type PresetParams } from '../../../electron/core/sampler/presets';
import type { PresetChange } from '../../../electron/core/ipc/contract';
import { api } from '../lib/api';
import { newPresetId, parsePresetJson, presetsToJson } from '../lib/preset-json';

/** Built-in presets plus the user's, which main keeps in user data and changes by id. */
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

  /** Main applies the change to the file as it is now and answers the list it holds then. */
  async function apply(change: PresetChange): Promise<void> {
    const state = await api().invoke('presets:change', change);
    user.value = state.presets;
    if (state.problem) problem.value = state.problem;
  }

  async function saveAs(name: string, params: PresetParams): Promise<Preset> {
    const preset: Preset = { id: newPresetId(), name: name.trim(), params: presetParamsOf(params) };
    await apply({ op: 'add', presets: [preset] });
    return preset;
  }

  async function rename(id: string, name: string): Promise<void> {
    await apply({ op: 'rename', id, name: name.trim() });
  }

  async function remove(id: string): Promise<void> {
    await apply({ op: 'delete', id });
  }

  /** Adds the presets of a JSON file under fresh ids; returns how many. */
  async function importJson(text: string): Promise<number> {
    const incoming = parsePresetJson(text).map((p) => ({ ...p, id: newPresetId() }));
    await apply({ op: 'add', presets: incoming });
    return incoming.length;
  }

  const exportJson = (): string => presetsToJson(user.value);

  return { user, problem, loaded, builtIns, all, isBuiltIn, find, load, saveAs, rename, remove, importJson, exportJson };
});
