import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { HoleMask, LevelImage } from '../../../electron/core/image/level-image';
import { stepCount } from '../../../electron/core/sampler/budget';
import type { GibbsParams } from '../../../electron/core/sampler/params';
import { usePlayback } from '../chain/playback';
import { applyEvent, dropOldRuns, frameBudget, frameImage, indexAtOrBefore, isLive, MAX_RUNS, newRun, progressOf, totalBytes, type Run } from '../chain/run';
import { api } from '../lib/api';
import { countHole } from '../lib/mask-ops';
import type { Placement } from '../lib/placement';
import { followRun } from '../lib/sampler-events';
import { useModelsStore } from './models';

export type { Run, RunStatus, Shape } from '../chain/run';
export { frameBudget, MAX_RUNS } from '../chain/run';

export interface RunRequest {
  /** The working region at the model's size, channels and levels, and its hole. */
  image: LevelImage;
  mask: HoleMask;
  place: Placement;
  params: GibbsParams;
  seed: number;
  chains: number;
  label: string;
  parent?: Run['parent'];
}

const nextFrame = (fn: () => void) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(fn) : setTimeout(fn, 16));

/**
 * Runs, their live frames, and the timeline position (scrub, play). Frames arrive faster than the
 * screen redraws, so events change the live runs (plain data, never reactive) and `runs` publishes
 * a shallow copy of each changed run at most once per animation frame: a new object is what tells
 * Vue a run changed.
 */
