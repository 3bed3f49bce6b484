import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { installFakeApi } from '../testing/fake-api';
import { usePresetsStore } from './presets';

const fake = installFakeApi();
const params = { temperature: 0.3, alphaMax: 0.5, alphaMin: 0.01, eta: 0.2, steps: 50 };

describe('presets store', () => {
  let presets: ReturnType<typeof usePresetsStore>;
  beforeEach(async () => {
    fake.reset();
    setActivePinia(createPinia());
    presets = usePresetsStore();
    await presets.load();
  });

  it('lists the 14 built-ins before any of the user’s, the defaults first', () => {
    expect(presets.builtIns).toHaveLength(14);
    expect(presets.all.slice(0, 2).map((p) => p.name)).toEqual(['Default', 'Coconet default']);
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
    expect(presets.all).toHaveLength(14);
  });

  it('keeps only the preset knobs of the current parameters', async () => {
    const p = await presets.saveAs('x', { ...params, ...{ init: 'model', blockSampler: 'ancestral' } } as typeof params);
    expect(Object.keys(p.params).sort()).toEqual(['alphaMax', 'alphaMin', 'eta', 'steps', 'temperature']);
  });

  it('rolls back when saving fails, so the list matches the disk', async () => {
    fake.failSaves = true;
    await expect(presets.saveAs('lost', params)).rejects.toThrow('disk full');
    expect(presets.user).toEqual([]);
  });

  it('shows a damaged file that a save found on disk and moved aside', async () => {
    fake.damagedOnSave = 'Your presets file was damaged (not valid JSON). It was kept as presets.json.damaged.bak';
    await presets.saveAs('kept', params);
    expect(presets.problem).toBe(fake.damagedOnSave);
    expect(presets.user.map((p) => p.name)).toEqual(['kept']);
  });

  it('round-trips its export through import under fresh ids', async () => {
    const a = await presets.saveAs('A', params);
    const text = presets.exportJson();
    expect(await presets.importJson(text)).toBe(1);
    expect(presets.user.map((p) => p.name)).toEqual(['A', 'A']);
    expect(presets.user[1]!.id).not.toBe(a.id);
  });

  it('refuses a file that is not presets', async () => {
    await expect(presets.importJson('{"hello": 1}')).rejects.toThrow(/not a presets file/);
    await expect(presets.importJson('nope')).rejects.toThrow(/not JSON/);
  });
});
