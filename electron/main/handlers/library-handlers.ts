import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Handlers, ModelEntry, ModelList } from '../../core/ipc/contract';
import type { ModelCard } from '../../core/model/card';
import { ADDED_LIST_FILE, ModelLibrary } from './model-library';
import type { HandlerDeps } from './ports';

/** The user's models folder under user data: where training results go. */
export const USER_MODELS_DIR = 'models';

/** The library of a host: the bundled models (absolute, $GIBBS_MODELS included), the user's, and the added folders' list. */
export function libraryOf(deps: Pick<HandlerDeps, 'modelsRoot' | 'userData'>): ModelLibrary {
  return new ModelLibrary({
    bundled: path.resolve(deps.modelsRoot),
    user: path.resolve(deps.userData, USER_MODELS_DIR),
    addedList: path.resolve(deps.userData, ADDED_LIST_FILE),
  });
}

type LibraryChannels = 'models:list' | 'model:load' | 'models:add' | 'models:rename' | 'models:remove' | 'models:reveal';

/** The model picker's channels. A folder named by the renderer is used only once the library lists it. */
export function libraryHandlers(library: ModelLibrary, deps: HandlerDeps): Pick<Handlers, LibraryChannels> {
  const listed = async (dir: string): Promise<string> => {
    if (!(await library.has(dir))) throw new Error(`${dir} is not a model folder in the library`);
    return path.resolve(dir);
  };
  return {
    'models:list': async () => {
      const { models, broken, problem } = await library.list();
      const entries: ModelEntry[] = [];
      for (const m of models) entries.push({ ...m, samples: await samplesOf(m.card, deps.samplesRoot) });
      return { models: entries, broken, problem, userRoot: library.roots.user } satisfies ModelList;
    },
    'model:load': async ({ dir, precision }) => deps.sampler.load(await listed(dir), precision ?? 'fp32'),
    'models:add': async () => {
      const folder = await deps.dialogs.openFolder('Add model folder');
      if (!folder) return null;
      const model = await library.add(folder);
      return { ...model, samples: await samplesOf(model.card, deps.samplesRoot) };
    },
    'models:rename': ({ dir, name }) => library.rename(dir, name),
    'models:remove': async ({ dir }) => ({ removed: await library.remove(dir) }),
    'models:reveal': async ({ dir }) => {
      const resolved = path.resolve(dir);
      if (resolved !== library.roots.user) return deps.revealInFolder(await listed(resolved));
      await mkdir(resolved, { recursive: true }); // before the first training result, so there is a folder to show
      deps.revealInFolder(resolved);
    },
  };
}

/** The card's samples that exist among the bundled samples. */
async function samplesOf(card: ModelCard, samplesRoot: string): Promise<string[]> {
  const samples: string[] = [];
  for (const name of card.samples) {
    if ((await stat(path.join(samplesRoot, name)).catch(() => null))?.isFile()) samples.push(name);
  }
  return samples;
}
