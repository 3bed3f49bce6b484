import { execFileSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_USER_PRESETS } from '../../core/ipc/schemas';
import { BASELINE_PARAMS, DEFAULT_PARAMS } from '../../core/sampler/params';
import { presetParamsOf, type Preset } from '../../core/sampler/presets';
import { PRESETS_FILE, PresetsFile, type PresetsFs } from './presets-file';

const preset = (id: string, name = id): Preset => ({ id, name, params: { ...presetParamsOf(DEFAULT_PARAMS), sampler: 'confidence', temperature: 0.5, alphaMax: 0.9, steps: 32 } });
const add = (...presets: Preset[]) => ({ op: 'add', presets }) as const;
const fileText = (presets: unknown[], extra: object = {}) => JSON.stringify({ format: 1, ...extra, presets });

/** rename fails the way a read-only folder makes it fail (chmod does nothing as root). */
const refusingRename: PresetsFs = {
  rename: () => Promise.reject(Object.assign(new Error('EACCES: permission denied, rename'), { code: 'EACCES' })),
};

describe('PresetsFile', () => {
  let dir: string;
  let file: PresetsFile;
  const onDisk = () => path.join(dir, PRESETS_FILE);
  const backups = async (kind = 'damaged') => (await readdir(dir)).filter((f) => f.includes(`.${kind}-`));
  const idsOnDisk = async () => (await new PresetsFile(dir).load()).presets.map((p) => p.id);

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'presets-'));
    file = new PresetsFile(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('starts empty when there is no file', async () => {
    expect(await file.load()).toEqual({ presets: [], problem: null });
  });

  it('adds, renames and deletes by id, atomically, answering the list it wrote', async () => {
    expect((await file.change(add(preset('a'), preset('b')))).presets.map((p) => p.id)).toEqual(['a', 'b']);
    expect((await file.change({ op: 'rename', id: 'b', name: 'Bee' })).presets.map((p) => p.name)).toEqual(['a', 'Bee']);
    expect((await file.change({ op: 'delete', id: 'a' })).presets.map((p) => p.id)).toEqual(['b']);
    expect((await new PresetsFile(dir).load()).presets).toEqual([preset('b', 'Bee')]);
    expect(await readdir(dir)).toEqual([PRESETS_FILE]); // no temp file left behind
  });

  it('applies a change to the file as it is now, not as it was loaded', async () => {
    await file.change(add(preset('a')));
    await new PresetsFile(dir).change(add(preset('b'))); // another writer, after our load
    expect((await file.change(add(preset('c')))).presets.map((p) => p.id)).toEqual(['a', 'b', 'c']);
  });

  it('loses nothing when the file was unreadable at start and readable later', async () => {
    await mkdir(onDisk()); // unreadable as text (chmod does nothing as root)
    expect((await file.load()).problem).toMatch(/cannot be read.*not saved until it is fixed/);
    await rm(onDisk(), { recursive: true });
    await writeFile(onDisk(), fileText([preset('x'), preset('y'), preset('z')]));
    expect((await file.change(add(preset('new')))).presets.map((p) => p.id)).toEqual(['x', 'y', 'z', 'new']);
    expect(await idsOnDisk()).toEqual(['x', 'y', 'z', 'new']);
  });

  it('refuses changes, writing nothing, while the file cannot be read', async () => {
    await mkdir(onDisk());
    await expect(file.change(add(preset('a')))).rejects.toThrow(/not saved.*cannot be read/);
    expect(await readdir(dir)).toEqual([PRESETS_FILE]);
  });

  it('refuses a FIFO in the file\'s place unread (a read would block forever), and writes nothing over it', async () => {
    execFileSync('mkfifo', [onDisk()]);
    expect((await file.load()).problem).toMatch(/cannot be read \(it is not a regular file\)/);
    await expect(file.change(add(preset('a')))).rejects.toThrow(/not saved.*not a regular file/);
    expect((await lstat(onDisk())).isFIFO()).toBe(true);
  });

  it('refuses to rename an id it does not hold, and to add one it holds', async () => {
    await file.change(add(preset('a')));
    await expect(file.change({ op: 'rename', id: 'gone', name: 'x' })).rejects.toThrow(/no saved preset has id gone/);
    await expect(file.change(add(preset('a')))).rejects.toThrow(/id a already exists/);
    await expect(file.change(add(preset('b'), preset('b')))).rejects.toThrow(/id b already exists/);
    expect(await idsOnDisk()).toEqual(['a']);
  });

  it('moves a damaged (non-JSON) file aside, reports it, and keeps its bytes', async () => {
    await writeFile(onDisk(), '{"format": 1, "presets": [');
    const state = await file.load();
    expect(state.presets).toEqual([]);
    expect(state.problem).toMatch(/damaged.*not valid JSON/);
    const [backup] = await backups();
    expect(state.problem).toContain(backup!);
    expect(await readFile(path.join(dir, backup!), 'utf8')).toBe('{"format": 1, "presets": [');
  });

  it('treats a known field of the wrong type as damage, naming it', async () => {
    await writeFile(onDisk(), fileText([{ id: 'x', name: 'x', params: { temperature: 'hot' } }]));
    const state = await file.load();
    expect(state.problem).toMatch(/presets\.0\.params\.temperature/);
    expect(state.presets).toEqual([]);
    expect(await backups()).toHaveLength(1);
  });

  it('keeps the presets that can still be read when one entry is damaged', async () => {
    const text = fileText([preset('a'), { id: 'x', name: 'x', params: { temperature: 'hot' } }, preset('b')]);
    await writeFile(onDisk(), text);
    const state = await file.load();
    expect(state.presets.map((p) => p.id)).toEqual(['a', 'b']);
    expect(state.problem).toMatch(/presets\.1\.params.*the 2 presets in it that could be read are kept/);
    const [backup] = await backups();
    expect(await readFile(path.join(dir, backup!), 'utf8')).toBe(text); // the damaged entry is not lost either
    expect(await new PresetsFile(dir).load()).toEqual({ presets: state.presets, problem: null }); // and the next start has them
  });

  it('keeps fields a newer version wrote, says so, and writes them back through every change', async () => {
    const newer = { ...preset('a'), colour: 'teal', params: { ...preset('a').params, beta: 2 } };
    await writeFile(onDisk(), fileText([newer, preset('b')], { sortBy: 'name' }));
    const state = await file.load();
    expect(state.presets).toEqual([preset('a'), preset('b')]); // the renderer sees the known fields
    expect(state.problem).toMatch(/does not use \(sortBy, presets\.0\.colour, presets\.0\.params\.beta\).*kept/);
    await file.change({ op: 'rename', id: 'a', name: 'Ay' });
    await file.change({ op: 'delete', id: 'b' });
    const json = JSON.parse(await readFile(onDisk(), 'utf8')) as { sortBy: string; presets: unknown[] };
    expect(json).toEqual({ format: 1, sortBy: 'name', presets: [{ ...newer, name: 'Ay' }] });
    expect(await backups()).toEqual([]);
  });

  it('loads a preset saved before the sampler knobs existed as a Gibbs preset with the knobs of its time (BASELINE_PARAMS)', async () => {
    const first = { id: 'old', name: 'Old', params: { temperature: 0.5, alphaMax: 0.9, alphaMin: 0.1, eta: 0.7, steps: null } };
    await writeFile(onDisk(), fileText([first]));
    const state = await file.load();
    expect(state).toEqual({ presets: [{ ...first, params: { ...presetParamsOf(BASELINE_PARAMS), ...first.params } }], problem: null });
    await file.change(add(preset('new')));
    expect((await new PresetsFile(dir).load()).presets.map((p) => p.params.sampler)).toEqual(['gibbs', 'confidence']);
    expect(await backups()).toEqual([]);
  });

  it('cuts a file longer than the cap at load, keeping the whole file aside, and then saves normally', async () => {
    const many = Array.from({ length: MAX_USER_PRESETS + 5 }, (_, i) => preset(`p${i}`));
    const text = fileText(many);
    await writeFile(onDisk(), text);
    const state = await file.load();
    expect(state.presets).toHaveLength(MAX_USER_PRESETS);
    const [backup] = await backups('too-many');
    expect(state.problem).toBe(`Your presets file held ${MAX_USER_PRESETS + 5} presets, more than the ${MAX_USER_PRESETS} the app keeps. It was kept whole as ${path.join(dir, backup!)}; the first ${MAX_USER_PRESETS} presets are kept.`);
    expect(await readFile(path.join(dir, backup!), 'utf8')).toBe(text);
    await file.change({ op: 'delete', id: 'p0' }); // not stranded: changes work again
    expect((await file.change(add(preset('new')))).presets.at(-1)?.id).toBe('new');
    await expect(file.change(add(preset('one-too-many')))).rejects.toThrow(`${MAX_USER_PRESETS} saved and 1 more would pass the ${MAX_USER_PRESETS} the app keeps`);
  });

  it('cuts a damaged file to the cap too, saying both', async () => {
    const many = [{ id: 'broken' }, ...Array.from({ length: MAX_USER_PRESETS + 1 }, (_, i) => preset(`p${i}`))];
    await writeFile(onDisk(), fileText(many));
    const state = await file.load();
    expect(state.presets.map((p) => p.id)).toEqual(many.slice(1, MAX_USER_PRESETS + 1).map((p) => p.id));
    expect(state.problem).toMatch(new RegExp(`damaged \\(presets\\.0\\.name.*the first ${MAX_USER_PRESETS} of the ${MAX_USER_PRESETS + 1} presets in it that could be read are kept`));
    expect(await backups()).toHaveLength(1);
  });

  it('refuses a change on a damaged file it cannot move aside, and keeps the bytes', async () => {
    await writeFile(onDisk(), 'garbage');
    const stuck = new PresetsFile(dir, refusingRename);
    expect((await stuck.load()).problem).toMatch(/damaged.*could not be kept aside \(EACCES.*not saved until it is fixed/);
    await expect(stuck.change(add(preset('a')))).rejects.toThrow(/not saved: .*presets\.json was damaged.*could not be kept aside/);
    expect(await readFile(onDisk(), 'utf8')).toBe('garbage');
    expect(await readdir(dir)).toEqual([PRESETS_FILE]);
  });

  it('refuses a change on a too long file it cannot move aside, and keeps the bytes', async () => {
    const text = fileText(Array.from({ length: MAX_USER_PRESETS + 1 }, (_, i) => preset(`p${i}`)));
    await writeFile(onDisk(), text);
    await expect(new PresetsFile(dir, refusingRename).change({ op: 'delete', id: 'p0' })).rejects.toThrow(/held 1001 presets.*could not be kept aside/);
    expect(await readFile(onDisk(), 'utf8')).toBe(text);
  });

  it('moves a file damaged behind its back aside before changing it, and reports it', async () => {
    await file.change(add(preset('a')));
    await writeFile(onDisk(), '{"format": 1, "pres');
    const state = await file.change(add(preset('b')));
    const [backup] = await backups();
    expect(state.problem).toContain(backup!);
    expect(await readFile(path.join(dir, backup!), 'utf8')).toBe('{"format": 1, "pres');
    expect(await idsOnDisk()).toEqual(['b']);
  });

  it('moves a file of another format aside', async () => {
    await writeFile(onDisk(), JSON.stringify({ format: 2 }));
    expect((await file.change(add(preset('a')))).problem).toMatch(/format: 2, this version reads format 1/);
    const [backup] = await backups();
    expect(await readFile(path.join(dir, backup!), 'utf8')).toBe(JSON.stringify({ format: 2 }));
    expect(await idsOnDisk()).toEqual(['a']);
  });

  it('queues loads with changes: a load racing a change on a damaged file moves it aside once', async () => {
    await writeFile(onDisk(), fileText([preset('a'), { id: 'x' }]));
    const [loaded, changed] = await Promise.all([file.load(), file.change(add(preset('b')))]);
    expect(loaded.problem).toMatch(/damaged.*could be read are kept/);
    expect(changed).toEqual({ presets: [preset('a'), preset('b')], problem: null });
    expect(await backups()).toHaveLength(1);
  });

  it('runs changes one after another, in the order asked', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => file.change(add(preset(`p${i}`)))));
    expect(results.map((r) => r.presets.length)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await idsOnDisk()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
  });
});
