import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { BrokenModel, ModelEntry } from '../../../electron/core/ipc/contract';
import type { LoadedInfo } from '../../../electron/core/job/protocol';
import { DEFAULT_MODEL_ID } from '../../../electron/core/model/default-model';
import { api } from '../lib/api';

/** The bundled models (and the folders that do not load), the one loaded in the sampler, and its card. */
export const useModelsStore = defineStore('models', () => {
  const models = shallowRef<ModelEntry[]>([]);
  const broken = shallowRef<BrokenModel[]>([]);
  const selectedId = ref<string | null>(null);
  const loaded = shallowRef<LoadedInfo | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);

  const entry = computed(() => models.value.find((m) => m.id === selectedId.value) ?? null);
  const card = computed(() => (loaded.value?.card.id === selectedId.value ? loaded.value.card : (entry.value?.card ?? null)));
  const samples = computed(() => entry.value?.samples ?? []);
  const ready = computed(() => !loading.value && loaded.value !== null && loaded.value.card.id === selectedId.value);

  /** Lists the models and, the first time, loads `preferred` (the last session's) when it is still there, else the default. */
  async function refresh(preferred: string | null = null): Promise<void> {
    ({ models: models.value, broken: broken.value } = await api().invoke('models:list', undefined));
    const initial = models.value.find((m) => m.id === preferred) ?? models.value.find((m) => m.id === DEFAULT_MODEL_ID) ?? models.value[0];
    if (!selectedId.value && initial) await select(initial.id);
  }

  async function select(id: string): Promise<void> {
    selectedId.value = id;
    loading.value = true;
    error.value = null;
    try {
      loaded.value = await api().invoke('model:load', { id });
    } catch (e) {
      error.value = (e as Error).message;
      loaded.value = null;
    } finally {
      loading.value = false;
    }
  }

  return { models, broken, selectedId, loaded, loading, error, entry, card, samples, ready, refresh, select };
});
