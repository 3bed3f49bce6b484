import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ModelEntry, ModelList } from '../../core/ipc/contract';
import { loadModelFolder } from '../../core/model/load';
import { listModelIds } from '../../core/model/resolve';

/** Every model folder under `modelsRoot`: the valid ones with the bundled samples their cards name that exist, the rest with why they do not load. */
export async function listModels(modelsRoot: string, samplesRoot: string): Promise<ModelList> {
  const list: ModelList = { models: [], broken: [] };
  for (const id of await listModelIds(modelsRoot)) {
    const model = await loadModelFolder(path.join(modelsRoot, id)).catch((error: Error) => {
      list.broken.push({ id, problem: error.message });
      return null;
    });
    if (model) list.models.push(await withSamples(id, model.card, samplesRoot));
  }
  return list;
}

async function withSamples(id: string, card: ModelEntry['card'], samplesRoot: string): Promise<ModelEntry> {
  const samples: string[] = [];
  for (const name of card.samples) {
    if ((await stat(path.join(samplesRoot, name)).catch(() => null))?.isFile()) samples.push(name);
  }
  return { id, card, samples };
}
