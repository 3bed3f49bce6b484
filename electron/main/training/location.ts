/**
 * Where `python -m models.training` runs from: the folder that holds `models/training`. In
 * development that is the repository (the app's path); a packaged app ships the Python sources
 * as electron-builder extraResources (`resources/python/models/training`, see
 * electron-builder.yml), outside the asar archive, where a Python can read them.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';

export interface AppLayout {
  isPackaged: boolean;
  /** process.resourcesPath */
  resourcesPath: string;
  /** app.getAppPath(): the repository in development */
  appPath: string;
}

/** The extraResources folder the packaged app's Python sources go to. */
export const PACKAGED_PYTHON_DIR = 'python';
const ENTRY = path.join('models', 'training', '__main__.py');

export function trainingRoot(layout: AppLayout): string {
  return layout.isPackaged ? path.join(layout.resourcesPath, PACKAGED_PYTHON_DIR) : layout.appPath;
}

/** The root, once it is known to hold the trainer; otherwise one line saying where it looked. */
export async function findTrainingRoot(layout: AppLayout): Promise<string> {
  const root = trainingRoot(layout);
  const entry = path.join(root, ENTRY);
  if (!(await stat(entry).catch(() => null))?.isFile()) {
    const where = layout.isPackaged ? 'this installation is incomplete (reinstall the app)' : 'run the app from the repository';
    throw new Error(`the trainer is missing: no ${entry}; ${where}`);
  }
  return root;
}

/** The arguments that start the trainer from its root: `-m models.training train …`. */
export const TRAIN_MODULE_ARGS = ['-m', 'models.training'] as const;
