import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { BrokenModel, ModelEntry } from '../../../electron/core/ipc/contract';
import type { LoadedInfo } from '../../../electron/core/job/protocol';
import type { Precision } from '../../../electron/core/model/card';
import { DEFAULT_MODEL_ID } from '../../../electron/core/model/default-model';
import { api } from '../lib/api';

/**
 * The model library (bundled, the user's and added folders, and the folders that do not load),
 * the one loaded in the sampler, and its card. Models are named by folder: two sources may hold
 * the same id. Changes to the library go to main, then the list is fetched again.
 */
export const useModelsStore = defineStore('models', () => {
  const models = shallowRef<ModelEntry[]>([]);
  const broken = shallowRef<BrokenModel[]>([]);
  /** What the user must know about the list of added folders, or null. */
  const problem = ref<string | null>(null);
  const userRoot = ref<string | null>(null);
  const selectedDir = ref<string | null>(null);
  const loaded = shallowRef<LoadedInfo | null>(null);
  const loadedDir = ref<string | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** The user's choice of graph (a setting): int8 loads only for a model whose card has that variant. */
  const precision = ref<Precision>('fp32');

  const entry = computed(() => models.value.find((m) => m.dir === selectedDir.value) ?? null);
  /** The selected model's id (its folder's name): what exports record. */
  const selectedId = computed(() => entry.value?.id ?? null);
  const card = computed(() => (loadedDir.value === selectedDir.value && loaded.value ? loaded.value.card : (entry.value?.card ?? null)));
  const samples = computed(() => entry.value?.samples ?? []);
  const ready = computed(() => !loading.value && loaded.value !== null && loadedDir.value === selectedDir.value);
  /** Whether the selected model offers the int8 graph (the setting is only enabled then). */
  const hasInt8 = computed(() => entry.value?.card.variants.int8 !== undefined);

  /**
   * Lists the library again; keeps the selection where it still exists, else selects `preferred`
   * (the last session's model folder) when it is listed, else the default.
   */
  async function refresh(preferred: string | null = null): Promise<void> {
    const list = await api().invoke('models:list', undefined);
    models.value = list.models;
    broken.value = list.broken;
    problem.value = list.problem;
    userRoot.value = list.userRoot;
    if (selectedDir.value && models.value.some((m) => m.dir === selectedDir.value)) return;
    const initial =
      models.value.find((m) => m.dir === preferred) ?? models.value.find((m) => m.source === 'bundled' && m.id === DEFAULT_MODEL_ID) ?? models.value[0];
    if (initial) await select(initial.dir);
    else selectedDir.value = null;
  }

  async function select(dir: string): Promise<void> {
    selectedDir.value = dir;
    loading.value = true;
    error.value = null;
    try {
      const card = models.value.find((m) => m.dir === dir)?.card;
      loaded.value = await api().invoke('model:load', { dir, precision: card?.variants.int8 ? precision.value : 'fp32' });
      loadedDir.value = dir;
    } catch (e) {
      error.value = (e as Error).message;
      loaded.value = null;
      loadedDir.value = null;
    } finally {
      loading.value = false;
    }
  }

  /** Sets the graph preference; the selected model loads again where that changes its graph. */
  async function setPrecision(value: Precision): Promise<void> {
    precision.value = value;
    const dir = selectedDir.value;
    if (dir && hasInt8.value && loaded.value?.precision !== value) await select(dir);
  }

  /** Asks for a folder and adds it; selects it. False when the user cancelled. */
  async function addFolder(): Promise<boolean> {
    const added = await api().invoke('models:add', undefined);
    if (!added) return false;
    await refresh();
    await select(added.dir);
    return true;
  }

  /** Renames one of the user's models; the selection follows it (loaded again: its card's id changed). */
  async function rename(dir: string, name: string): Promise<void> {
    const renamed = await api().invoke('models:rename', { dir, name });
    const wasSelected = selectedDir.value === dir;
    if (wasSelected) selectedDir.value = renamed.dir;
    await refresh();
    if (wasSelected) await select(renamed.dir);
  }

  /** Deletes one of the user's models or forgets an added folder (the caller asked the user). */
  async function remove(dir: string): Promise<void> {
    await api().invoke('models:remove', { dir });
    await refresh();
  }

  const reveal = (dir: string) => api().invoke('models:reveal', { dir });

  return { models, broken, problem, userRoot, selectedDir, selectedId, loaded, loadedDir, loading, error, precision, entry, card, samples, ready, hasInt8, refresh, select, setPrecision, addFolder, rename, remove, reveal };
});
