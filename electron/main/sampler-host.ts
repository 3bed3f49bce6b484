import { MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import { fileURLToPath } from 'node:url';
import type { LoadedInfo, SampleJob, SamplerRequest } from '../core/job/protocol';
import type { Precision } from '../core/model/card';
import type { UtilityMessage, UtilityReply } from '../worker/sampler-utility';
import type { SamplerHost } from './handlers/ports';
import { JobSlots, LoadQueue } from './handlers/sampler-bookkeeping';

const UTILITY_ENTRY = fileURLToPath(new URL('./sampler-utility.js', import.meta.url));

/** The sampler in a utilityProcess: main only forwards requests; frames reach the renderer on their own port. */
export class UtilitySampler implements SamplerHost {
  /** `onCrash` hears when the sampler process dies unexpectedly: every run in flight is lost. */
  constructor(private readonly onCrash: (message: string) => void = () => {}) {}

  private child: UtilityProcess | null = null;
  private nextRunId = 1;
  private loads = new LoadQueue();
  private jobs = new JobSlots();
  private contents: WebContents | null = null;

  /**
   * Gives the renderer (again, after a reload or a sampler restart) a fresh port the utility writes
   * frames to. Jobs of the page that was there before are cancelled: nobody follows them any more.
   */
  connect(contents: WebContents): void {
    this.contents = contents;
    for (const id of this.jobs.ids()) this.cancel(id);
    if (contents.isDestroyed()) return;
    const { port1, port2 } = new MessageChannelMain();
    this.process().postMessage({ type: 'renderer-port' } satisfies UtilityMessage, [port1]);
    contents.postMessage('sampler:port', null, [port2]);
  }

  load(modelDir: string, precision: Precision): Promise<LoadedInfo> {
    this.process(); // a respawn queues its model restore before this load
    const reply = this.loads.wait(modelDir, precision);
    this.send({ type: 'load', modelDir, backend: 'auto', precision });
    return reply;
  }

  /** Sends a job, or throws when the window already has its fill of open jobs. */
  start(job: SampleJob): number {
    this.jobs.take(this.nextRunId);
    const id = this.nextRunId++;
    this.send({ type: 'sample', id, job });
    return id;
  }

  cancel(runId: number): void {
    this.send({ type: 'cancel', id: runId });
  }

  dispose(): void {
    this.child?.kill();
    this.child = null;
    this.jobs.freeAll();
    this.loads.failAll('the sampler was stopped');
  }

  private send(request: SamplerRequest): void {
    this.process().postMessage({ type: 'request', request } satisfies UtilityMessage);
  }

  private process(): UtilityProcess {
    if (this.child) return this.child;
    const child = utilityProcess.fork(UTILITY_ENTRY, [], { serviceName: 'Gibbs sampler', stdio: 'inherit' });
    child.on('message', (reply: UtilityReply) => (reply.type === 'ended' ? this.jobs.free(reply.id) : this.loads.settle(reply)));
    child.on('exit', (code: number) => {
      if (this.child !== child) return; // an old child, already disposed of
      this.child = null;
      this.jobs.freeAll();
      this.loads.failAll('the sampler process exited');
      this.onCrash(`the sampler process exited with code ${code}`);
    });
    this.child = child;
    if (this.contents) this.connect(this.contents);
    // a respawned sampler starts without a model: load the last one again, ahead of any request
    const modelDir = this.loads.restore();
    if (modelDir) this.send({ type: 'load', modelDir, backend: 'auto', precision: this.loads.lastPrecision });
    return child;
  }
}
