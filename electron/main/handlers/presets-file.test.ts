import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Preset } from '../../core/sampler/presets';
import { PRESETS_FILE, PresetsFile } from './presets-file';

const preset = (id: string, name = id): Preset => ({ id, name, params: { temperature: 0.5, alphaMax: 0.9, alphaMin: 0.1, eta: 0.7, steps: null } });

describe('PresetsFile', () => {
  let dir: string;
  let file: PresetsFile;
  const backups = async () => (await readdir(dir)).filter((f) => f.includes('.damaged-'));

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'presets-'));
    file = new PresetsFile(dir);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('starts empty when there is no file', async () => {
    expect(await file.load()).toEqual({ presets: [], problem: null });
  });

  it('saves atomically and loads back what it saved', async () => {
    await file.save([preset('a'), preset('b', 'Bee')]);
    expect((await new PresetsFile(dir).load()).presets.map((p) => p.name)).toEqual(['a', 'Bee']);
    expect(await readdir(dir)).toEqual([PRESETS_FILE]); // no temp file left behind
  });

  it('moves a damaged (non-JSON) file aside, reports it, and keeps its bytes', async () => {
    await writeFile(path.join(dir, PRESETS_FILE), '{"format": 1, "presets": [');
    const state = await file.load();
    expect(state.presets).toEqual([]);
    expect(state.problem).toMatch(/damaged.*not valid JSON/);
    const [backup] = await backups();
    expect(backup).toBeDefined();
    expect(state.problem).toContain(backup!);
    expect(await readFile(path.join(dir, backup!), 'utf8')).toBe('{"format": 1, "presets": [');
  });

  it('treats a file of the wrong shape as damaged too', async () => {
    await writeFile(path.join(dir, PRESETS_FILE), JSON.stringify({ format: 1, presets: [{ id: 'x', name: 'x', params: { temperature: 'hot' } }] }));
    const state = await file.load();
    expect(state.problem).toMatch(/presets\.0\.params/);
    expect(state.presets).toEqual([]);
    expect(await backups()).toHaveLength(1);
  });

  it('keeps the presets that can still be read when one entry is damaged', async () => {
    const text = JSON.stringify({ format: 1, presets: [preset('a'), { id: 'x', name: 'x', params: { temperature: 'hot' } }, preset('b')] });
    await writeFile(path.join(dir, PRESETS_FILE), text);
    const state = await file.load();
    expect(state.presets.map((p) => p.id)).toEqual(['a', 'b']);
    expect(state.problem).toMatch(/presets\.1\.params.*the 2 presets in it that could be read are kept/);
    const [backup] = await backups();
    expect(await readFile(path.join(dir, backup!), 'utf8')).toBe(text); // the damaged entry is not lost either
    expect(await new PresetsFile(dir).load()).toEqual({ presets: state.presets, problem: null }); // and the next start has them
  });

  it('never overwrites the damaged file: saving afterwards leaves the backup intact', async () => {
    await writeFile(path.join(dir, PRESETS_FILE), 'garbage');
    await file.load();
    await file.save([preset('new')]);
    const [backup] = await backups();
    expect(await readFile(path.join(dir, backup!), 'utf8')).toBe('garbage');
    expect((await new PresetsFile(dir).load()).presets.map((p) => p.id)).toEqual(['new']);
  });

  it('refuses to save when the file can be neither read nor moved aside', async () => {
    await mkdir(path.join(dir, PRESETS_FILE)); // a folder where the file should be: unreadable as text
    const state = await file.load();
    expect(state.problem).toMatch(/cannot be read/);
    await expect(file.save([preset('a')])).rejects.toThrow(/not saved/);
  });

  it('moves a file damaged after loading aside before saving over it', async () => {
    await file.save([preset('a')]);
    await file.load(); // clean
    await writeFile(path.join(dir, PRESETS_FILE), '{"format": 1, "pres'); // damaged behind our back
    const saved = await file.save([preset('b')]);
    const [backup] = await backups();
    expect(saved.problem).toContain(backup!); // reported to the user, not only logged
    expect(await readFile(path.join(dir, backup!), 'utf8')).toBe('{"format": 1, "pres');
    expect((await new PresetsFile(dir).load()).presets.map((p) => p.id)).toEqual(['b']);
  });

  it('moves a damaged file that was never loaded aside before saving', async () => {
    await writeFile(path.join(dir, PRESETS_FILE), JSON.stringify({ format: 2 }));
    await file.save([preset('a')]); // no load() in this process
    const [backup] = await backups();
    expect(await readFile(path.join(dir, backup!), 'utf8')).toBe(JSON.stringify({ format: 2 }));
    expect((await new PresetsFile(dir).load()).presets.map((p) => p.id)).toEqual(['a']);
  });

  it('runs saves one after another: the last one asked for is the one on disk', async () => {
    const lists = Array.from({ length: 8 }, (_, i) => [preset(`p${i}`)]);
    const results = await Promise.all(lists.map((list) => file.save(list)));
    expect(results.every((r) => r.problem === null)).toBe(true);
    expect((await new PresetsFile(dir).load()).presets.map((p) => p.id)).toEqual(['p7']);
  });

  it('saves again after a later clean load clears the block', async () => {
    await mkdir(path.join(dir, PRESETS_FILE));
    expect((await file.load()).problem).toMatch(/cannot be read/);
    await expect(file.save([preset('a')])).rejects.toThrow(/not saved/);
    await rm(path.join(dir, PRESETS_FILE), { recursive: true }); // the user fixed it
    await writeFile(path.join(dir, PRESETS_FILE), JSON.stringify({ format: 1, presets: [preset('x')] }));
    expect(await file.load()).toMatchObject({ problem: null, presets: [{ id: 'x' }] });
    await file.save([preset('x'), preset('y')]);
    expect((await new PresetsFile(dir).load()).presets.map((p) => p.id)).toEqual(['x', 'y']);
    expect(await backups()).toEqual([]);
  });
});
