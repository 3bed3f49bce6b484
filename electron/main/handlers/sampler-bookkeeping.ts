/** The sampler host's bookkeeping, apart from Electron so it can be tested: load replies and the model to restore. */
import type { LoadedInfo, SamplerEvent } from '../../core/job/protocol';

interface Waiter {
  modelDir: string;
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

  get pending(): number {
    return this.waiters.length;
  }

  /** A promise for the reply to a load of `modelDir` that is about to be sent. */
  wait(modelDir: string): Promise<LoadedInfo> {
    return new Promise((resolve, reject) => this.waiters.push({ modelDir, resolve, reject }));
  }

  /**
   * For a respawned sampler: the model to load again before anything else (null if none loaded),
   * with a waiter queued for its reply, which only logs a failure. Call it before queueing any
   * other load, so the waiters stay in the order the sampler answers.
   */
  restore(): string | null {
    const dir = this.lastModelDir;
    if (dir) this.wait(dir).catch((e: Error) => console.error(`reloading ${dir} after a sampler restart: ${e.message}`));
    return dir;
  }

  /** Settles the oldest waiter with a load reply; returns false for any other event (or no waiter). */
  settle(event: SamplerEvent): boolean {
    if (event.type !== 'loaded' && event.type !== 'load-error') return false;
    const head = this.waiters.shift();
    if (!head) return false;
    if (event.type === 'loaded') {
      this.lastModelDir = head.modelDir;
      head.resolve({ backend: event.backend, reason: event.reason, card: event.card });
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
