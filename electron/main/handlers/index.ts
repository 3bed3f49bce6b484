import path from 'node:path';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import type { Handlers } from '../../core/ipc/contract';
import type { TrainingManager } from '../training/manager';
import { TrainingPython } from '../training/environment';
import { libraryHandlers, libraryOf } from './library-handlers';
import type { HandlerDeps } from './ports';
import { PresetsFile } from './presets-file';
import { ProjectFiles } from './project-files';
import { isProjectFile, readUserFile } from './read-file';
import { RecentFiles } from './recent-files';
import { AppSettingsFile } from './app-settings-file';

/**
 * The main side of every request channel, free of Electron: main/index.ts registers these on
 * ipcMain after validating payloads, and the e2e bridge serves the very same functions over HTTP.
 */
export function createHandlers(deps: HandlerDeps): Handlers {
  const presets = new PresetsFile(deps.userData);
  const recent = new RecentFiles(path.join(deps.userData, 'recent.json'));
  const settings = new AppSettingsFile(deps.userData);
  const library = libraryOf(deps);
  const python = new TrainingPython(deps.userData, deps.env, deps.probePython);
  const projects = new ProjectFiles(deps.userData, deps.dialogs);

  async function openRecorded(file: string) {
    const opened = await readUserFile(file);
    if (isProjectFile(file)) projects.opened(file);
    // the image opens even when the recent list cannot be saved (a lost entry is only a nuisance)
    await recent.add(file).then(
      (paths) => deps.onRecentChanged?.(paths),
      (error: Error) => console.warn(`recent files not saved: ${error.message}`),
    );
    return opened;
  }

  const trainer = (): TrainingManager => {
    if (!deps.training) throw new Error('training is not available here');
    return deps.training;
  };

  return {
    ...libraryHandlers(library, deps),
    'training:environment': ({ recheck }) => python.environment(recheck),
    'training:python': ({ python: command }) => python.setPython(command),
    'sample:read': ({ name }) => readUserFile(path.join(deps.samplesRoot, name), false),
    'file:open': async ({ kind }) => {
      const file = await deps.dialogs.openFile(kind);
      if (!file) return null;
      return kind === 'json' ? readUserFile(file, false) : openRecorded(file);
    },
    'file:launched': async () => {
      const file = deps.takeLaunchFile?.();
      return file ? openRecorded(file) : null;
    },
    'recent:list': () => recent.list(),
    'recent:open': async ({ path: file }) => {
      // only paths the user opened before: the renderer cannot name arbitrary files
      if (!(await recent.list()).includes(path.resolve(file))) throw new Error(`${file} is not in the recent list`);
      return openRecorded(file);
    },
    'recent:forget': async ({ path: file }) => {
      const before = await recent.list();
      const after = await recent.forget(file);
      if (after.length !== before.length) deps.onRecentChanged?.(after);
    },
    'settings:load': () => settings.load(),
    'settings:save': (values) => settings.save(values),
    'presets:load': () => presets.load(),
    'presets:change': (change) => presets.change(change),
    'file:save': async ({ kind, suggestedName, bytes }) => {
      const file = await deps.dialogs.saveFile(kind, suggestedName);
      if (!file) return null;
      await writeFileAtomic(file, bytes);
      return { path: file };
    },
    'project:save': async (req) => {
      const saved = await projects.save(req);
      if (saved) await recent.add(saved.path).then((paths) => deps.onRecentChanged?.(paths), () => undefined);
      return saved;
    },
    'project:dirty': async ({ dirty, name }) => deps.onDirtyChanged?.(dirty, name),
    'autosave:write': ({ name, path: file, bytes }) => projects.writeAutosave(name, file, bytes),
    'autosave:read': () => projects.readAutosave(),
    'autosave:clear': () => projects.clearAutosave(),
    'window:close': async () => deps.closeWindow?.(),
    'sampler:start': async ({ job }) => ({ runId: deps.sampler.start(job) }),
    'sampler:cancel': async ({ runId }) => deps.sampler.cancel(runId),
    'training:state': async () => trainer().state(),
    'training:pick-folder': async () => {
      const folder = await deps.dialogs.openFolder('Choose a folder of images to train on');
      return folder ? { path: folder } : null;
    },
    'training:preview': async (form) => trainer().preview(form),
    'training:start': async (form) => trainer().start(form),
    'training:pause': async () => trainer().pause(),
    'training:resume': async () => trainer().resume(),
    'training:save-best': async () => trainer().saveBest(),
    'training:discard': async () => trainer().discard(),
    'training:sheet': async () => trainer().sheet(),
  };
}
