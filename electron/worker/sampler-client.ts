import { Worker } from 'node:worker_threads';
import type { GibbsResult, GibbsStep } from '../core/sampler/gibbs';
import type { LoadedInfo, SampleJob, SamplerEvent, SamplerRequest } from '../core/job/protocol';
import type { BackendName } from '../core/predictor/predictor';

export interface SampleHandlers {
  onInit?: (image: Uint8Array) => void;
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

/** Runs the sampler on a worker thread, off the caller's event loop; one model, jobs in order. */
export class SamplerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private constructor(
    private readonly worker: Worker,
    readonly info: LoadedInfo,
  ) {
    worker.on('message', (event: SamplerEvent) => this.dispatch(event));
    worker.on('error', (error) => this.failAll(error));
    // a thread that dies without an 'error' event (process.exit, OOM) must not leave jobs hanging
    worker.on('exit', (code) => this.failAll(new Error(`the sampler thread exited (code ${code})`)));
  }

  /** Starts a worker and loads the model on it; rejects with the loader's message. */
  static async start(modelDir: string, backend: BackendName | 'auto' = 'auto'): Promise<SamplerClient> {
    const worker = new Worker(THREAD_URL);
    const info = await new Promise<LoadedInfo>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (event: SamplerEvent) => {
        if (event.type === 'loaded') resolve({ backend: event.backend, reason: event.reason, card: event.card });
        else reject(new Error(event.type === 'load-error' ? event.message : `unexpected ${event.type} before load`));
      });
      worker.postMessage({ type: 'load', modelDir, backend } satisfies SamplerRequest);
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

  async close(): Promise<void> {
    await this.worker.terminate();
    this.failAll(new Error('the sampler was closed'));
  }

  private dispatch(event: SamplerEvent): void {
    if (!('id' in event)) return;
    const job = this.pending.get(event.id);
    if (!job) return;
    if (event.type === 'init') job.handlers.onInit?.(event.image);
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