export const useChainStore = defineStore('chain', () => {
  /** The live runs, oldest first, mutated in place as events arrive. */
  let live: Run[] = [];
  /** The sampler's id of each run started in this session (a restored run has none; ids may differ after a restore). */
  const samplerIds = new Map<number, number>();
  const changed = new Set<Run>();
  let publishQueued = false;
  /** What the app shows: a snapshot of each live run, as of the last animation frame. */
  const runs = shallowRef<readonly Readonly<Run>[]>([]);
  const activeId = ref<number | null>(null);
  /** Null follows the newest frame while a run is live. */
  const frameIndex = ref<number | null>(null);
  const chainIndex = ref(0);
  /** Whether the canvas shows the chain (true) or the document (false). */
  const showChain = ref(false);

  function publish(): void {
    publishQueued = false;
    const before = new Map(runs.value.map((r) => [r.id, r]));
    runs.value = live.map((r) => (changed.has(r) || !before.has(r.id) ? markRaw({ ...r }) : before.get(r.id)!));
    changed.clear();
  }

  function changedRun(run: Run): void {
    changed.add(run);
    if (publishQueued) return;
    publishQueued = true;
    nextFrame(publish);
  }

  const activeRun = computed<Readonly<Run> | null>(() => runs.value.find((r) => r.id === activeId.value) ?? null);
  const frameCount = computed(() => activeRun.value?.frames.length ?? 0);
  const currentIndex = computed(() => Math.min(frameIndex.value ?? frameCount.value - 1, frameCount.value - 1));
  /** The true frame number (0 = initial fill, n + 1 = after step n) at the timeline position, and of the last stored frame. */
  const currentFrame = computed(() => activeRun.value?.frameNumbers[currentIndex.value] ?? currentIndex.value);
  const lastFrame = computed(() => activeRun.value?.frameNumbers.at(-1) ?? Math.max(0, frameCount.value - 1));
  const isRunning = computed(() => runs.value.some(isLive));
  const currentImage = computed(() => (activeRun.value && currentIndex.value >= 0 ? frameImage(activeRun.value, currentIndex.value, chainIndex.value) : null));
  const progress = computed(() => (activeRun.value ? progressOf(activeRun.value) : null));
  /** The maps of the frame at the timeline position (all chains). */
  const currentMaps = computed(() => (activeRun.value && currentIndex.value >= 0 ? (activeRun.value.maps[currentIndex.value] ?? null) : null));

  /** Folds an event into its run within the budgets; a scrubbed position on this run stays on the same step. */
  function onEvent(run: Run, event: Parameters<typeof applyEvent>[1]): void {
    const pinned = run.id === activeId.value && frameIndex.value !== null ? run.frameNumbers[frameIndex.value] : undefined;
    const stride = run.stride;
    applyEvent(run, event, performance.now());
    if (pinned !== undefined && run.stride !== stride) frameIndex.value = indexAtOrBefore(run, pinned);
    if (totalBytes(live) > frameBudget.total) live = dropOldRuns(live, activeId.value, MAX_RUNS, frameBudget.total);
    changedRun(run);
  }

  /** Starts a run on the sampler and makes it the active one; resolves once the sampler accepted it. */
  async function start(req: RunRequest): Promise<Run> {
    const job = { image: req.image, mask: req.mask, params: req.params, chains: req.chains, seed: req.seed };
    const { runId } = await api().invoke('sampler:start', { job });
    const shape = { width: req.image.width, height: req.image.height, channels: req.image.channels, levels: req.image.levels };
    // the sampler's id where it is free; past every restored run's id where it is not
    const id = live.some((r) => r.id >= runId) ? Math.max(...live.map((r) => r.id)) + 1 : runId;
    samplerIds.set(id, runId);
    const precision = useModelsStore().loaded?.precision ?? 'fp32'; // the graph the sampler runs, so the run can be repeated
    const spec = { id, label: req.label, params: req.params, seed: req.seed, chains: req.chains, precision, shape, mask: req.mask, place: req.place, parent: req.parent ?? null };
    const run = newRun({ ...spec, steps: stepCount(req.params, countHole(req.mask)) }, performance.now());
    live = [...dropOldRuns(live, activeId.value, MAX_RUNS - 1), run];
    publish();
    select(run.id);
    followRun(runId, (event) => onEvent(run, event));
    return run;
  }

  /** Cancel keeps every frame so far; the run ends as 'cancelled' when the sampler confirms. */
  async function cancel(): Promise<void> {
    const run = live.find((r) => r.status === 'running');
    if (!run) return;
    run.status = 'cancelling';
    changedRun(run);
    await api().invoke('sampler:cancel', { runId: samplerIds.get(run.id) ?? run.id });
  }

  /** Runs of a saved document replace these; a run that was live when saved ends as cancelled, its frames kept. */
  function restore(saved: Run[], active: number | null): void {
    playback.pause();
    live = saved.map((r) => (isLive(r) ? { ...r, status: 'cancelled' } : r));
    changed.clear();
    publish();
    activeId.value = live.some((r) => r.id === active) ? active : (live.at(-1)?.id ?? null);
    frameIndex.value = null;
    chainIndex.value = 0;
    showChain.value = false;
  }

  function select(id: number): void {
    playback.pause();
    activeId.value = id;
    frameIndex.value = null;
    chainIndex.value = 0;
    showChain.value = true;
  }

  function scrub(index: number): void {
    frameIndex.value = Math.max(0, Math.min(frameCount.value - 1, Math.round(index)));
    showChain.value = true;
  }

  const stepFrame = (delta: number) => scrub(currentIndex.value + delta);
  const playback = usePlayback({ count: frameCount, index: currentIndex, seek: scrub });

  function play(fps?: number): void {
    playback.play(fps);
    if (playback.playing.value) showChain.value = true;
  }

  return {
    runs,
    activeId,
    frameIndex,
    chainIndex,
    showChain,
    playing: playback.playing,
    activeRun,
    frameCount,
    currentIndex,
    currentFrame,
    lastFrame,
    currentImage,
    currentMaps,
    isRunning,
    progress,
    start,
    cancel,
    restore,
    /** The live runs as they are now (a save takes these, not the last published snapshot). */
    liveRuns: (): readonly Run[] => live,
    select,
    scrub,
    stepFrame,
    play,
    pause: playback.pause,
    togglePlay: () => (playback.playing.value ? playback.pause() : play()),
  };
});
