import { app } from 'electron';
import path from 'node:path';

/** Where the bundled models and samples live: beside the app in development, in resources/ when packaged. */
export function resourceRoots(): { modelsRoot: string; samplesRoot: string } {
  const base = app.isPackaged ? process.resourcesPath : app.getAppPath();
  return {
    modelsRoot: process.env['GIBBS_MODELS'] ?? path.join(base, 'models'),
    samplesRoot: path.join(base, app.isPackaged ? 'samples' : 'resources/samples'),
  };
}
