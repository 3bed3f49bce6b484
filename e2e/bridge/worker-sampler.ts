import type { SamplerFrameEvent } from '../../electron/core/ipc/contract';
import type { LoadedInfo, SampleJob } from '../../electron/core/job/protocol';
import type { SamplerHost } from '../../electron/main/handlers/ports';
import type { Precision } from '../../electron/core/model/card';
import { SamplerClient, type SampleRun } from '../../electron/worker/sampler-client';

/** The bridge's sampler: the real service on a worker thread (Electron uses a utilityProcess), frames to `emit`. */
export class WorkerSampler implements SamplerHost {
  private client: SamplerClient | null = null;
  private readonly runs = new Map<number, SampleRun>();
  private nextId = 1;

  constructor(private readonly emit: (event: SamplerFrameEvent) => void) {}

  async load(modelDir: string, precision: Precision): Promise<LoadedInfo> {
    await this.client?.close();
    this.client = null;
    this.client = await SamplerClient.start(modelDir, 'auto', precision);
    return this.client.info;
  }

  start(job: SampleJob): number {
    if (!this.client) throw new Error('no model is loaded');
    const id = this.nextId++;
    const run = this.client.sample(job, {
      onInit: (image, maps) => this.emit({ type: 'init', id, image, maps }),
      onStep: (step) => this.emit({ type: 'step', id, step }),
    });
    this.runs.set(id, run);
    run.done.then(
      (result) => this.emit({ type: 'done', id, result }),
      (error: Error) => this.emit({ type: 'error', id, message: error.message }),
    );
    void run.done.finally(() => this.runs.delete(id)).catch(() => {});
    return id;
  }

  cancel(runId: number): void {
    this.runs.get(runId)?.cancel();
  }

  async close(): Promise<void> {
    await this.client?.close();
  }
}
