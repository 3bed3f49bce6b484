import { MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import { fileURLToPath } from 'node:url';
import type { LoadedInfo, SampleJob, SamplerEvent, SamplerRequest } from '../core/job/protocol';
import type { UtilityMessage } from '../worker/sampler-utility';
import type { SamplerHost } from './handlers/ports';

const UTILITY_ENTRY = fileURLToPath(new URL('./sampler-utility.js', import.meta.url));

/** The sampler in a utilityProcess: main only forwards requests; frames reach the renderer on their own port. */
export class UtilitySampler implements SamplerHost {
  private child: UtilityProcess | null = null;
  private nextRunId = 1;
  private loadWaiter: ((event: SamplerEvent) => void) | null = null;
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
    return new Promise((resolve, reject) => {
      this.loadWaiter = (event) => {
        if (event.type === 'loaded') resolve({ backend: event.backend, reason: event.reason, card: event.card });
        else reject(new Error(event.type === 'load-error' ? event.message : `unexpected ${event.type}`));
      };
      this.send({ type: 'load', modelDir, backend: 'auto' });
    });
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
  }

  private send(request: SamplerRequest): void {
    this.process().postMessage({ type: 'request', request } satisfies UtilityMessage);
  }

  private process(): UtilityProcess {
    if (this.child) return this.child;
    const child = utilityProcess.fork(UTILITY_ENTRY, [], { serviceName: 'Gibbs sampler', stdio: 'inherit' });
    child.on('message', (event: SamplerEvent) => {
      this.loadWaiter?.(event);
      this.loadWaiter = null;
    });
    child.on('exit', () => {
      if (this.child === child) this.child = null;
      this.loadWaiter?.({ type: 'load-error', message: 'the sampler process exited' });
      this.loadWaiter = null;
    });
    this.child = child;
    if (this.contents) this.connect(this.contents);
    return child;
  }
}
