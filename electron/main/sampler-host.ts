import { MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import { fileURLToPath } from 'node:url';
import type { LoadedInfo, SampleJob, SamplerEvent, SamplerRequest } from '../core/job/protocol';
import type { UtilityMessage } from '../worker/sampler-utility';
import type { SamplerHost } from './handlers/ports';
import { LoadQueue } from './handlers/sampler-bookkeeping';

const UTILITY_ENTRY = fileURLToPath(new URL('./sampler-utility.js', import.meta.url));

/** The sampler in a utilityProcess: main only forwards requests; frames reach the renderer on their own port. */
export class UtilitySampler implements SamplerHost {
  /** `onCrash` hears when the sampler process dies unexpectedly: every run in flight is lost. */
  constructor(private readonly onCrash: (message: string) => void = () => {}) {}

  private child: UtilityProcess | null = null;
  private nextRunId = 1;
  private loads = new LoadQueue();
  private contents: WebContents | null = null;

  /** Gives the renderer (again, after a reload or a sampler restart) a fresh port the utility writes frames to. */
  connect(contents: WebContents): void {
    this.contents = contents;
    if (contents.isDestroyed()) return;
    const { port1, port2 } = new MessageChannelMain();
    this.process().postMessage({ type: 'renderer-port' } satisfies UtilityMessage, [port1]);
    contents.postMessage('sampler:port', null, [port2]);
  }

  load(modelDir: string): Promise<LoadedInfo> {
    this.process(); // a respawn queues its model restore before this load
    const reply = this.loads.wait(modelDir);
    this.send({ type: 'load', modelDir, backend: 'auto' });
    return reply;
  }

  start(job: SampleJob): number {
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
    this.loads.failAll('the sampler was stopped');
  }

  private send(request: SamplerRequest): void {
    this.process().postMessage({ type: 'request', request } satisfies UtilityMessage);
  }

  private process(): UtilityProcess {
    if (this.child) return this.child;
    const child = utilityProcess.fork(UTILITY_ENTRY, [], { serviceName: 'Gibbs sampler', stdio: 'inherit' });
    child.on('message', (event: SamplerEvent) => this.loads.settle(event));
    child.on('exit', (code: number) => {
      if (this.child !== child) return; // an old child, already disposed of
      this.child = null;
      this.loads.failAll('the sampler process exited');
      this.onCrash(`the sampler process exited with code ${code}`);
    });
    this.child = child;
    if (this.contents) this.connect(this.contents);
    // a respawned sampler starts without a model: load the last one again, ahead of any request
    const modelDir = this.loads.restore();
    if (modelDir) this.send({ type: 'load', modelDir, backend: 'auto' });
    return child;
  }
}
