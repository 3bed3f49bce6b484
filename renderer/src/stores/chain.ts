import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { SamplerFrameEvent } from '../../../electron/core/ipc/contract';
import type { HoleMask, LevelImage } from '../../../electron/core/image/level-image';
import { stepCount } from '../../../electron/core/sampler/budget';
import type { HoleMaps } from '../../../electron/core/sampler/maps';
import type { GibbsParams } from '../../../electron/core/sampler/params';
import { api } from '../lib/api';
import { countHole } from '../lib/mask-ops';
import type { Placement } from '../lib/placement';
import { followRun } from '../lib/sampler-events';

export type RunStatus = 'running' | 'cancelling' | 'done' | 'cancelled' | 'error';
export type Shape = Omit<LevelImage, 'data'>;

/** One Gibbs chain run (with all its batch chains) on a working region. Frames are region-sized, stored once, here, never copied into reactive state. */
export interface Run {
  id: number;
  label: string;
  params: GibbsParams;
  seed: number;
  chains: number;
  shape: Shape;
  /** The hole at the model's size (the sampler's mask). */
  mask: HoleMask;
  /** The working region and how its frames composite into the document. */
  place: Placement;
  parent: { runId: number; frame: number } | null;
  /** Stored frames, all chains back to back; when a run outgrows its byte budget they are thinned
   *  (see `frameNumbers`), so an index into this list is not a step number. */
  frames: Uint8Array[];
  /** Each stored frame's uncertainty and change maps (parallel to `frames`, counted in `bytes`). */
  maps: HoleMaps[];
  /** The true frame number of each stored frame: 0 is the initialised hole, n + 1 the state after step n. */
  frameNumbers: number[];
  /** New frames are kept on multiples of this (the latest is always kept); doubles at each thinning. */
  stride: number;
  /** Bytes held by `frames`. */
  bytes: number;
  alphas: number[];
  /** Mean over chains of each step's mean log-probability. */
  logProbs: number[];
  steps: number;
  status: RunStatus;
  error: string | null;
  startedAt: number;
  /** Arrival time of every step (ms), for steps/s. */
  stepTimes: number[];
}

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

/** Steps/s over the last two seconds: frames arrive in bursts, so a few steps' spacing says little. */
const RATE_WINDOW_MS = 2000;
/** Finished runs kept for the timeline; older ones are dropped (an accepted frame stays alive in history). */
export const MAX_RUNS = 16;
/** Bytes of frames kept per run (past it the run's frames are thinned) and over all runs (past it old
 *  finished runs go). A 64×64×3 run of 64 chains is 768 KiB a frame, 3 GB over 4096 steps. Tests shrink these. */
export const frameBudget = { perRun: 96 * 2 ** 20, total: 384 * 2 ** 20 };

const mapBytes = (maps: HoleMaps): number => maps.entropy.byteLength + maps.changes.byteLength;

/** Keeps the first frame, every frame on a multiple of `stride`, and the latest. */
function thinFrames(run: Run, stride: number): void {
  const last = run.frames.length - 1;
  const keep = run.frameNumbers.map((no, i) => i === 0 || i === last || no % stride === 0);
  run.frames = run.frames.filter((_, i) => keep[i]);
  run.maps = run.maps.filter((_, i) => keep[i]);
  run.frameNumbers = run.frameNumbers.filter((_, i) => keep[i]);
  run.bytes = run.frames.reduce((n, f, i) => n + f.byteLength + mapBytes(run.maps[i]!), 0);
  run.stride = stride;
}

/** Appends a frame within the run's byte budget: a previous latest frame that is off the stride grid
 *  gives way, and past the budget the stored frames are thinned to every 2nd and the stride doubles. */
export function pushFrame(run: Run, frame: Uint8Array, no: number, maps: HoleMaps): void {
  const prev = run.frameNumbers.at(-1);
  if (run.frames.length > 1 && prev !== undefined && prev % run.stride !== 0) {
    run.bytes -= run.frames.pop()!.byteLength + mapBytes(run.maps.pop()!);
    run.frameNumbers.pop();
  }
  run.frames.push(markRaw(frame));
  run.maps.push(markRaw(maps));
  run.frameNumbers.push(no);
  run.bytes += frame.byteLength + mapBytes(maps);
  while (run.bytes > frameBudget.perRun && run.frames.length > 2) thinFrames(run, run.stride * 2);
}

