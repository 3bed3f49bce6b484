import { execFileSync } from 'node:child_process';
import { lstat, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRequest } from '../../core/ipc/schemas';
import { DEFAULT_PARAMS, SAMPLERS } from '../../core/sampler/params';
import { SETTINGS_FILE, type AppSettings } from '../../core/settings/app-settings';
import { RecentFiles } from './recent-files';
import { AppSettingsFile } from './app-settings-file';

const SETTINGS: AppSettings = {
  format: 1,
  params: { ...DEFAULT_PARAMS, temperature: 0.4 },
  presetId: null,
  presetName: 'Custom',
  chains: 4,
  seedLocked: true,
  seed: 42,
  overlayColour: '#00ff88',
  overlayOpacity: 0.3,
  showMask: false,
  openZoom: 'actual',
  lastModel: 'emoji-64',
};

describe('the settings file', () => {
  let dir: string;
  const onDisk = () => path.join(dir, SETTINGS_FILE);
  beforeEach(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'settings-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('starts empty and gives back what was saved, after a restart', async () => {
    expect(await new AppSettingsFile(dir).load()).toEqual({ settings: null, problem: null });
    await new AppSettingsFile(dir).save(SETTINGS);
    expect(await new AppSettingsFile(dir).load()).toEqual({ settings: SETTINGS, problem: null });
    expect((await readdir(dir)).sort()).toEqual([SETTINGS_FILE]); // no temporary left behind
  });

  it('keeps a damaged file aside, whole, and says so in one line; the next save starts afresh', async () => {
    for (const [text, why] of [
      ['{"format": 1, "chains": ', /not valid JSON/],
      [JSON.stringify({ ...SETTINGS, chains: 50 }), /\(chains must be an integer in \[1, 16\], got 50\)/],
      [JSON.stringify({ ...SETTINGS, params: { ...DEFAULT_PARAMS, eta: 0 } }), /params\.eta/],
      [JSON.stringify({ format: 2 }), /this version reads format 1/],
    ] as const) {
      await writeFile(onDisk(), text);
      const file = new AppSettingsFile(dir);
      const state = await file.load();
      expect(state.settings).toBeNull();
      expect(state.problem).toMatch(why);
      expect(state.problem).toMatch(/^Your settings file was damaged .*; it was kept as .*\.bak and the defaults are used\.$/);
      expect(state.problem).not.toMatch(/\n/);
      const backup = (await readdir(dir)).find((f) => f.endsWith('.bak'))!;
      expect(await readFile(path.join(dir, backup), 'utf8')).toBe(text);
      await file.save(SETTINGS);
      expect((await new AppSettingsFile(dir).load()).settings).toEqual(SETTINGS);
      await rm(path.join(dir, backup));
    }
  });

  it('neither reads nor writes over a FIFO in the file’s place', async () => {
    execFileSync('mkfifo', [onDisk()]);
    const file = new AppSettingsFile(dir);
    expect((await file.load()).problem).toMatch(/^Your settings file .*settings\.json cannot be read \(it is not a regular file\); the defaults are used and settings are not saved until it is fixed\.$/);
    await expect(file.save(SETTINGS)).rejects.toThrow(/settings are not saved/);
    expect((await lstat(onDisk())).isFIFO()).toBe(true);
  });

  it('takes over IPC only settings the rules allow', () => {
    expect(parseRequest('settings:save', SETTINGS)).toEqual(SETTINGS);
    expect(() => parseRequest('settings:save', { ...SETTINGS, overlayOpacity: 2 })).toThrow(/settings:save: overlayOpacity/);
    expect(parseRequest('settings:save', { ...SETTINGS, secret: 1 })).toEqual(SETTINGS); // dropped, never stored
  });

  it('reads a file of another version: missing knobs take their defaults, fields it does not know are dropped', async () => {
    const { temperature, ...older } = { ...DEFAULT_PARAMS, eta: 0.3 };
    await writeFile(onDisk(), JSON.stringify({ format: 1, params: older, chains: 2, fromTheFuture: true }));
    expect(await new AppSettingsFile(dir).load()).toEqual({ settings: { format: 1, params: { ...DEFAULT_PARAMS, eta: 0.3, temperature }, chains: 2 }, problem: null });
  });
});

describe('the sampler in a settings file', () => {
  // every settings file holds a sampler: the format came after the sampler knob (git log), so a
  // missing one never meant Gibbs and takes today's default like any knob a version did not write
  it('keeps the sampler it names, whatever the default; one it lacks takes the default', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'settings-sampler-'));
    const write = (params: object) => writeFile(path.join(dir, SETTINGS_FILE), JSON.stringify({ format: 1, params }));
    for (const sampler of SAMPLERS) {
      await write({ ...DEFAULT_PARAMS, sampler, steps: null });
      expect((await new AppSettingsFile(dir).load()).settings?.params).toEqual({ ...DEFAULT_PARAMS, sampler, steps: null });
    }
    const { sampler: _, ...noSampler } = { ...DEFAULT_PARAMS, temperature: 0.4 };
    await write(noSampler);
    expect((await new AppSettingsFile(dir).load()).settings?.params).toEqual({ ...DEFAULT_PARAMS, temperature: 0.4 });
    await rm(dir, { recursive: true, force: true });
  });
});

describe('the recent list', () => {
  it('forgets a path that turned out not to open', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'recent-'));
    const recent = new RecentFiles(path.join(dir, 'recent.json'));
    await recent.add('/a.png');
    await recent.add('/b.png');
    expect(await recent.forget('/a.png')).toEqual(['/b.png']);
    expect(await new RecentFiles(path.join(dir, 'recent.json')).list()).toEqual(['/b.png']);
    await rm(dir, { recursive: true, force: true });
  });
});
