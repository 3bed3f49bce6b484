/**
 * The TrainingManager as the app (and the e2e bridge) run it: bases from the model library
 * (bundled, the user's, added folders), results into the user's models folder, the Python that
 * TrainingPython finds ($PYTHON, the setting, the PATH; probed afresh for each run), the trainer
 * where location.ts says.
 */
import type { TrainingEvent } from '../../core/ipc/contract';
import { libraryOf } from '../handlers/library-handlers';
import { TrainingPython } from './environment';
import { findTrainingRoot, type AppLayout } from './location';
import { TrainingManager } from './manager';

export interface TrainingWiring {
  userData: string;
  modelsRoot: string;
  layout: AppLayout;
  emit(event: TrainingEvent): void;
  env?: NodeJS.ProcessEnv;
}

export function appTrainingManager(w: TrainingWiring): TrainingManager {
  const library = libraryOf(w);
  const python = new TrainingPython(w.userData, w.env);
  return new TrainingManager({
    userData: w.userData,
    async baseDir(dir) {
      if (!(await library.has(dir))) throw new Error(`${dir} is not a model folder in the library`);
      return dir;
    },
    newModelDir: (title) => library.newModelDir(title),
    async python() {
      const found = await python.found();
      if (!found.ok) throw new Error(found.problem);
      return found.python;
    },
    trainingRoot: () => findTrainingRoot(w.layout),
    emit: w.emit,
  });
}
