/**
 * The app's general settings across restarts: read once at start from main's settings file and
 * applied to the stores, then saved (debounced) whenever they change. Knobs the core refuses are
 * not saved, so the file always holds a set of settings a run can start from.
 */
import { watch } from 'vue';
import type { GibbsParams } from '../../../electron/core/sampler/params';
import { findBuiltInPreset, presetParamsOf } from '../../../electron/core/sampler/presets';
import { SETTINGS_FORMAT, type AppSettings } from '../../../electron/core/settings/app-settings';
import { useModelsStore } from '../stores/models';
import { useNoticesStore } from '../stores/notices';
import { useSettingsStore } from '../stores/settings';
import { useViewStore } from '../stores/view';
import { api } from '../lib/api';

const SAVE_DELAY_MS = 400;

/** Applies the saved settings; answers the last session's model folder (null if none). */
export async function restoreSettings(): Promise<string | null> {
  const { settings: saved, problem } = await api().invoke('settings:load', undefined);
  if (problem) useNoticesStore().push('error', problem);
  if (!saved) return null;
  const settings = useSettingsStore();
  const view = useViewStore();
  if (saved.params) settings.params = { ...saved.params };
  if (saved.presetId !== undefined) settings.presetId = saved.presetId;
  if (saved.presetName !== undefined) settings.presetName = saved.presetName;
  if (builtInChanged(settings.presetId, settings.params)) settings.detachPreset();
  if (saved.chains !== undefined) settings.chains = saved.chains;
  if (saved.seedLocked !== undefined) settings.seedLocked = saved.seedLocked;
  if (saved.seed !== undefined && saved.seedLocked) settings.seed = saved.seed;
  if (saved.overlayColour !== undefined) view.overlayColour = saved.overlayColour;
  if (saved.overlayOpacity !== undefined) view.overlayOpacity = saved.overlayOpacity;
  if (saved.showMask !== undefined) view.showMask = saved.showMask;
  if (saved.brushSize !== undefined) view.setBrushSize(saved.brushSize);
  if (saved.openZoom !== undefined) view.openZoom = saved.openZoom;
  if (saved.precision !== undefined) useModelsStore().precision = saved.precision;
  return saved.lastModel ?? null;
}

/**
 * Whether the saved knobs are no longer those of the built-in preset saved with them: a version
 * changed that preset (Default follows DEFAULT_PARAMS), and the user's knobs are kept, not its.
 */
function builtInChanged(presetId: string | null, params: GibbsParams): boolean {
  const preset = presetId === null ? undefined : findBuiltInPreset(presetId);
  return preset !== undefined && JSON.stringify(presetParamsOf(preset.params)) !== JSON.stringify(presetParamsOf(params));
}

/** The settings as they stand, or null while a knob is one the core refuses. */
export function currentSettings(): AppSettings | null {
  const settings = useSettingsStore();
  const view = useViewStore();
  if (Object.keys(settings.problems).length > 0) return null;
  return {
    format: SETTINGS_FORMAT,
    params: { ...settings.params },
    presetId: settings.presetId,
    presetName: settings.presetName,
    chains: settings.chains,
    seedLocked: settings.seedLocked,
    seed: settings.seed,
    overlayColour: view.overlayColour,
    overlayOpacity: view.overlayOpacity,
    showMask: view.showMask,
    brushSize: view.brushSize,
    openZoom: view.openZoom,
    lastModel: useModelsStore().selectedDir,
    precision: useModelsStore().precision,
  };
}

/** Saves the settings a moment after each change; a failed save is said once, not at every change. */
export function keepSettingsSaved(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let failed = false;
  const save = (values: AppSettings) =>
    api()
      .invoke('settings:save', values)
      .then(
        () => (failed = false),
        (error: unknown) => {
          if (!failed) useNoticesStore().error(error);
          failed = true;
        },
      );
  const stop = watch(
    () => JSON.stringify(currentSettings()),
    (text) => {
      if (timer) clearTimeout(timer);
      const values = JSON.parse(text) as AppSettings | null;
      if (values) timer = setTimeout(() => save(values), SAVE_DELAY_MS);
    },
  );
  return () => {
    stop();
    if (timer) clearTimeout(timer);
  };
}
