import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ModelEntry } from '../../core/ipc/contract';
import { loadModelFolder } from '../../core/model/load';
import { listModelIds } from '../../core/model/resolve';

/** Every valid model under `modelsRoot`, with the bundled samples its card names that exist. */
export async function listModels(modelsRoot: string, samplesRoot: string): Promise<ModelEntry[]> {
  const entries: ModelEntry[] = [];
  for (const id of await listModelIds(modelsRoot)) {
    // a broken folder is skipped here; loading it by id reports the precise error
    const model = await loadModelFolder(path.join(modelsRoot, id)).catch(() => null);
    if (!model) continue;
    const samples: string[] = [];
    for (const name of model.card.samples) {
      if ((await stat(path.join(samplesRoot, name)).catch(() => null))?.isFile()) samples.push(name);
    }
    entries.push({ id, card: model.card, samples });
  }
  return entries;
}
