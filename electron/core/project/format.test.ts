import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, SAMPLERS } from '../sampler/params';
import { crc32 } from '../image/png-chunks';
import { FRAMES_PER_CHUNK, packFrames, unpackFrames } from './frames-pack';
import { BinaryNames, boundHistory, decodeProject, encodeProject, packPieces, projectPieces, ProjectError, type Project, type ProjectRun } from './format';
import { readZip, writeZip } from './zip';

const img = (width: number, height: number, fill: number) => ({ width, height, data: new Uint8Array(width * height * 4).fill(fill) });

/** A 6×4 picture, one accepted patch, a mask with one stroke, two runs (one of 70 frames: two chunks), three undo steps. */
function project(): Project {
  const base = img(6, 4, 10);
  const maskBase = new Uint8Array(24);
  const stroke = { rect: { x: 1, y: 1, width: 2, height: 1 }, values: new Uint8Array([1, 1]) };
  const patch = { rect: { x: 0, y: 0, width: 2, height: 2 }, pixels: img(2, 2, 200) };
  const records = { name: 'cat.png', base, base16: null, patches: [patch], maskBase, maskEdits: [stroke] };
  const run = (id: number, frames: number): ProjectRun => ({
    id,
    label: `run ${id}`,
    params: { ...DEFAULT_PARAMS, temperature: 0.5 },
    seed: 42,
    chains: 2,
    shape: { width: 2, height: 2, channels: 1, levels: 4 },
    mask: new Uint8Array([1, 0, 0, 1]),
    place: { region: { rect: { x: 0, y: 0, width: 2, height: 2 }, scale: 'native', model: { width: 2, height: 2 } }, context: img(2, 2, 1), hole: new Uint8Array(4), image: { width: 6, height: 4 }, base, feather: 0, smooth: false },
    parent: id > 1 ? { runId: 1, frame: 2 } : null,
    frames: Array.from({ length: frames }, (_, i) => Uint8Array.from({ length: 8 }, (_, k) => (i * 3 + k) % 4)),
    maps: Array.from({ length: frames }, (_, i) => ({ entropy: Uint8Array.from({ length: 4 }, (_, k) => 255 - i - k), changes: Uint16Array.from({ length: 4 }, (_, k) => i * 300 + k) })),
    frameNumbers: Array.from({ length: frames }, (_, i) => i),
    stride: 1,
    alphas: Array.from({ length: Math.max(0, frames - 1) }, (_, i) => 1 - i / 100),
    logProbs: Array.from({ length: Math.max(0, frames - 1) }, (_, i) => -i - 0.5),
    steps: frames - 1,
    status: 'done',
    error: null,
  });
  const history = {
    undos: [
      { type: 'stop' as const, id: 'Open-1', name: 'Open cat.png' },
      { type: 'diff' as const, diff: { name: ['', 'cat.png'] as [string, string], base: [null, base] as [null, typeof base], maskBase: [null, maskBase] as [null, Uint8Array] } },
      { type: 'stop' as const, id: 'Brush-2', name: 'Brush stroke' },
      { type: 'diff' as const, diff: { maskEdits: [[], [stroke]] as [never[], (typeof stroke)[]] } },
    ],
    redos: [],
  };
  return { records, history, runs: [run(1, 70), run(2, 3)], activeRunId: 2 };
}

/** A copy of the file with the entry `name`'s stored bytes flipped (its CRC then fails). */
function damage(file: Uint8Array, name: string): Uint8Array {
  const out = file.slice();
  const at = findLocal(out, name);
  const view = new DataView(out.buffer);
  const body = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  out[body] ^= 0xff;
  out[body + 1] ^= 0xff;
  return out;
}
function findLocal(file: Uint8Array, name: string): number {
  const needle = new TextEncoder().encode(name);
  for (let i = 0; i < file.length - 30; i++) {
    if (file[i] === 0x50 && file[i + 1] === 0x4b && file[i + 2] === 3 && file[i + 3] === 4 && needle.every((b, k) => file[i + 30 + k] === b)) return i;
  }
  throw new Error(`no entry ${name}`);
}

