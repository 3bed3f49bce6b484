import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { TrainingEvent } from '../../../electron/core/ipc/contract';
import type { NET_SIZES } from '../../../electron/core/training/command';
import { applyProgress, type TrainForm, type TrainingView, type TrainPreview } from '../../../electron/core/training/session';
import { api } from '../lib/api';
import { useModelsStore } from './models';
import { useNoticesStore } from './notices';

type NetSize = (typeof NET_SIZES)[number];

const pngUrl = (bytes: Uint8Array) => URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }));

/**
 * The Train panel: the form (folder, base, how long, crops or resize), the preview of the
 * examples, and the run as main reports it (the view, updated by the same reducer main uses).
 */
export const useTrainingStore = defineStore('training', () => {
  const open = ref(false);
  const dataDir = ref('');
  /** 'model:<folder>' to fine-tune a library model, 'fresh:<size>' for a new net. */
  const base = ref('');
  const unit = ref<'minutes' | 'steps'>('minutes');
  const amount = ref(10);
  const examples = ref<'crop' | 'resize'>('crop');
  const title = ref('');
  const preview = shallowRef<(TrainPreview & { urls: string[] }) | null>(null);
  const view = shallowRef<TrainingView | null>(null);
  const sheetUrl = ref<string | null>(null);
  const busy = ref<string | null>(null);
  /** The last refusal or failure, in one line, shown in the panel. */
  const problem = ref<string | null>(null);

  const active = computed(() => view.value?.status === 'running' || view.value?.status === 'stopping');

  function form(): TrainForm {
    const [kind, name] = base.value.split(/:(.*)/s) as [string, string];
    const amountOk = Number.isFinite(amount.value) && amount.value > 0;
    if (!dataDir.value) throw new Error('Pick a folder of images first.');
    if (!amountOk) throw new Error(`Give a positive number of ${unit.value}.`);
    return {
      dataDir: dataDir.value,
      base: kind === 'fresh' ? { kind: 'fresh', netSize: name as NetSize } : { kind: 'model', dir: name },
      duration: unit.value === 'minutes' ? { unit: 'minutes', value: amount.value } : { unit: 'steps', value: Math.round(amount.value) },
      examples: examples.value,
      ...(title.value.trim() ? { title: title.value.trim() } : {}),
    };
  }

  /** Runs one request, showing its refusal in the panel (and nowhere else): the form is kept as it was. */
  async function step<T>(what: string, run: () => Promise<T>): Promise<T | undefined> {
    busy.value = what;
    problem.value = null;
    try {
      return await run();
    } catch (e) {
      problem.value = (e as Error).message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '');
      return undefined;
    } finally {
      busy.value = null;
    }
  }

  function setView(next: TrainingView | null): void {
    const finished = next?.status === 'done' && view.value?.status !== 'done';
    view.value = next;
    if (finished) void useModelsStore().refresh();
  }

  function onEvent(e: TrainingEvent): void {
    if (e.type === 'view') return setView(e.view);
    if (!view.value) return;
    setView(applyProgress(view.value, e.message));
    if (e.message.type === 'sheet') void loadSheet();
  }

  async function loadSheet(): Promise<void> {
    const bytes = await api().invoke('training:sheet', undefined).catch(() => null);
    if (sheetUrl.value) URL.revokeObjectURL(sheetUrl.value);
    sheetUrl.value = bytes ? pngUrl(bytes) : null;
  }

  /** Subscribes to main's events and loads a run left from before (offered for resume). */
  async function init(): Promise<() => void> {
    const off = api().on('training', onEvent);
    const left = await api().invoke('training:state', undefined);
    setView(left);
    if (left?.status === 'paused') {
      useNoticesStore().push('info', `A training run (${left.modelId}) is paused: open Train to resume it.`);
      void loadSheet();
    }
    return off;
  }

  async function pickFolder(): Promise<void> {
    const picked = await step('folder', () => api().invoke('training:pick-folder', undefined));
    if (!picked) return;
    dataDir.value = picked.path;
    clearPreview();
  }

  function clearPreview(): void {
    preview.value?.urls.forEach((u) => URL.revokeObjectURL(u));
    preview.value = null;
  }

  async function runPreview(): Promise<void> {
    const result = await step('preview', () => api().invoke('training:preview', form()));
    if (!result) return;
    clearPreview();
    preview.value = { ...result, urls: result.examples.map(pngUrl) };
  }

  async function start(): Promise<void> {
    const started = await step('start', () => api().invoke('training:start', form()));
    if (started) setView(started);
  }

  const pause = () => step('pause', () => api().invoke('training:pause', undefined));
  async function resume(): Promise<void> {
    const resumed = await step('resume', () => api().invoke('training:resume', undefined));
    if (resumed) setView(resumed);
  }
  async function saveBest(): Promise<void> {
    const saved = await step('save', () => api().invoke('training:save-best', undefined));
    if (saved) setView(saved);
  }
  async function discard(): Promise<void> {
    await step('discard', () => api().invoke('training:discard', undefined));
    if (!problem.value) {
      setView(null);
      if (sheetUrl.value) URL.revokeObjectURL(sheetUrl.value);
      sheetUrl.value = null;
    }
  }

  return {
    open, dataDir, base, unit, amount, examples, title, preview, view, sheetUrl, busy, problem, active,
    init, pickFolder, clearPreview, runPreview, start, pause, resume, saveBest, discard,
  };
});
