/**
 * The Train panel's runs on the main side: one run at a time, as a child process (job.ts), its
 * view kept by the same reducer the renderer applies (core/training/session.ts) and saved in
 * user data/training/run.json, so a run the app closed mid-way is offered for resume next time.
 * Results go to the user's models folder; run folders (checkpoints, sheets) to training/runs.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import type { TrainingEvent } from '../../core/ipc/contract';
import { trainArguments } from '../../core/training/command';
import type { ProgressMessage } from '../../core/training/protocol';
import { applyProgress, newView, PreviewLineSchema, type TrainForm, type TrainingView, type TrainPreview } from '../../core/training/session';
import { startTrainingJob, type TrainingJob, type TrainingOutcome } from './job';
import { TRAIN_MODULE_ARGS } from './location';

export interface TrainingDeps {
  userData: string;
  /** A library model's folder, once the library lists it (fine-tuning starts from it); else throws why not. */
  baseDir(dir: string): Promise<string>;
  /** A free folder in the user's models for a new model named `title`. */
  newModelDir(title: string): Promise<string>;
  /** The Python that trains; throws the paragraph that says what is missing and how to install it. */
  python(): Promise<string>;
  /** The folder holding models/training (location.ts). */
  trainingRoot(): Promise<string>;
  emit(event: TrainingEvent): void;
  /** The arguments after the Python executable; tests put a fake trainer here. */
  launcher?(moduleArgs: string[]): string[];
  /** Free bytes on the disk holding `dir` (statfs). */
  freeBytes?(dir: string): Promise<number>;
  graceMs?: number;
}

/** Below this much free space a run is refused: checkpoints, sheets and the exported model need room. */
export const MIN_FREE_BYTES = 256 * 2 ** 20;
const PREVIEW_COUNT = 8;
const PREVIEW_TIMEOUT_MS = 180_000;
const EXPORT_TIMEOUT_MS = 600_000;

/** What run.json holds beside the view: where the run and its result live. */
interface Saved {
  view: TrainingView;
  runDir: string;
  modelDir: string;
  sheetPath: string | null;
}

const SavedSchema = v.looseObject({
  format: v.literal(1),
  view: v.looseObject({ status: v.string(), form: v.unknown(), modelId: v.string() }),
  runDir: v.string(),
  modelDir: v.string(),
  sheetPath: v.nullable(v.string()),
});

export class TrainingManager {
  private saved: Saved | null = null;
  private job: TrainingJob | null = null;
  /** Settles once the job's outcome is in the view (a `cancelled` line comes just before the exit). */
  private ended: Promise<void> = Promise.resolve();
  private loaded: Promise<void> | null = null;
  /** The state file's writes, one after another, so the last view written is the last one. */
  private writes: Promise<void> = Promise.resolve();
  private readonly stateFile: string;
  private readonly runsRoot: string;

  constructor(private readonly deps: TrainingDeps) {
    this.stateFile = path.join(deps.userData, 'training', 'run.json');
    this.runsRoot = path.join(deps.userData, 'training', 'runs');
  }

  /** The run to show: the current one, or the one left when the app last closed (then paused). */
  async state(): Promise<TrainingView | null> {
    await this.load();
    return this.saved?.view ?? null;
  }

