import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RgbaImage } from '../../../electron/core/image/png';
import { DEFAULT_PARAMS } from '../../../electron/core/sampler/params';
import { workingRegion } from '../../../electron/core/region/working-region';
import { placeRegion } from '../lib/placement';
import { installFakeApi } from '../testing/fake-api';
import { useChainStore } from './chain';
import { useDocumentStore } from './document';
import { AUTOSAVE_MS, useProjectStore } from './project';

const fake = installFakeApi();
const W = 8;
const picture = (fill: number): RgbaImage => ({ width: W, height: W, data: new Uint8Array(W * W * 4).fill(fill) });
const settle = () => new Promise((r) => setTimeout(r, 25));

/** A fresh app (new stores) around the same fake main side: what a restart looks like. */
function restart() {
  setActivePinia(createPinia());
  return { doc: useDocumentStore(), chain: useChainStore(), project: useProjectStore() };
}

describe('project store', () => {
  let app: ReturnType<typeof restart>;
  const paint = (x: number) => {
    app.doc.beginStroke({ x: x + 0.5, y: 1.5 }, 1, false);
    app.doc.dab({ x: x + 2.5, y: 1.5 }, 1);
    app.doc.endStroke();
  };
  /** A 4-pixel region run with three frames, finished. */
  async function runOnce() {
    const mask = new Uint8Array([1, 1, 0, 0]);
    const region = workingRegion({ x: 0, y: 0, width: 4, height: 1 }, 'native', { width: 4, height: 1 });
    const place = placeRegion(app.doc.image!, app.doc.base!, new Uint8Array(W * W), region, { feather: 0, smooth: false });
    const run = await app.chain.start({ image: { width: 4, height: 1, channels: 1, levels: 2, data: new Uint8Array(4) }, mask, place, params: { ...DEFAULT_PARAMS }, seed: 9, chains: 1, label: 'first' });
    const maps = () => ({ entropy: new Uint8Array([200, 100]), changes: new Uint16Array([0, 1]) });
    fake.emit({ type: 'init', id: run.id, image: new Uint8Array([1, 1, 0, 0]), maps: maps() });
    fake.emit({ type: 'step', id: run.id, step: { n: 0, steps: 2, alpha: 0.5, blockSize: [1], meanLogProb: [-1], image: new Uint8Array([0, 1, 0, 0]), maps: maps() } });
    fake.emit({ type: 'done', id: run.id, result: { image: new Uint8Array(4), stepsDone: 1, steps: 2, cancelled: false } });
    await settle();
    return run;
  }

  beforeEach(() => {
    fake.reset();
    app = restart();
    app.doc.load('cat.png', picture(7));
  });
  afterEach(() => vi.useRealTimers());

  it('saves and reopens the image, mask, runs and undo history', async () => {
    paint(1);
    await runOnce();
    expect(await app.project.save()).toBe(true);
    const saved = fake.projectSaves[0]!;
    expect(saved).toMatchObject({ path: null, backup: null }); // never saved: Save asks where
    const before = { records: app.doc.records, steps: app.doc.steps, runs: app.chain.liveRuns() };

    app = restart();
    await app.project.openFile({ name: 'cat.gibbs', path: '/saved/cat.gibbs', bytes: saved.bytes });
    expect(app.doc.records.maskEdits).toEqual(before.records.maskEdits);
    expect(app.doc.records.base).toEqual(before.records.base);
    expect(app.doc.holeCount).toBe(3);
    expect(app.doc.steps).toEqual(before.steps);
    expect(app.chain.runs.map((r) => [r.id, r.label, r.frameNumbers, r.status, r.maps, r.bytes])).toEqual(before.runs.map((r) => [r.id, r.label, r.frameNumbers, r.status, r.maps, r.bytes]));
    expect(app.chain.runs[0]!.place.base).toBe(app.doc.base); // the run is shown over the document's own picture
    app.doc.undo(); // the stroke
    expect(app.doc.holeCount).toBe(0);
    expect(app.project.path).toBe('/saved/cat.gibbs');
  });

  it('marks unsaved changes in the title and tells main; a save clears the mark', async () => {
    expect(app.project.dirty).toBe(true);
    expect(app.project.title).toBe('cat.png * — Gibbs Inpaint');
    await app.project.save();
    expect(app.project.title).toBe('cat.gibbs — Gibbs Inpaint');
    await settle();
    expect(fake.dirty).toBe(false);
    paint(2);
    expect(app.project.title).toBe('cat.gibbs * — Gibbs Inpaint');
    await settle();
    expect(fake.dirty).toBe(true);
    await app.project.save(); // the second save goes to the same file, no dialog
    expect(fake.projectSaves.map((s) => s.path)).toEqual([null, '/saved/cat.gibbs']);
    expect(app.project.dirty).toBe(false);
  });

  it('a cancelled Save As changes nothing, and "save then close" does not close', async () => {
    fake.cancelSaveDialog = true;
    expect(await app.project.save(true)).toBe(false);
    await app.project.saveThenClose();
    expect(fake.windowClosed).toBe(0);
    expect(app.project.dirty).toBe(true);
    fake.cancelSaveDialog = false;
    await app.project.saveThenClose();
    expect(fake.windowClosed).toBe(1);
  });

  it('a project opened with losses says what was lost and backs the file up before the first save over it', async () => {
    await app.project.save();
    const bytes = fake.projectSaves[0]!.bytes.slice();
    const at = findEntry(bytes, 'history.json');
    bytes[at] ^= 0xff;
    app = restart();
    await app.project.openFile({ name: 'cat.gibbs', path: '/saved/cat.gibbs', bytes });
    const { useNoticesStore } = await import('./notices');
    expect(useNoticesStore().notices.at(-1)?.text).toBe('cat.gibbs was damaged; opened without the undo history. Saving over it keeps the damaged file as a backup.');
    paint(1);
    await app.project.save(true); // Save As elsewhere: the damaged file stays flagged
    expect(fake.projectSaves.at(-1)).toMatchObject({ path: null, backup: '/saved/cat.gibbs' });
    await app.project.openFile({ name: 'cat.gibbs', path: '/saved/cat.gibbs', bytes });
    await app.project.save();
    expect(fake.projectSaves.at(-1)).toMatchObject({ path: '/saved/cat.gibbs', backup: '/saved/cat.gibbs' });
    await app.project.save();
    expect(fake.projectSaves.at(-1)!.backup).toBeNull(); // one backup is enough
  });

  it('autosaves unsaved changes in the background and offers them back after a restart', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await app.project.checkRecovery(); // nothing to offer: autosave starts
    paint(1);
    await vi.advanceTimersByTimeAsync(AUTOSAVE_MS);
    await vi.waitFor(() => expect(fake.autosave).not.toBeNull());
    expect(fake.autosave!.name).toBe('cat.png');

    app = restart(); // the page was killed: nothing was saved
    await app.project.checkRecovery();
    expect(app.project.recovery?.name).toBe('cat.png');
    expect(app.doc.image).toBeNull();
    await app.project.restore();
    expect(app.doc.holeCount).toBe(3);
    expect(app.project.dirty).toBe(true); // restored work is still unsaved
    expect(app.project.recovery).toBeNull();
  });

  it('a discarded offer removes the autosave; a save removes it too', async () => {
    fake.autosave = { name: 'old.png', path: null, savedAt: '', bytes: new Uint8Array(1) };
    await app.project.checkRecovery();
    await app.project.discardRecovery();
    expect(fake.autosave).toBeNull();
    fake.autosave = { name: 'cat.png', path: null, savedAt: '', bytes: new Uint8Array(1) };
    await app.project.save();
    expect(fake.autosave).toBeNull();
  });

  it('a run started after a restore never takes a restored run’s id', async () => {
    const first = await runOnce();
    await app.project.save();
    app = restart();
    await app.project.openFile({ name: 'cat.gibbs', path: '/saved/cat.gibbs', bytes: fake.projectSaves[0]!.bytes });
    fake.nextRunIs(first.id); // a new session's sampler counts from the start again
    const next = await runOnce();
    expect(next.id).not.toBe(first.id);
    expect(app.chain.runs.map((r) => r.id)).toEqual([first.id, next.id]);
  });
});

function findEntry(file: Uint8Array, name: string): number {
  const needle = new TextEncoder().encode(name);
  for (let i = 0; i < file.length - 30; i++) {
    if (file[i] === 0x50 && file[i + 1] === 0x4b && file[i + 2] === 3 && file[i + 3] === 4 && needle.every((b, k) => file[i + 30 + k] === b)) {
      return i + 30 + needle.length + (file[i + 28]! | (file[i + 29]! << 8));
    }
  }
  throw new Error(`no entry ${name}`);
}
