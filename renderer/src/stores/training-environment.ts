import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { TrainingEnvironment } from '../../../electron/core/ipc/contract';
import { api } from '../lib/api';

/** Which Python trains and what it lacks, as main last probed it; the Python path setting. */
export const useTrainingEnvironmentStore = defineStore('training-environment', () => {
  const environment = shallowRef<TrainingEnvironment | null>(null);
  const checking = ref(false);

  async function track(request: () => Promise<TrainingEnvironment>): Promise<TrainingEnvironment> {
    checking.value = true;
    try {
      return (environment.value = await request());
    } finally {
      checking.value = false;
    }
  }

  /** The last probe's answer (main probes once, the first time), or a fresh one with `recheck`. */
  const check = (recheck = false) => track(() => api().invoke('training:environment', { recheck }));
  /** Saves the Python path setting (empty clears it) and probes again. */
  const setPython = (python: string) => track(() => api().invoke('training:python', { python: python.trim() || null }));

  return { environment, checking, check, setPython };
});
