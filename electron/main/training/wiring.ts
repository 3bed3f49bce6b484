/**
 * The TrainingManager as the app (and the e2e bridge) run it: models from the library (bundled,
 * the user's, added folders), results into the user's models, the Python found as python.ts
 * says, the trainer where location.ts says.
 */
import path from 'node:path';
import type { TrainingEvent } from '../../core/ipc/contract';
import { ADDED_LIST_FILE, ModelLibrary } from '../handlers/model-library';
import { findTrainingRoot, type AppLayout } from './location';
import { TrainingManager } from './manager';
import { findPython, pythonCandidates } from './python';

export interface TrainingWiring {
  userData: string;
  modelsRoot: string;
  layout: AppLayout;
  emit(event: TrainingEvent): void;
  /** The Python path the user set in the app, if any. */
  pythonSetting?(): Promise<string | null>;
}

/** The user's models folder: where training puts its results (docs/training.md). */
export const userModelsDir = (userData: string): string => path.join(userData, 'models');

export function appTrainingManager(w: TrainingWiring): TrainingManager {
  const library = new ModelLibrary({ bundled: w.modelsRoot, user: userModelsDir(w.userData), addedList: path.join(w.userData, ADDED_LIST_FILE) });
  let python: string | null = null;
  return new TrainingManager({
    userData: w.userData,
    async modelDir(id) {
      const { models, broken } = await library.list();
      const found = models.find((m) => m.id === id);
      if (found) return found.dir;
      const bad = broken.find((m) => m.id === id);
      throw new Error(bad ? `model ${id} does not load: ${bad.problem}` : `no model ${id} in the library`);
    },
    newModelDir: (title) => library.newModelDir(title),
    async python() {
      // a found Python is kept; a missing one is looked for again (the user may have installed it)
      if (python) return python;
      const found = await findPython(pythonCandidates(process.env, (await w.pythonSetting?.()) ?? null));
      if (!found.ok) throw new Error(found.problem);
      return (python = found.python);
    },
    trainingRoot: () => findTrainingRoot(w.layout),
    emit: w.emit,
  });
}
