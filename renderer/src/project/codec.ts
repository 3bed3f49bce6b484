/**
 * Encodes and decodes project files on a Web Worker, one job at a time, so neither a save nor an
 * autosave blocks the page: the page builds only the small JSON pieces and sends the writer just
 * the arrays and frame chunks it does not hold yet. Where there are no workers (unit tests) the
 * same code runs in place.
 */
import { BinaryNames, decodeProject, ProjectError, projectPieces, type OpenedProject, type ProjectInput } from '../../../electron/core/project/format';
import { PackCache, type SentPiece } from './pack-cache';
import type { ProjectJob, ProjectReply } from './project-worker';

export class ProjectCodec {
  private worker: Worker | null = null;
  private readonly inline = new PackCache();
  private readonly names = new BinaryNames();
  /** Names of the entries the writer holds (as of its last answer). */
  private held = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  encode(project: ProjectInput): Promise<Uint8Array> {
    return this.serial(async () => {
      const pieces = projectPieces(project, this.names, new Date().toISOString());
      const sent = (all: boolean): SentPiece[] => pieces.map((p) => (p.kind !== 'json' && !all && this.held.has(p.name) ? { kind: 'known', name: p.name } : p));
      const reply = await this.ask({ type: 'pack', pieces: sent(false) }).then(
        (r) => (r.type === 'error' && r.lost ? this.ask({ type: 'pack', pieces: sent(true) }) : r), // the writer was restarted: send everything
      );
      if (reply.type !== 'packed') throw new Error(reply.type === 'error' ? reply.message : 'the project writer answered something else');
      this.held = new Set(reply.held);
      return reply.bytes;
    });
  }

  decode(bytes: Uint8Array): Promise<OpenedProject> {
    return this.serial(async () => {
      const reply = await this.ask({ type: 'decode', bytes });
      if (reply.type === 'error') throw new ProjectError(reply.message);
      if (reply.type !== 'decoded') throw new Error('the project reader answered something else');
      return reply.opened;
    });
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private ask(job: ProjectJob): Promise<ProjectReply> {
    if (typeof Worker === 'undefined') return Promise.resolve(this.answerInPlace(job));
    this.worker ??= new Worker(new URL('./project-worker.ts', import.meta.url), { type: 'module' });
    const worker = this.worker;
    return new Promise<ProjectReply>((resolve) => {
      worker.onmessage = ({ data }: MessageEvent<ProjectReply>) => resolve(data);
      worker.onerror = (event) => {
        worker.terminate();
        this.worker = null;
        this.held.clear();
        resolve({ type: 'error', message: `the project writer failed (${event.message || 'it did not start'})`, lost: false });
      };
      worker.postMessage(job); // a copy: the stores keep their arrays
    });
  }

  private answerInPlace(job: ProjectJob): ProjectReply {
    try {
      if (job.type === 'pack') return { type: 'packed', ...this.inline.pack(job.pieces) };
      return { type: 'decoded', opened: decodeProject(job.bytes) };
    } catch (error) {
      return { type: 'error', message: (error as Error).message, lost: (error as Error).name === 'LostEntry' };
    }
  }
}
