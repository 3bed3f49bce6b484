import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_USER_PRESETS } from '../../../electron/core/ipc/schemas';
import { DEFAULT_PARAMS, type GibbsParams } from '../../../electron/core/sampler/params';
import { PRESET_KEYS, presetParamsOf } from '../../../electron/core/sampler/presets';
import { installFakeApi } from '../testing/fake-api';
import { usePresetsStore } from './presets';

const fake = installFakeApi();
const params = { ...presetParamsOf(DEFAULT_PARAMS), temperature: 0.3, alphaMax: 0.5, alphaMin: 0.01, eta: 0.2, steps: 50 };

describe('presets store', () => {
  let presets: ReturnType<typeof usePresetsStore>;
  beforeEach(async () => {
    fake.reset();
    setActivePinia(createPinia());
    presets = usePresetsStore();
    await presets.load();
  });

  it('lists the 19 built-ins before any of the user’s, the defaults first, then Gibbs', () => {
    expect(presets.builtIns).toHaveLength(19);
    expect(presets.all.slice(0, 3).map((p) => p.name)).toEqual(['Default', 'Annealed Gibbs, one step per hole pixel', 'Coconet default']);
    expect(presets.isBuiltIn('coconet')).toBe(true);
  });

  it('saves, renames and deletes, persisting each change', async () => {
    const p = await presets.saveAs('  Sharp  ', params);
    expect(p.name).toBe('Sharp');
    expect(fake.saved.map((x) => x.name)).toEqual(['Sharp']);
    await presets.rename(p.id, 'Sharper');
    expect(fake.saved[0]!.name).toBe('Sharper');
    await presets.remove(p.id);
    expect(fake.saved).toEqual([]);
    expect(presets.all).toHaveLength(presets.builtIns.length);
  });

  it('keeps only the preset knobs of the current parameters: the sampler and its knobs', async () => {
    const current: GibbsParams = { ...DEFAULT_PARAMS, sampler: 'entropy', init: 'model', blockSampler: 'ancestral' };
    const p = await presets.saveAs('x', current);
    expect(Object.keys(p.params).sort()).toEqual([...PRESET_KEYS].sort());
    expect(p.params.sampler).toBe('entropy');
  });

  it('keeps its list when a change fails, so the list matches the disk', async () => {
    await presets.saveAs('kept', params);
    fake.failSaves = true;
    await expect(presets.saveAs('lost', params)).rejects.toThrow('disk full');
    await expect(presets.remove(presets.user[0]!.id)).rejects.toThrow('disk full');
    expect(presets.user.map((p) => p.name)).toEqual(['kept']);
  });

  it('sends changes, not its list: presets saved elsewhere since it loaded are kept and shown', async () => {
    fake.saved = [{ id: 'elsewhere', name: 'Saved elsewhere', params }]; // e.g. a file that was unreadable at load
    await presets.saveAs('new', params);
    expect(fake.saved.map((p) => p.name)).toEqual(['Saved elsewhere', 'new']);
    expect(presets.user.map((p) => p.name)).toEqual(['Saved elsewhere', 'new']);
  });

  it('shows a damaged file that a save found on disk and moved aside', async () => {
    fake.damagedOnSave = 'Your presets file was damaged (not valid JSON). It was kept as presets.json.damaged.bak';
    await presets.saveAs('kept', params);
    expect(presets.problem).toBe(fake.damagedOnSave);
    expect(presets.user.map((p) => p.name)).toEqual(['kept']);
  });

  it('imports a file twice without a duplicate: presets already here are skipped', async () => {
    await presets.saveAs('A', params);
    const text = presets.exportJson();
    await presets.remove(presets.user[0]!.id);
    expect(await presets.importJson(text)).toEqual({ added: 1, skipped: 0 });
    expect(await presets.importJson(text)).toEqual({ added: 0, skipped: 1 });
    expect(presets.user.map((p) => p.name)).toEqual(['A']);
  });

  it('gives an imported preset whose name is taken, with other knobs, a name of its own', async () => {
    await presets.saveAs('A', params);
    const other = JSON.stringify([{ id: 'x', name: 'a', params: { ...params, temperature: 0.9 } }, { id: 'y', name: 'A', params: { ...params, eta: 0.9 } }]);
    expect(await presets.importJson(other)).toEqual({ added: 2, skipped: 0 });
    expect(presets.user.map((p) => p.name)).toEqual(['A', 'a (2)', 'A (3)']);
  });

  it('refuses a second preset of the same name, saved or renamed (case aside), changing nothing', async () => {
    const a = await presets.saveAs('Sharp', params);
    await presets.saveAs('Soft', params);
    await expect(presets.saveAs(' sharp ', params)).rejects.toThrow('A preset named “Sharp” already exists: pick another name.');
    await expect(presets.saveAs('Default', params)).rejects.toThrow(/“Default” already exists/);
    await expect(presets.rename(a.id, 'SOFT')).rejects.toThrow(/“Soft” already exists/);
    await presets.rename(a.id, 'SHARP'); // its own name, recased, is fine
    expect(fake.saved.map((p) => p.name)).toEqual(['SHARP', 'Soft']);
  });

  it('imports presets a newer version exported, taking their known fields', async () => {
    const newer = { format: 1, sortBy: 'name', presets: [{ id: 'n', name: 'Newer', colour: 'teal', params: { ...params, beta: 2 } }] };
    expect(await presets.importJson(JSON.stringify(newer))).toEqual({ added: 1, skipped: 0 });
    expect(fake.saved).toEqual([{ id: presets.user[0]!.id, name: 'Newer', params }]);
  });

  it('refuses to import more presets than the app keeps, saving none', async () => {
    const many = Array.from({ length: MAX_USER_PRESETS + 1 }, (_, i) => ({ id: `p${i}`, name: `P${i}`, params }));
    await expect(presets.importJson(JSON.stringify(many))).rejects.toThrow(`the file holds ${MAX_USER_PRESETS + 1} presets; the app keeps at most ${MAX_USER_PRESETS}`);
    expect(fake.saved).toEqual([]);
  });

  it('refuses a file that is not presets', async () => {
    await expect(presets.importJson('{"hello": 1}')).rejects.toThrow(/not a presets file/);
    await expect(presets.importJson('nope')).rejects.toThrow(/not JSON/);
  });
});
