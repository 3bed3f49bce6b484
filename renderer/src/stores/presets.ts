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

  const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
  /** Names are how presets are picked: a second one of the same name is refused. */
  function refuseTakenName(name: string, except: string | null = null): void {
    const taken = all.value.find((p) => p.id !== except && sameName(p.name, name));
    if (taken) throw new Error(`A preset named “${taken.name}” already exists: pick another name.`);
  }

  async function saveAs(name: string, params: PresetParams): Promise<Preset> {
    refuseTakenName(name);
    const preset: Preset = { id: newPresetId(), name: name.trim(), params: presetParamsOf(params) };
    await apply({ op: 'add', presets: [preset] });
    return preset;
  }

  async function rename(id: string, name: string): Promise<void> {
    refuseTakenName(name, id);
    await apply({ op: 'rename', id, name: name.trim() });
  }

  async function remove(id: string): Promise<void> {
    await apply({ op: 'delete', id });
  }

  /**
   * Adds the presets of a JSON file under fresh ids. One already here (same name, same knobs) is
   * skipped, so importing a file twice adds nothing; a new one whose name is taken gets "(2)", "(3)"….
   */
  async function importJson(text: string): Promise<{ added: number; skipped: number }> {
    const incoming: Preset[] = [];
    for (const p of parsePresetJson(text)) {
      const known = [...all.value, ...incoming];
      if (known.some((q) => sameName(q.name, p.name) && sameKnobs(q.params, p.params))) continue;
      incoming.push({ ...p, id: newPresetId(), name: freeName(p.name, known) });
    }
    if (incoming.length > 0) await apply({ op: 'add', presets: incoming });
    return { added: incoming.length, skipped: parsePresetJson(text).length - incoming.length };
  }

  const sameKnobs = (a: PresetParams, b: PresetParams) => JSON.stringify(presetParamsOf(a)) === JSON.stringify(presetParamsOf(b));
  function freeName(name: string, known: readonly Preset[]): string {
    let candidate = name;
    for (let n = 2; known.some((q) => sameName(q.name, candidate)); n++) candidate = `${name.slice(0, 74)} (${n})`;
    return candidate;
  }

  const exportJson = (): string => presetsToJson(user.value);

  return { user, problem, loaded, builtIns, all, isBuiltIn, find, load, saveAs, rename, remove, importJson, exportJson };
});
