import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ModelFolderError } from './errors';

/** The ids of the model folders under `root` (folders holding a card.json). */
export async function listModelIds(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const ids: string[] = [];
  for (const e of entries) {
    if (e.isDirectory() && (await stat(path.join(root, e.name, 'card.json')).catch(() => null))) ids.push(e.name);
  }
  return ids.sort();
}

/** A model given as a folder path, or as the id of a folder under `root` (the bundled models). */
export async function resolveModelDir(idOrPath: string, root: string): Promise<string> {
  const asPath = path.resolve(idOrPath);
  if ((await stat(asPath).catch(() => null))?.isDirectory()) return asPath;
  const bundled = path.join(root, idOrPath);
  if (/^[\w.-]+$/.test(idOrPath) && (await stat(bundled).catch(() => null))?.isDirectory()) return bundled;
  const known = await listModelIds(root);
  throw new ModelFolderError(idOrPath, undefined, `is neither a model folder nor a bundled model id (bundled: ${known.join(', ') || 'none'})`);
}