describe('project file', () => {
  it('round-trips the document, history and every run, sharing arrays as saved', () => {
    const p = project();
    const { project: back, lost } = decodeProject(encodeProject(p));
    expect(lost).toEqual([]);
    expect(back.records).toEqual(p.records);
    expect(back.history).toEqual(p.history);
    expect(back.runs).toEqual(p.runs);
    expect(back.activeRunId).toBe(2);
    // the one original is stored once and comes back as one array, wherever it was referenced
    expect(back.runs[0]!.place.base.data).toBe(back.records.base!.data);
    expect(back.history.undos[1]!.type === 'diff' && back.history.undos[1]!.diff.base![1]!.data).toBe(back.records.base!.data);
  });

  it('keeps the graph that made each run; a run saved before there was a choice has none', () => {
    const p = project();
    p.runs[0]!.precision = 'int8';
    const { project: back } = decodeProject(encodeProject(p));
    expect(back.runs.map((r) => r.precision)).toEqual(['int8', undefined]);
    p.runs[1]!.precision = 'fp16' as 'int8';
    expect(decodeProject(encodeProject(p)).lost).toEqual(['run 2']);
  });

  it('keeps a 16-bit original’s samples', () => {
    const p = project();
    p.records.base16 = Uint16Array.from({ length: 96 }, (_, i) => i * 683);
    expect(decodeProject(encodeProject(p)).project.records.base16).toEqual(p.records.base16);
  });

  it('is a zip that unzip itself accepts', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'project-'));
    const file = path.join(dir, 'p.gibbs');
    writeFileSync(file, encodeProject(project()));
    let listing: string;
    try {
      listing = execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // no unzip on this machine
      throw error;
    }
    expect(listing).toMatch(/No errors detected/);
    expect(listing).toMatch(/document\.json/);
  });

  it('stores frames compactly: 70 slowly-changing frames cost far less than their raw bytes', () => {
    const p = project();
    const frame = new Uint8Array(64 * 64 * 3);
    p.runs[0]!.frames = Array.from({ length: 70 }, (_, i) => ((frame[i * 7] = 1), frame.slice())); // each step changes one value
    p.runs[0]!.maps = Array.from({ length: 70 }, () => ({ entropy: new Uint8Array(0), changes: new Uint16Array(0) }));
    p.runs[0]!.shape = { width: 64, height: 64, channels: 3, levels: 4 };
    p.runs[0]!.chains = 1;
    p.runs[0]!.mask = new Uint8Array(64 * 64);
    const bytes = encodeProject(p);
    expect(bytes.length).toBeLessThan(70 * frame.length * 0.02);
    const back = decodeProject(bytes).project.runs[0]!.frames;
    expect(back.every((f, i) => Buffer.from(f).equals(p.runs[0]!.frames[i]!))).toBe(true); // toEqual on 70 big arrays is slow
  });

  it('packs frames as XOR deltas and unpacks them exactly', () => {
    const frames = [new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]), new Uint8Array([0, 2, 4])];
    const packed = packFrames(frames);
    expect([...packed]).toEqual([1, 2, 3, 0, 0, 7, 1, 0, 0]);
    expect(unpackFrames(packed, 3, 3)).toEqual(frames);
    expect(() => unpackFrames(packed, 3, 4)).toThrow(/do not hold 4 frames/);
  });

  describe('damage', () => {
    const file = encodeProject(project(), '2026-12-06T21:00:00.000Z');
    const names = [...readZip(file).entries.keys()];

    it('a damaged run is lost alone, and says so', () => {
      const { project: back, lost } = decodeProject(damage(file, 'runs/1.json'));
      expect(lost).toEqual(['run 1']);
      expect(back.runs.map((r) => r.id)).toEqual([2]);
      expect(back.records.name).toBe('cat.png');
    });

    it('a damaged frame chunk keeps the frames before it', () => {
      const second = names.filter((n) => n.startsWith('frames/1-'))[1]!; // 64 + 6 frames: the second chunk holds 6
      const { project: back, lost } = decodeProject(damage(file, second));
      expect(back.runs[0]!.frames.length).toBe(FRAMES_PER_CHUNK);
      expect(back.runs[0]!.frameNumbers.length).toBe(FRAMES_PER_CHUNK);
      expect(lost).toEqual([`run 1’s frames after frame ${FRAMES_PER_CHUNK - 1}`]);
    });

    it('a damaged history leaves the document with no undo steps', () => {
      const { project: back, lost } = decodeProject(damage(file, 'history.json'));
      expect(lost).toEqual(['the undo history']);
      expect(back.history).toEqual({ undos: [], redos: [] });
      expect(back.runs.length).toBe(2);
    });

    it('a cut-off file opens what comes before the cut', () => {
      const cut = file.subarray(0, findLocal(file, 'runs/2.json') + 10);
      const { project: back, lost } = decodeProject(cut);
      expect(back.records.base?.width).toBe(6);
      expect(lost).toContain('run 2');
    });

    it('a damaged image is one clear error, not a half-open document', () => {
      const imageEntry = names.find((n) => n.startsWith('data/') && readZip(file).entries.get(n)!.length === 6 * 4 * 4)!;
      expect(() => decodeProject(damage(file, imageEntry))).toThrow(ProjectError);
      expect(() => decodeProject(damage(file, imageEntry))).toThrow(/image and mask cannot be read \(data\/\d+ is damaged/);
      expect(() => decodeProject(damage(file, 'document.json'))).toThrow(/image and mask cannot be read/);
    });

    it('refuses what is not a zip, and a newer format, in one line', () => {
      expect(() => decodeProject(new TextEncoder().encode('hello'))).toThrow(/not a project file/);
      const newer = readZip(file);
      newer.entries.set('manifest.json', new TextEncoder().encode(JSON.stringify({ format: 'gibbs-inpaint-project', version: 2, savedAt: 'x' })));
      const rebuilt = writeZip([...newer.entries].map(([name, data]) => ({ name, method: 0, crc: crc32(data), size: data.length, body: data })));
      expect(() => decodeProject(rebuilt)).toThrow(/newer version.*format 2/);
    });

    it('refuses pieces whose sizes do not agree (a mask the wrong size, an edit outside the image)', () => {
      const p = project();
      p.records.maskBase = new Uint8Array(5);
      expect(() => decodeProject(encodeProject(p))).toThrow(/the mask does not match the image/);
      const q = project();
      q.records.maskEdits = [{ rect: { x: 5, y: 3, width: 2, height: 1 }, values: new Uint8Array(2) }];
      expect(() => decodeProject(encodeProject(q))).toThrow(/outside the image/);
    });

    it('a run whose parameters are out of range is lost; one from before a knob existed takes its default', () => {
      const p = project();
      p.runs[1]!.params = { ...p.runs[1]!.params, temperature: -1 };
      const { temperature: _t, ...older } = p.runs[0]!.params;
      p.runs[0]!.params = older as typeof p.runs[0]['params'];
      const { project: back, lost } = decodeProject(encodeProject(p));
      expect(lost).toEqual(['run 2']);
      expect(back.runs[0]!.params.temperature).toBe(DEFAULT_PARAMS.temperature);
    });

    // every project file holds its runs' samplers: the format came after the sampler knob (git
    // log), so a run without one is no older Gibbs run and takes the default like any missing knob
    it('keeps each run’s sampler, whatever the default; a run without one takes the default', () => {
      for (const sampler of SAMPLERS) {
        const p = project();
        p.runs[0]!.params = { ...p.runs[0]!.params, sampler, steps: null };
        expect(decodeProject(encodeProject(p)).project.runs[0]!.params, sampler).toEqual({ ...DEFAULT_PARAMS, temperature: 0.5, sampler, steps: null });
      }
      const p = project();
      const { sampler: _s, ...noSampler } = p.runs[0]!.params;
      p.runs[0]!.params = noSampler as typeof p.runs[0]['params'];
      expect(decodeProject(encodeProject(p)).project.runs[0]!.params.sampler).toBe(DEFAULT_PARAMS.sampler);
    });
  });

  describe('bounds', () => {
    it('keeps the newest undo steps, cut where a step starts', () => {
      const undos = Array.from({ length: 10 }, (_, i) => [
        { type: 'stop' as const, id: `s${i}`, name: `step ${i}` },
        { type: 'diff' as const, diff: { name: [`${i}`, `${i + 1}`] as [string, string] } },
      ]).flat();
      const bounded = boundHistory({ undos, redos: [] }, 3);
      expect(bounded.undos.map((e) => (e.type === 'stop' ? e.id : 'diff'))).toEqual(['s7', 'diff', 's8', 'diff', 's9', 'diff']);
    });

    it('reuses unchanged entries between saves and forgets the ones no longer used', () => {
      const p = project();
      const names = new BinaryNames();
      const cache = new Map();
      const first = packPieces(projectPieces(p, names, 't1'), cache);
      const chunk = first.find((e) => e.name.startsWith('frames/1-'))!;
      p.runs = [p.runs[0]!];
      const second = packPieces(projectPieces(p, names, 't2'), cache);
      expect(second.find((e) => e.name === chunk.name)).toBe(chunk); // the same packed entry: not compressed again
      expect([...cache.keys()].some((n) => n.startsWith('frames/2-'))).toBe(false);
    });
  });
});