  async preview(form: TrainForm): Promise<TrainPreview> {
    await this.checkFolder(form.dataDir);
    const python = await this.deps.python();
    const out = await mkdtemp(path.join(os.tmpdir(), 'gibbs-preview-'));
    try {
      const args = ['preview', '--data-dir', form.dataDir, '--examples', form.examples, '--count', String(PREVIEW_COUNT), '--out', out];
      if (form.base.kind === 'model') args.push('--base', await this.deps.baseDir(form.base.dir));
      const stdout = await this.runPython(python, args, PREVIEW_TIMEOUT_MS);
      const line = v.safeParse(PreviewLineSchema, lastJson(stdout));
      if (!line.success) throw new Error(`the preview gave no report${stdout.trim() ? `: ${stdout.trim().split('\n').at(-1)}` : ''}`);
      if (line.output.type === 'error') throw new Error(line.output.message);
      const { type: _, examples, ...report } = line.output;
      return { ...report, examples: await Promise.all(examples.map(async (file) => new Uint8Array(await readFile(file)))) };
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }

  async start(form: TrainForm): Promise<TrainingView> {
    await this.load();
    // a finished run, or a failed one with no checkpoint, has nothing left to lose: a new run replaces it
    const { view } = this.saved ?? {};
    if (view && view.status !== 'done' && !(view.status === 'failed' && !view.resumable)) throw new Error(`a run of ${view.modelId} is ${view.status}: resume or discard it first`);
    await this.checkFolder(form.dataDir);
    await this.checkDisk();
    const python = await this.deps.python();
    const base = form.base.kind === 'model' ? await this.deps.baseDir(form.base.dir) : undefined;
    const modelDir = await this.deps.newModelDir(form.title ?? path.basename(path.resolve(form.dataDir)));
    const modelId = path.basename(modelDir);
    await mkdir(this.runsRoot, { recursive: true });
    const runDir = await mkdtemp(path.join(this.runsRoot, `${modelId}-`));
    if (this.saved) await this.forget();
    this.saved = { view: newView(form, modelId), runDir, modelDir, sheetPath: null };
    await this.launch(python, base, false);
    return this.saved.view;
  }

  /** Stops the run at a checkpoint (the trainer writes ckpt.pt and reports `cancelled`). */
  async pause(): Promise<void> {
    if (!this.job || !this.saved) throw new Error('no run is in progress');
    this.job.cancel();
    this.update({ ...this.saved.view, status: 'stopping' });
  }

  async resume(): Promise<TrainingView> {
    const saved = await this.stopped('resumed');
    await this.checkDisk();
    const python = await this.deps.python();
    const { base } = saved.view.form;
    const baseDir = base.kind === 'model' ? await this.deps.baseDir(base.dir) : undefined;
    // without a checkpoint (closed before the first) the run starts again from its beginning
    const resume = await isFile(path.join(saved.runDir, 'ckpt.pt'));
    this.saved = { ...saved, view: { ...saved.view, status: 'running', message: null } };
    await this.launch(python, baseDir, resume);
    return this.saved.view;
  }

  /** Exports a stopped run's best checkpoint as the model, as the end of the run would have. */
  async saveBest(): Promise<TrainingView> {
    const saved = await this.stopped('saved');
    if (!(await isFile(path.join(saved.runDir, 'best.pt')))) throw new Error('this run has no best checkpoint yet (it saves one at each validation)');
    const python = await this.deps.python();
    const { view } = saved;
    const title = view.form.title ?? path.basename(path.resolve(view.form.dataDir));
    await this.runPython(python, ['export', '--run', saved.runDir, '--id', view.modelId, '--title', title, '--models-dir', path.dirname(saved.modelDir), '--time-runs', '0'], EXPORT_TIMEOUT_MS);
    const best = view.validation.reduce((lo, [, nll]) => Math.min(lo, nll), Infinity);
    const done = { type: 'done' as const, model: saved.modelDir, run: saved.runDir, steps: view.step?.step ?? 0, best: Number.isFinite(best) ? best : null, base: null };
    this.update(applyProgress(view, done));
    return this.saved!.view;
  }

  async discard(): Promise<void> {
    await this.load();
    if (this.job) throw new Error('the run is still going: pause it first');
    if (!this.saved) return;
    await this.forget();
    this.deps.emit({ type: 'view', view: null });
  }

  /** The newest sample sheet's PNG bytes. */
  async sheet(): Promise<Uint8Array | null> {
    await this.load();
    const file = this.saved?.sheetPath;
    if (!file || !isInside(file, this.saved!.runDir)) return null;
    return readFile(file).then((b) => new Uint8Array(b), () => null);
  }

  /**
   * Quitting: asks the trainer to checkpoint and stop, and resolves once it has and the view is
   * saved, or after `waitMs` (then run.json still says "running", and the next start offers a
   * resume from the last checkpoint all the same).
   */
  async shutdown(waitMs = 20_000): Promise<void> {
    if (!this.job) return;
    this.job.cancel();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.ended, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    await this.writes;
  }

  // --- internals -------------------------------------------------------------------------------

  private async launch(python: string, base: string | undefined, resume: boolean): Promise<void> {
    const saved = this.saved!;
    const { form } = saved.view;
    const moduleArgs = [...TRAIN_MODULE_ARGS, ...trainArguments({
      dataDir: form.dataDir,
      ...(base !== undefined ? { base } : { netSize: form.base.kind === 'fresh' ? form.base.netSize : 'small' }),
      ...(form.duration.unit === 'minutes' ? { minutes: form.duration.value } : { steps: form.duration.value }),
      examples: form.examples,
      runDir: saved.runDir,
      modelDir: saved.modelDir,
      ...(form.title ? { title: form.title } : {}),
      ...(resume ? { resume: true } : {}),
    })];
    const job = startTrainingJob({
      python,
      args: this.deps.launcher ? this.deps.launcher(moduleArgs) : moduleArgs,
      cwd: await this.deps.trainingRoot(),
      ...(this.deps.graceMs !== undefined ? { graceMs: this.deps.graceMs } : {}),
      onMessage: (m) => this.progress(m),
      onMalformed: (problem) => console.warn(`trainer: ${problem}`),
    });
    this.job = job;
    await this.persist();
    this.deps.emit({ type: 'view', view: saved.view });
    this.ended = job.finished.then((outcome) => this.finished(job, outcome));
  }

  private progress(m: ProgressMessage): void {
    if (!this.saved) return;
    if (m.type === 'sheet') this.saved.sheetPath = m.path;
    this.saved.view = applyProgress(this.saved.view, m);
    this.deps.emit({ type: 'progress', message: m });
    if (m.type !== 'step' && m.type !== 'skipped') void this.persist();
  }

  private async finished(job: TrainingJob, outcome: TrainingOutcome): Promise<void> {
    if (this.job !== job || !this.saved) return;
    this.job = null;
    const view = this.saved.view;
    const resumable = await isFile(path.join(this.saved.runDir, 'ckpt.pt'));
    if (outcome.kind === 'done') this.update({ ...view, status: 'done' });
    else if (outcome.kind === 'cancelled') this.update({ ...view, status: 'paused', resumable });
    else this.update({ ...view, status: 'failed', message: outcome.message, resumable });
  }

  private update(view: TrainingView): void {
    this.saved!.view = view;
    this.deps.emit({ type: 'view', view });
    void this.persist();
  }

  /** The saved run, if it is stopped (paused or failed) and can be `what`. */
  private async stopped(what: string): Promise<Saved> {
    await this.load();
    // reported paused or failed, not yet exited
    if (this.job && (this.saved?.view.status === 'paused' || this.saved?.view.status === 'failed')) await this.ended;
    const saved = this.saved;
    if (!saved) throw new Error(`no run to be ${what}`);
    if (this.job || !['paused', 'failed'].includes(saved.view.status)) throw new Error(`the run of ${saved.view.modelId} is ${saved.view.status}; only a paused run can be ${what}`);
    return saved;
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      let json: unknown;
      try {
        json = JSON.parse(await readFile(this.stateFile, 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') console.warn(`training state not read: ${(error as Error).message}`);
        return;
      }
      const parsed = v.safeParse(SavedSchema, json);
      if (!parsed.success) return console.warn(`training state ${this.stateFile} is damaged; it was left as it is`);
      const saved = parsed.output as unknown as Saved;
      if (saved.view.status === 'running' || saved.view.status === 'stopping') {
        // the app closed while it ran: the trainer checkpointed on its way out (or earlier)
        const resumable = await isFile(path.join(saved.runDir, 'ckpt.pt'));
        saved.view = { ...saved.view, status: 'paused', resumable, message: 'The app closed during this run.' };
      }
      this.saved = saved;
    })();
    return this.loaded;
  }

  private persist(): Promise<void> {
    const saved = this.saved;
    if (!saved) return this.writes;
    const text = `${JSON.stringify({ format: 1, ...saved })}\n`;
    this.writes = this.writes.then(() =>
      writeFileAtomic(this.stateFile, text).catch((error: Error) => console.warn(`training state not saved: ${error.message}`)),
    );
    return this.writes;
  }

  /** Resolves once the state file holds the current view. */
  written(): Promise<void> {
    return this.writes;
  }

  /** Deletes the run folder (never the exported model) and the state file. */
  private async forget(): Promise<void> {
    const saved = this.saved;
    this.saved = null;
    if (saved && isInside(saved.runDir, this.runsRoot)) await rm(saved.runDir, { recursive: true, force: true });
    await this.writes;
    await rm(this.stateFile, { force: true });
  }

  private async checkFolder(dir: string): Promise<void> {
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory()) throw new Error(`${dir} is not a folder`);
  }

