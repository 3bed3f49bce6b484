import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../core/ipc/contract';
import { applyProgress, type TrainForm, type TrainingView } from '../../core/training/session';
import { TrainingManager, type TrainingDeps } from './manager';

const FAKE = path.join(import.meta.dirname, 'testing', 'fake-trainer.mjs');

async function world(options: Partial<TrainingDeps> = {}) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'train-manager-'));
  const pics = path.join(root, 'pics');
  await mkdir(pics);
  const userData = path.join(root, 'user');
  const events: TrainingEvent[] = [];
  const deps: TrainingDeps = {
    userData,
    baseDir: async (dir) => dir,
    newModelDir: async (title) => path.join(userData, 'models', title),
    python: async () => process.execPath,
    trainingRoot: async () => root,
    emit: (e) => events.push(e),
    launcher: (args) => [FAKE, 'cli', ...args],
    graceMs: 5000,
    ...options,
  };
  const form = (steps: number): TrainForm => ({ dataDir: pics, base: { kind: 'model', dir: path.join(root, 'bundled', 'emoji-64') }, duration: { unit: 'steps', value: steps }, examples: 'crop', title: 'sprites' });
  return { root, pics, userData, events, deps, form, manager: new TrainingManager(deps) };
}

/** Waits until the manager's view satisfies `ok`. */
async function until(manager: TrainingManager, ok: (v: TrainingView) => boolean): Promise<TrainingView> {
  for (let i = 0; i < 400; i++) {
    const view = await manager.state();
    if (view && ok(view)) return view;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out; the view is ${JSON.stringify(await manager.state())}`);
}

/** The view the renderer builds from the events alone. */
function replay(events: TrainingEvent[]): TrainingView | null {
  let view: TrainingView | null = null;
  for (const e of events) view = e.type === 'view' ? e.view : view && applyProgress(view, e.message);
  return view;
}

describe('the training manager', () => {
  it('runs the trainer to the end: progress, points, skipped files, the model in the user models folder', async () => {
    const { manager, events, userData, form } = await world();
    const started = await manager.start(form(6));
    // the reply is the view as start returns, which the renderer shows: under load the six-step fake may have finished by then
    expect(started.modelId).toBe('sprites');
    expect(['running', 'done']).toContain(started.status);
    const done = await until(manager, (v) => v.status === 'done');
    expect(done.train.map(([s]) => s)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(done.validation.map(([s]) => s)).toEqual([2, 4, 6]);
    expect(done.skipped).toEqual([{ file: 'bad.png', reason: 'not a readable image' }]);
    expect(done.start?.base).toBe(path.join(path.dirname(userData), 'bundled', 'emoji-64'));
    expect(done.done?.model).toBe(path.join(userData, 'models', 'sprites'));
    expect((await stat(path.join(userData, 'models', 'sprites', 'card.json'))).isFile()).toBe(true);
    expect(replay(events)).toEqual(done); // the renderer's reducer sees the same run
    await manager.written();
    const saved = JSON.parse(await readFile(path.join(userData, 'training', 'run.json'), 'utf8'));
    expect(saved.view.status).toBe('done');
  });

  it('pause stops at a checkpoint; resume continues from its step with --resume', async () => {
    const { manager, form } = await world();
    await manager.start(form(100_000));
    await until(manager, (v) => (v.step?.step ?? 0) >= 3);
    await manager.pause();
    const paused = await until(manager, (v) => v.status === 'paused');
    expect(paused.resumable).toBe(true);
    const at = paused.step!.step;
    await manager.resume();
    const resumed = await until(manager, (v) => v.start?.resumedFrom !== null && (v.step?.step ?? 0) > at);
    expect(resumed.start?.resumedFrom).toBe(at);
    expect(resumed.train.map(([s]) => s).slice(0, at)).toEqual(Array.from({ length: at }, (_, i) => i + 1)); // the points before stay
    await manager.pause();
    await until(manager, (v) => v.status === 'paused');
  });

  it('a run the app closed mid-way is offered for resume by the next start of the app', async () => {
    const first = await world();
    await first.manager.start(first.form(100_000));
    await until(first.manager, (v) => v.resumable);
    await first.manager.shutdown(); // quitting: the trainer checkpoints and stops first
    expect(JSON.parse(await readFile(path.join(first.userData, 'training', 'run.json'), 'utf8')).view.status).toBe('paused');
    // main exits before the trainer's last report: run.json still says running
    const file = path.join(first.userData, 'training', 'run.json');
    const saved = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...saved, view: { ...saved.view, status: 'running' } }));
    const again = new TrainingManager(first.deps);
    const view = await again.state();
    expect(view).toMatchObject({ status: 'paused', resumable: true, message: 'The app closed during this run.' });
    await expect(again.start(first.form(3))).rejects.toThrow(/a run of sprites is paused: resume or discard it first/);
    await again.resume();
    await until(again, (v) => v.status === 'running' && v.start?.resumedFrom !== null);
    await again.pause();
    await until(again, (v) => v.status === 'paused');
  });

  it('save best exports the best checkpoint of a paused run; discard deletes the run folder, not the model', async () => {
    const { manager, form, userData } = await world();
    await manager.start(form(100_000));
    await until(manager, (v) => v.validation.length >= 1);
    await manager.pause();
    await until(manager, (v) => v.status === 'paused');
    const saved = await manager.saveBest();
    expect(saved.status).toBe('done');
    const card = JSON.parse(await readFile(path.join(userData, 'models', 'sprites', 'card.json'), 'utf8'));
    expect(card.from).toMatch(/best\.pt$/);
    await manager.discard();
    expect(await manager.state()).toBeNull();
    expect(await readdir(path.join(userData, 'training', 'runs'))).toEqual([]);
    expect((await stat(path.join(userData, 'models', 'sprites'))).isDirectory()).toBe(true);
  });

  it('refuses bad starts in one line and saves nothing', async () => {
    const missing = await world({ python: async () => Promise.reject(new Error('python3 lacks torch. Install with: pip install torch')) });
    await expect(missing.manager.start(missing.form(3))).rejects.toThrow('python3 lacks torch');
    await expect(missing.manager.start({ ...missing.form(3), dataDir: path.join(missing.root, 'nope') })).rejects.toThrow(/nope is not a folder/);
    const full = await world({ freeBytes: async () => 10 * 2 ** 20 });
    await expect(full.manager.start(full.form(3))).rejects.toThrow(/has 10 MiB free; a run needs at least 256 MiB/);
    expect(await missing.manager.state()).toBeNull();
    await expect(stat(path.join(missing.userData, 'training', 'run.json'))).rejects.toThrow();
  });

  it('a failed run keeps its message; without a checkpoint a new run replaces it', async () => {
    let runs = 0;
    const { manager, form, pics } = await world({ launcher: (args) => (runs++ === 0 ? [FAKE, 'error'] : [FAKE, 'cli', ...args]) });
    await writeFile(path.join(pics, 'a.png'), '');
    await manager.start(form(4));
    const failed = await until(manager, (v) => v.status === 'failed');
    expect(failed).toMatchObject({ message: '--data-dir /pics: no images', resumable: false });
    // nothing to resume: a new run replaces it without a discard
    await manager.start(form(100_000));
    await until(manager, (v) => v.resumable);
    await manager.pause();
    await until(manager, (v) => v.status === 'paused');
    await manager.resume();
    await until(manager, (v) => v.status === 'running' && v.start?.resumedFrom !== null);
    await manager.pause();
    await until(manager, (v) => v.status === 'paused');
  });

  it('a disk that fills mid-run fails in one line and the run resumes from its last checkpoint', async () => {
    const { manager, form, root } = await world();
    const full = path.join(root, 'full');
    await mkdir(full);
    await manager.start({ ...form(6), dataDir: full });
    const failed = await until(manager, (v) => v.status === 'failed');
    expect(failed).toMatchObject({ resumable: true, message: expect.stringMatching(/No space left on device\); the previous checkpoint is kept$/) });
    await expect(manager.start(form(3))).rejects.toThrow(/is failed: resume or discard it first/);
    await manager.resume();
    const done = await until(manager, (v) => v.status === 'done');
    expect(done.start?.resumedFrom).toBe(2);
  });

  it('previews the examples (PNG bytes) or says in one line why not', async () => {
    const { manager, form, root } = await world();
    const preview = await manager.preview(form(3));
    expect(preview).toMatchObject({ images: 5, training: 4, validation: 1, size: [8, 8], channels: 3, levels: 4 });
    expect(preview.examples.map((b) => [...b])).toEqual([[137, 80, 78, 71, 0], [137, 80, 78, 71, 1]]);
    const empty = path.join(root, 'empty');
    await mkdir(empty);
    await expect(manager.preview({ ...form(3), dataDir: empty })).rejects.toThrow(`--data-dir ${empty}: no images`);
  });
});
