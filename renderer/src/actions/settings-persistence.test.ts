import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../electron/core/sampler/params';
import type { AppSettings } from '../../../electron/core/settings/app-settings';
import { useModelsStore } from '../stores/models';
import { useNoticesStore } from '../stores/notices';
import { useSettingsStore } from '../stores/settings';
import { useViewStore } from '../stores/view';
import { installFakeApi } from '../testing/fake-api';
import { openFile } from './commands';
import { currentSettings, keepSettingsSaved, restoreSettings } from './settings-persistence';

const fake = installFakeApi();
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('settings across restarts', () => {
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
  });

  it('restores what the last session saved: panel, overlay, brush, zoom on open, model', async () => {
    const saved: AppSettings = { format: 1, params: { ...DEFAULT_PARAMS, temperature: 0.3 }, chains: 3, overlayColour: '#00ff88', overlayOpacity: 0.2, showMask: false, brushSize: 17, openZoom: 'actual', lastModel: 'emoji-64' };
    fake.settings = saved;
    expect(await restoreSettings()).toBe('emoji-64');
    const settings = useSettingsStore();
    const view = useViewStore();
    expect([settings.params.temperature, settings.chains, view.overlayColour, view.overlayOpacity, view.showMask, view.brushSize, view.openZoom]).toEqual([0.3, 3, '#00ff88', 0.2, false, 17, 'actual']);
  });

  it('keeps the knobs saved with a built-in preset that has changed since (Default follows DEFAULT_PARAMS), as Custom', async () => {
    const former = { ...DEFAULT_PARAMS, sampler: 'confidence' as const, steps: 77 }; // not today's Default
    fake.settings = { format: 1, params: former, presetId: 'default', presetName: 'Default' };
    await restoreSettings();
    const settings = useSettingsStore();
    expect([settings.params, settings.presetId, settings.presetName]).toEqual([former, null, 'Custom']);
  });

  it('keeps a built-in preset selected while its knobs are still the saved ones', async () => {
    fake.settings = { format: 1, params: { ...DEFAULT_PARAMS, init: 'model' }, presetId: 'default', presetName: 'Default' };
    await restoreSettings();
    const settings = useSettingsStore();
    expect([settings.params, settings.presetId, settings.presetName]).toEqual([{ ...DEFAULT_PARAMS, init: 'model' }, 'default', 'Default']);
  });

  it('keeps the int8 graph setting: restored, and saved when it changes', async () => {
    fake.settings = { format: 1, precision: 'int8' };
    await restoreSettings();
    expect(useModelsStore().precision).toBe('int8');
    const stop = keepSettingsSaved();
    await useModelsStore().setPrecision('fp32');
    await wait(600);
    expect(fake.settings?.precision).toBe('fp32');
    stop();
  });

  it('says in one line when the file was unusable, and keeps the defaults', async () => {
    fake.settingsProblem = 'Your settings file was damaged (not valid JSON); it was kept as x.bak and the defaults are used.';
    expect(await restoreSettings()).toBeNull();
    expect(useNoticesStore().notices.map((n) => n.text)).toEqual([fake.settingsProblem]);
    expect(useSettingsStore().params).toEqual(DEFAULT_PARAMS);
  });

  it('saves a moment after a change, and never knobs the core refuses', async () => {
    const stop = keepSettingsSaved();
    const settings = useSettingsStore();
    settings.setParam('temperature', 0.25);
    await wait(600);
    expect(fake.settings?.params?.temperature).toBe(0.25);
    settings.setParam('eta', 0);
    expect(currentSettings()).toBeNull();
    await wait(600);
    expect(fake.settings?.params?.eta).toBe(DEFAULT_PARAMS.eta);
    useViewStore().overlayOpacity = 0.9;
    useViewStore().setBrushSize(5);
    settings.setParam('eta', 0.5);
    await wait(600);
    expect([fake.settings?.params?.eta, fake.settings?.overlayOpacity, fake.settings?.brushSize]).toEqual([0.5, 0.9, 5]);
    stop();
  });
});

describe('an image that does not open', () => {
  it('leaves the recent list', async () => {
    setActivePinia(createPinia());
    await expect(openFile({ name: 'broken.png', path: '/photos/broken.png', bytes: new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0]) })).rejects.toThrow(/broken\.png/);
    expect(fake.forgotten).toEqual(['/photos/broken.png']);
  });
});
