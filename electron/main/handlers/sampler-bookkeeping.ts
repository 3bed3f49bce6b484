/** The sampler host's bookkeeping, apart from Electron so it can be tested: load replies, the model to restore, open jobs. */
import type { LoadedInfo, SamplerEvent } from '../../core/job/protocol';
import type { Precision } from '../../core/model/card';

interface Waiter {
  modelDir: string;
  precision: Precision;
  resolve: (info: LoadedInfo) => void;
  reject: (error: Error) => void;
}

/**
 * Model loads waiting for their reply. The sampler service answers requests in order, so each
 * `loaded` or `load-error` settles the oldest waiter (FIFO); a load never settles another's promise.
 * It also remembers the last model that loaded, so a respawned sampler can load it again.
 */
export class LoadQueue {
  private waiters: Waiter[] = [];
  /** The last model directory that loaded, or null. */
  lastModelDir: string | null = null;
  /** The graph the last load asked for, restored with it. */
  lastPrecision: Precision = 'fp32';

  get pending(): number {
    return this.waiters.length;
  }

  /** A promise for the reply to a load of `modelDir` that is about to be sent. */
  wait(modelDir: string, precision: Precision = 'fp32'): Promise<LoadedInfo> {
    return new Promise((resolve, reject) => this.waiters.push({ modelDir, precision, resolve, reject }));
  }

  /**
   * For a respawned sampler: the model to load again before anything else (null if none loaded),
   * with a waiter queued for its reply, which only logs a failure. Call it before queueing any
   * other load, so the waiters stay in the order the sampler answers.
   */
  restore(): string | null {
    const dir = this.lastModelDir;
    if (dir) this.wait(dir, this.lastPrecision).catch((e: Error) => console.error(`reloading ${dir} after a sampler restart: ${e.message}`));
    return dir;
  }

  /** Settles the oldest waiter with a load reply; returns false for any other event (or no waiter). */
  settle(event: SamplerEvent): boolean {
    if (event.type !== 'loaded' && event.type !== 'load-error') return false;
    const head = this.waiters.shift();
    if (!head) return false;
    if (event.type === 'loaded') {
      this.lastModelDir = head.modelDir;
      this.lastPrecision = head.precision;
      head.resolve({ backend: event.backend, reason: event.reason, card: event.card, precision: event.precision });
    } else head.reject(new Error(event.message));
    return true;
  }

  /** Rejects every waiter (the sampler process went away). */
  failAll(message: string): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(new Error(message));
  }
}

/**
 * The most jobs the window may have queued or running in the sampler. The UI runs one at a time
 * (Inpaint and Continue wait for the running chain; a sweep runs its presets one after another),
 * and a cancelled job holds its slot until the sampler confirms its end: 8 leaves room for quick
 * cancel-and-restart, while a flooding page (10,000 jobs of 64 chains × 10⁶ steps) is refused.
 */
export const MAX_OPEN_JOBS = 8;

/** The window's open sampler jobs: a slot is taken when a job is sent and freed when the sampler says it ended. */
export class JobSlots {
  private readonly open = new Set<number>();

  constructor(readonly limit = MAX_OPEN_JOBS) {}

  /** The ids of the jobs still open (to cancel them when the page that started them goes). */
  ids(): number[] {
    return [...this.open];
  }

  /** Takes a slot for job `id`, or throws one line saying why when every slot is taken. */
  take(id: number): void {
    if (this.open.size >= this.limit) {
      throw new Error(`the sampler already has ${this.limit} jobs queued or running: wait for one to end or cancel it`);
    }
    this.open.add(id);
  }

  /** Frees job `id`'s slot: it finished, failed or was cancelled. */
  free(id: number): void {
    this.open.delete(id);
  }

  /** Frees every slot (the sampler process went away, and its jobs with it). */
  freeAll(): void {
    this.open.clear();
  }
}
