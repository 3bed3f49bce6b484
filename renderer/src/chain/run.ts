/**
 * A run's data and the rules that change it: frames kept within a byte budget, progress, the
 * step rate, which old runs give way. Plain data and plain functions — no Vue — so the store
 * that publishes runs, the project file that saves them and the tests all use the same thing.
 */
import type { SamplerFrameEvent } from '../../../electron/core/ipc/contract';
import type { HoleMask, LevelImage } from '../../../electron/core/image/level-image';
import type { Precision } from '../../../electron/core/model/card';
import type { HoleMaps } from '../../../electron/core/sampler/maps';
import type { GibbsParams } from '../../../electron/core/sampler/params';
import type { Placement } from '../lib/placement';

export type RunStatus = 'running' | 'cancelling' | 'done' | 'cancelled' | 'error';
export type Shape = Omit<LevelImage, 'data'>;

/** One Gibbs chain run (with all its batch chains) on a working region. Frames are region-sized and stored once, here. */
export interface Run {
  id: number;
  label: string;
  params: GibbsParams;
  seed: number;
  chains: number;
  /** The graph that made it (model.onnx = fp32, or the card's int8 one); unknown for runs of older projects. */
  precision?: Precision;
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
  /** Bytes held by `frames` and `maps`. */
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

/** What a run is before its first frame. */
export type RunSpec = Pick<Run, 'id' | 'label' | 'params' | 'seed' | 'chains' | 'precision' | 'shape' | 'mask' | 'place' | 'parent' | 'steps'>;

export interface Progress {
  n: number;
  N: number;
  alpha: number | null;
  rate: number;
  eta: number | null;
  fraction: number;
}

/** Finished runs kept for the timeline; older ones are dropped (an accepted frame stays alive in history). */
export const MAX_RUNS = 16;
/** Bytes of frames kept per run (past it the run's frames are thinned) and over all runs (past it old
 *  finished runs go). A 64×64×3 run of 64 chains is 768 KiB a frame, 3 GB over 4096 steps. Tests shrink these. */
export const frameBudget = { perRun: 96 * 2 ** 20, total: 384 * 2 ** 20 };
/** Steps/s over the last two seconds: frames arrive in bursts, so a few steps' spacing says little. */
const RATE_WINDOW_MS = 2000;

export const newRun = (spec: RunSpec, startedAt: number): Run => ({
  ...spec,
  frames: [],
  maps: [],
  frameNumbers: [],
  stride: 1,
  bytes: 0,
  alphas: [],
  logProbs: [],
  status: 'running',
  error: null,
  startedAt,
  stepTimes: [],
});

export const isLive = (run: Pick<Run, 'status'>): boolean => run.status === 'running' || run.status === 'cancelling';

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
export function pushFrame(run: Run, frame: Uint8Array, no: number, maps: HoleMaps, maxBytes = frameBudget.perRun): void {
  const prev = run.frameNumbers.at(-1);
  if (run.frames.length > 1 && prev !== undefined && prev % run.stride !== 0) {
    run.bytes -= run.frames.pop()!.byteLength + mapBytes(run.maps.pop()!);
    run.frameNumbers.pop();
  }
  run.frames.push(frame);
  run.maps.push(maps);
  run.frameNumbers.push(no);
  run.bytes += frame.byteLength + mapBytes(maps);
  while (run.bytes > maxBytes && run.frames.length > 2) thinFrames(run, run.stride * 2);
}

/** Folds one sampler event into its run; `now` (ms) stamps a step for the step rate. */
export function applyEvent(run: Run, event: SamplerFrameEvent, now: number): void {
  if (event.type === 'init') pushFrame(run, event.image, 0, event.maps);
  else if (event.type === 'step') {
    const { step } = event;
    run.steps = step.steps;
    pushFrame(run, step.image, step.n + 1, step.maps);
    run.alphas.push(step.alpha);
    run.logProbs.push(step.meanLogProb.reduce((a, b) => a + b, 0) / step.meanLogProb.length);
    run.stepTimes.push(now);
  } else if (event.type === 'done') {
    run.status = event.result.cancelled ? 'cancelled' : 'done';
    run.steps = event.result.steps;
  } else {
    run.status = 'error';
    run.error = event.message;
  }
}

/** The stored index of frame number `no`, or of the last one before it (thinning may have dropped it). */
export const indexAtOrBefore = (run: Pick<Run, 'frameNumbers'>, no: number): number => Math.max(0, run.frameNumbers.findLastIndex((n) => n <= no));

/**
 * Steps/s from the arrival time of every step, over the moving window: the steps since the last
 * arrival at or before the window's start, over the time since it. Frames arrive in bursts, and
 * counting a whole burst at the window's start as if it took no time ran the rate high and the
 * ETA short. Before a window has passed, the whole run.
 */
export function stepRate(times: readonly number[]): number {
  const last = times.at(-1);
  if (last === undefined || times.length < 2) return 0;
  const anchor = Math.max(0, times.findLastIndex((t) => t <= last - RATE_WINDOW_MS));
  const span = last - times[anchor]!;
  return span > 0 ? (times.length - 1 - anchor) / (span / 1000) : 0;
}

export function progressOf(run: Readonly<Run>): Progress {
  const done = run.alphas.length;
  const rate = stepRate(run.stepTimes);
  return {
    n: done,
    N: run.steps,
    alpha: run.alphas.at(-1) ?? null,
    rate,
    eta: isLive(run) && rate > 0 ? (run.steps - done) / rate : null,
    fraction: run.steps ? done / run.steps : 0,
  };
}

/** Chain `chain` of stored frame `index`: a view on the stored buffer, never a copy. */
export function frameImage(run: Readonly<Run>, index: number, chain: number): LevelImage | null {
  const frame = run.frames[index];
  if (!frame) return null;
  const size = run.shape.width * run.shape.height * run.shape.channels;
  return { ...run.shape, data: frame.subarray(chain * size, (chain + 1) * size) };
}

export const totalBytes = (runs: readonly Run[]): number => runs.reduce((n, r) => n + r.bytes, 0);

/** Bounded memory: beyond `maxRuns`, or past `maxBytes` of frames, the oldest finished run that is not `keepId` goes. */
export function dropOldRuns(list: readonly Run[], keepId: number | null, maxRuns: number, maxBytes = Infinity): Run[] {
  const out = [...list];
  while (out.length > maxRuns || totalBytes(out) > maxBytes) {
    const old = out.findIndex((r) => r.id !== keepId && !isLive(r));
    if (old < 0) break;
    out.splice(old, 1);
  }
  return out;
}
