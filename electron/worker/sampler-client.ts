import { Worker } from 'node:worker_threads';
import type { GibbsResult, GibbsStep } from '../core/sampler/gibbs';
import type { HoleMaps } from '../core/sampler/maps';
import type { LoadedInfo, SampleJob, SamplerEvent, SamplerRequest } from '../core/job/protocol';
import type { BackendName } from '../core/predictor/predictor';
import type { Precision } from '../core/model/card';

export interface SampleHandlers {
  onInit?: (image: Uint8Array, maps: HoleMaps) => void;
  onStep?: (step: GibbsStep) => void;
}

export interface SampleRun {
  /** Resolves with the final chains, also after a cancel (then `cancelled` is true). */
  done: Promise<GibbsResult>;
  cancel(): void;
}

interface Pending {
  handlers: SampleHandlers;
  resolve: (result: GibbsResult) => void;
  reject: (error: Error) => void;
}

/** The thread's entry: the TypeScript source through tsx's bootstrap, or the bundled JavaScript. */
const THREAD_URL = import.meta.url.endsWith('.ts')
  ? new URL('./sampler-thread-tsx.mjs', import.meta.url)
  : new URL('./sampler-thread.js', import.meta.url);

/** How long a closing thread may take to finish its step and release the model before it is terminated. */
const CLOSE_GRACE_MS = 10_000;

/** Runs the sampler on a worker thread, off the caller's event loop; one model, jobs in order. */
export class SamplerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly exited: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    readonly info: LoadedInfo,
  ) {
    worker.on('message', (event: SamplerEvent) => this.dispatch(event));
    worker.on('error', (error) => this.failAll(error));
    this.exited = new Promise((resolve) =>
      worker.on('exit', (code) => {
        // a thread that dies without an 'error' event (process.exit, OOM) must not leave jobs hanging
        this.failAll(new Error(`the sampler thread exited (code ${code})`));
        resolve();
      }),
    );
  }

  /** Starts a worker and loads the model on it; rejects with the loader's message. */
  static async start(modelDir: string, backend: BackendName | 'auto' = 'auto', precision: Precision = 'fp32'): Promise<SamplerClient> {
    const worker = new Worker(THREAD_URL);
    const info = await new Promise<LoadedInfo>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (event: SamplerEvent) => {
        if (event.type === 'loaded') resolve({ backend: event.backend, reason: event.reason, card: event.card, precision: event.precision });
        else reject(new Error(event.type === 'load-error' ? event.message : `unexpected ${event.type} before load`));
      });
      worker.postMessage({ type: 'load', modelDir, backend, precision } satisfies SamplerRequest);
    }).catch(async (error: Error) => {
      await worker.terminate();
      throw error;
    });
    return new SamplerClient(worker, info);
  }

  sample(job: SampleJob, handlers: SampleHandlers = {}): SampleRun {
    const id = this.nextId++;
    const done = new Promise<GibbsResult>((resolve, reject) => this.pending.set(id, { handlers, resolve, reject }));
    this.worker.postMessage({ type: 'sample', id, job } satisfies SamplerRequest);
    return { done, cancel: () => this.worker.postMessage({ type: 'cancel', id } satisfies SamplerRequest) };
  }

  /**
   * Cancels the jobs (they resolve as cancelled) and lets the thread release the model and end.
   * `terminate()` mid-inference aborts the whole process inside onnxruntime-node, so it is only
   * the fallback for a thread that does not end in time.
   */
  async close(): Promise<void> {
    this.worker.postMessage({ type: 'close' } satisfies SamplerRequest);
    const fallback = setTimeout(() => void this.worker.terminate(), CLOSE_GRACE_MS);
    await this.exited;
    clearTimeout(fallback);
  }

  private dispatch(event: SamplerEvent): void {
    if (!('id' in event)) return;
    const job = this.pending.get(event.id);
    if (!job) return;
    if (event.type === 'init') job.handlers.onInit?.(event.image, event.maps);
    else if (event.type === 'step') job.handlers.onStep?.(event.step);
    else {
      this.pending.delete(event.id);
      if (event.type === 'done') job.resolve(event.result);
      else job.reject(new Error(event.message));
    }
  }

  private failAll(error: Error): void {
    this.pending.forEach((job) => job.reject(error));
    this.pending.clear();
  }
}