  private async checkDisk(): Promise<void> {
    const free = await (this.deps.freeBytes ?? freeBytes)(this.deps.userData).catch(() => Infinity);
    if (free < MIN_FREE_BYTES) {
      throw new Error(`the disk holding ${this.deps.userData} has ${Math.floor(free / 2 ** 20)} MiB free; a run needs at least ${MIN_FREE_BYTES / 2 ** 20} MiB for its checkpoints and model`);
    }
  }

  private async runPython(python: string, args: string[], timeout: number): Promise<string> {
    const cwd = await this.deps.trainingRoot();
    const all = this.deps.launcher ? this.deps.launcher([...TRAIN_MODULE_ARGS, ...args]) : [...TRAIN_MODULE_ARGS, ...args];
    return new Promise((resolve, reject) => {
      execFile(python, all, { cwd, timeout, maxBuffer: 4 << 20, windowsHide: true }, (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const report = v.safeParse(PreviewLineSchema, lastJson(stdout));
        if (report.success && report.output.type === 'error') return resolve(stdout);
        const last = stderr.trim().split('\n').at(-1);
        reject(new Error(error.killed ? `${args[0]} gave no answer in ${timeout / 1000} s` : `${args[0]} failed${last ? `: ${last}` : ''}`));
      });
    });
  }
}

async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isFile() ?? false;
}

function isInside(file: string, root: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function lastJson(stdout: string): unknown {
  try {
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
  } catch {
    return null;
  }
}
