import { defineStore } from 'pinia';
import { ref, toRaw } from 'vue';
import type { SaveKind } from '../../../electron/core/ipc/contract';
import { POST_SWEEP, sweepRows } from '../../../electron/core/sampler/sweep';
import { pasteRect16 } from '../../../electron/core/region/composite-deep';
import { api } from '../lib/api';
import { animationTooLarge, gridPng, resultPng, sweepCellScale } from '../lib/export-encode';
import { encodeAnimationInWorker } from '../lib/encode-in-worker';
import { backdropFor, compositeOf, framePatch, withPatch } from '../lib/placement';
import { runToEnd } from '../lib/run-to-end';
import { useChainStore } from './chain';
import { useDocumentStore } from './document';
import { useModelsStore } from './models';
import { useRegionStore } from './region';
import { useSettingsStore } from './settings';
import { useViewStore } from './view';

/** Export settings and the running export's progress. */
export const useExporterStore = defineStore('exporter', () => {
  const fps = ref(12);
  const scale = ref(8);
  /** What an animation shows: the working region (small, upscaled) or the full image around it. */
  const area = ref<'region' | 'image'>('region');
  /** Inclusive frame range; `to` null = the last frame. */
  const from = ref(0);
  const to = ref<number | null>(null);
  const progress = ref<{ label: string; fraction: number } | null>(null);
  const lastSaved = ref<string | null>(null);
  /** Set while a sweep runs, so it can be stopped between (and within) its runs. */
  let sweepAbort: AbortController | null = null;
  const sweeping = ref(false);

  function cancelSweep(): void {
    sweepAbort?.abort();
  }

  const baseName = () => (useDocumentStore().name.replace(/\.[^.]+$/, '') || 'image').replace(/[^\w.-]+/g, '-');

  async function save(kind: SaveKind, name: string, bytes: Uint8Array): Promise<string | null> {
    progress.value = { label: 'Saving…', fraction: 1 };
    const saved = await api().invoke('file:save', { kind, suggestedName: name, bytes });
    lastSaved.value = saved?.path ?? lastSaved.value;
    return saved?.path ?? null;
  }

  async function track<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } finally {
      progress.value = null;
    }
  }

  /** The active run's frames from..to of the shown chain as a GIF or APNG: of the working region, or of the full image. */
  function exportAnimation(kind: 'gif' | 'apng'): Promise<string | null> {
    return track(async () => {
      const chain = useChainStore();
      const run = chain.activeRun;
      if (!run || run.frames.length === 0) throw new Error('Run a chain first: there are no frames to export.');
      const last = run.frames.length - 1;
      const range = { from: Math.min(from.value, last), to: Math.min(to.value ?? last, last) };
      if (range.from > range.to) throw new Error(`The frame range ${range.from}…${range.to} is empty.`);
      const composite = compositeOf(toRaw(run.place)); // without the original: a worker gets a copy of what it is sent
      const backdrop = area.value === 'image' ? toRaw(backdropFor(run.place, useDocumentStore())) : null;
      const tooLarge = animationTooLarge(range.to - range.from + 1, backdrop ?? composite.region.rect, scale.value);
      if (tooLarge) throw new Error(tooLarge);
      const label = kind === 'gif' ? 'GIF' : 'APNG';
      progress.value = { label: `Rendering ${range.to - range.from + 1} frames…`, fraction: 0 };
      // plain copies: a reactive proxy cannot cross to a worker
      const frames = toRaw(run.frames).slice(range.from, range.to + 1);
      const job = { kind, shape: { ...toRaw(run.shape) }, frames, from: 0, to: range.to - range.from, chain: chain.chainIndex, fps: fps.value, scale: scale.value, composite, backdrop };
      const bytes = await encodeAnimationInWorker(job, (fraction) => {
        progress.value = { label: fraction < 0.75 ? 'Rendering frames…' : `Encoding ${label}…`, fraction };
      });
      return save(kind, `${baseName()}-run${run.id}${backdrop ? '-full' : ''}.${kind === 'gif' ? 'gif' : 'png'}`, bytes);
    });
  }

  /**
   * The picture on screen as a PNG at its own size, with how it was made in tEXt: the chain's frame
   * composited into its region when the canvas shows a run, else the document. Outside the hole
   * every pixel is the document's, bit for bit: at 16 bits when the original is a 16-bit PNG.
   */
  function exportPng(): Promise<string | null> {
    return track(async () => {
      const chain = useChainStore();
      const doc = useDocumentStore();
      // "Before" shows the document, so the document is what is saved
      const run = chain.showChain && !useViewStore().showBefore ? chain.activeRun : null;
      const frame = run ? chain.currentImage : null;
      const model = useModelsStore().selectedId;
      if (run && frame) {
        const { region, feather, smooth } = run.place;
        const patch = framePatch(run.place, frame);
        const deep = run.place.base === doc.base ? doc.picture16() : null; // a run on an earlier original has no 16 bits here
        if (deep) pasteRect16(deep, patch, region.rect);
        const picture = deep ?? withPatch(backdropFor(run.place, doc), run.place, patch);
        const provenance = { model, precision: run.precision, seed: run.seed, chain: chain.chainIndex, frame: chain.currentFrame, params: run.params, region, feather, smooth };
        return save('png', `${baseName()}-run${run.id}-f${chain.currentFrame}.png`, resultPng(picture, provenance));
      }
      if (!doc.image) throw new Error('Open an image first.');
      return save('png', `${baseName()}.png`, resultPng(doc.picture16() ?? doc.image, { model, accepted: doc.patches.map((p) => p.rect) }));
    });
  }

  /** The source post's table (POST_SWEEP: annealed Gibbs at one step per hole pixel) over the current settings' other knobs, on the working region, mask and seed, one row per combination. */
  function exportSweep(): Promise<string | null> {
    sweepAbort = new AbortController();
    const { signal } = sweepAbort;
    sweeping.value = true;
    return track(async () => {
      const settings = useSettingsStore();
      const input = useRegionStore().sampleInput();
      const sweep = sweepRows(settings.params, POST_SWEEP);
      const rows = [];
      for (const [i, { label, params }] of sweep.entries()) {
        progress.value = { label: `Sweep ${i + 1}/${sweep.length}: ${label}`, fraction: i / sweep.length };
        const result = await runToEnd(
          { image: input.image, mask: input.mask, params, chains: settings.chains, seed: settings.seed },
          (n, steps) => (progress.value = { label: `Sweep ${i + 1}/${sweep.length}: ${label}`, fraction: (i + n / steps) / sweep.length }),
          signal,
        );
        if (signal.aborted) throw new Error('The sweep was cancelled; nothing was saved.');
        rows.push({
          label,
          cells: Array.from({ length: settings.chains }, (_, b) => framePatch(input.place, { ...input.image, data: result.image }, b)),
        });
      }
      const cellScale = sweepCellScale(input.place.region.rect, scale.value);
      return save('png', `${baseName()}-sweep.png`, gridPng(rows, `seed ${settings.seed}`, cellScale));
    }).finally(() => {
      sweeping.value = false;
      sweepAbort = null;
    });
  }

  return { fps, scale, area, from, to, progress, lastSaved, sweeping, exportAnimation, exportPng, exportSweep, cancelSweep };
});