function stepRate(times: readonly number[]): number {
  const last = times.at(-1);
  if (last === undefined || times.length < 2) return 0;
  let first = times.length - 1;
  while (first > 0 && times[first - 1]! >= last - RATE_WINDOW_MS) first--;
  if (last - times[first]! < 250) first = 0; // too short a window: use the whole run
  const span = last - times[first]!;
  return span > 0 ? (times.length - 1 - first) / (span / 1000) : 0;
}
const nextTick = (fn: () => void) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(fn) : setTimeout(fn, 16));

/** Runs, their live frames, and the timeline position (scrub, play). */
export const useChainStore = defineStore('chain', () => {
  const runs = shallowRef<Run[]>([]);
  const activeId = ref<number | null>(null);
  /** Null follows the newest frame while a run is live. */
  const frameIndex = ref<number | null>(null);
  const chainIndex = ref(0);
  /** Whether the canvas shows the chain (true) or the document (false). */
  const showChain = ref(false);
  const playing = ref(false);
  /** Bumped (at most once per animation frame) when run data changes. */
  const tick = ref(0);
  let tickQueued = false;
  let player: ReturnType<typeof setInterval> | null = null;

  function touch(): void {
    if (tickQueued) return;
    tickQueued = true;
    nextTick(() => {
      tickQueued = false;
      tick.value++;
    });
  }

  /** A fresh shallow copy per tick: run objects are raw and mutated in place, and a computed that
   *  returned the same object would never tell its dependents that the run changed. */
  const activeRun = computed<Readonly<Run> | null>(() => {
    void tick.value;
    const run = runs.value.find((r) => r.id === activeId.value);
    return run ? { ...run } : null;
  });
  const frameCount = computed(() => activeRun.value?.frames.length ?? 0);
  const currentIndex = computed(() => Math.min(frameIndex.value ?? frameCount.value - 1, frameCount.value - 1));
  /** The true frame number (0 = initial fill, n + 1 = after step n) at the timeline position, and of the last stored frame. */
  const currentFrame = computed(() => activeRun.value?.frameNumbers[currentIndex.value] ?? currentIndex.value);
  const lastFrame = computed(() => activeRun.value?.frameNumbers.at(-1) ?? Math.max(0, frameCount.value - 1));
  const isRunning = computed(() => (tick.value, runs.value.some((r) => r.status === 'running' || r.status === 'cancelling')));

  /** The frame at the timeline position, one chain of it: a view on the stored buffer. */
  function frameImage(run: Readonly<Run>, index: number, chain: number): LevelImage | null {
    const frame = run.frames[index];
    if (!frame) return null;
    const size = run.shape.width * run.shape.height * run.shape.channels;
    return { ...run.shape, data: frame.subarray(chain * size, (chain + 1) * size) };
  }

  const currentImage = computed(() => (activeRun.value && currentIndex.value >= 0 ? frameImage(activeRun.value, currentIndex.value, chainIndex.value) : null));
  /** The maps of the frame at the timeline position (all chains). */
  const currentMaps = computed(() => (activeRun.value && currentIndex.value >= 0 ? (activeRun.value.maps[currentIndex.value] ?? null) : null));

  const progress = computed(() => {
    const run = activeRun.value;
    if (!run) return null;
    const done = run.alphas.length;
    const rate = stepRate(run.stepTimes);
    const live = run.status === 'running' || run.status === 'cancelling';
    return {
      n: done,
      N: run.steps,
      alpha: run.alphas.at(-1) ?? null,
      rate,
      eta: live && rate > 0 ? (run.steps - done) / rate : null,
      fraction: run.steps ? done / run.steps : 0,
    };
  });

  function onEvent(run: Run, event: SamplerFrameEvent): void {
    if (event.type === 'init') storeFrame(run, event.image, 0, event.maps);
    else if (event.type === 'step') {
      const { step } = event;
      run.steps = step.steps;
      storeFrame(run, step.image, step.n + 1, step.maps);
      run.alphas.push(step.alpha);
      run.logProbs.push(step.meanLogProb.reduce((a, b) => a + b, 0) / step.meanLogProb.length);
      run.stepTimes.push(performance.now());
    } else if (event.type === 'done') {
      run.status = event.result.cancelled ? 'cancelled' : 'done';
      run.steps = event.result.steps;
    } else {
      run.status = 'error';
      run.error = event.message;
    }
    touch();
  }

  /** Stores a frame within the budgets; a scrubbed position on this run stays on the same step. */
  function storeFrame(run: Run, frame: Uint8Array, no: number, maps: HoleMaps): void {
    const pinned = run.id === activeId.value && frameIndex.value !== null ? run.frameNumbers[frameIndex.value] : undefined;
    const stride = run.stride;
    pushFrame(run, frame, no, maps);
    if (pinned !== undefined && run.stride !== stride) {
      const at = run.frameNumbers.findLastIndex((n) => n <= pinned);
      frameIndex.value = Math.max(0, at);
    }
    if (runs.value.reduce((n, r) => n + r.bytes, 0) > frameBudget.total) {
      const kept = dropOldRuns(runs.value, MAX_RUNS, frameBudget.total);
      if (kept.length !== runs.value.length) runs.value = kept;
    }
  }

  /** Starts a run on the sampler and makes it the active one; resolves once the sampler accepted it. */
  async function start(req: RunRequest): Promise<Run> {
    const job = { image: req.image, mask: req.mask, params: req.params, chains: req.chains, seed: req.seed };
    const { runId } = await api().invoke('sampler:start', { job });
    const run: Run = markRaw({
      id: runId,
      label: req.label,
      params: req.params,
      seed: req.seed,
      chains: req.chains,
      shape: { width: req.image.width, height: req.image.height, channels: req.image.channels, levels: req.image.levels },
      mask: req.mask,
      place: req.place,
      parent: req.parent ?? null,
      frames: [],
      maps: [],
      frameNumbers: [],
      stride: 1,
      bytes: 0,
      alphas: [],
      logProbs: [],
      steps: stepCount(req.params, countHole(req.mask)),
      status: 'running',
      error: null,
      startedAt: performance.now(),
      stepTimes: [],
    });
    runs.value = [...dropOldRuns(runs.value, MAX_RUNS - 1), run];
    select(run.id);
    followRun(runId, (event) => onEvent(run, event));
    return run;
  }

  /** Bounded memory: beyond MAX_RUNS, or past `maxBytes` of frames, the oldest finished run that is not on screen goes. */
  function dropOldRuns(list: Run[], maxRuns: number, maxBytes = Infinity): Run[] {
    const out = [...list];
    const bytes = () => out.reduce((n, r) => n + r.bytes, 0);
    while (out.length > maxRuns || bytes() > maxBytes) {
      const old = out.findIndex((r) => r.id !== activeId.value && r.status !== 'running' && r.status !== 'cancelling');
      if (old < 0) break;
      out.splice(old, 1);
    }
    return out;
  }

  /** Cancel keeps every frame so far; the run ends as 'cancelled' when the sampler confirms. */
  async function cancel(): Promise<void> {
    const run = runs.value.find((r) => r.status === 'running');
    if (!run) return;
    run.status = 'cancelling';
    touch();
    await api().invoke('sampler:cancel', { runId: run.id });
  }

  function select(id: number): void {
    pause();
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

  function play(fps = 24): void {
    if (frameCount.value < 2) return;
    if (currentIndex.value >= frameCount.value - 1) scrub(0);
    playing.value = true;
    showChain.value = true;
    player = setInterval(() => {
      if (currentIndex.value >= frameCount.value - 1) pause();
      else scrub(currentIndex.value + 1);
    }, 1000 / fps);
  }

  function pause(): void {
    playing.value = false;
    if (player) clearInterval(player);
    player = null;
  }

  const togglePlay = () => (playing.value ? pause() : play());

  return {
    runs,
    activeId,
    frameIndex,
    chainIndex,
    showChain,
    playing,
    tick,
    activeRun,
    frameCount,
    currentIndex,
    currentFrame,
    lastFrame,
    currentImage,
    currentMaps,
    isRunning,
    progress,
    frameImage,
    start,
    cancel,
    select,
    scrub,
    stepFrame,
    play,
    pause,
    togglePlay,
  };
});
