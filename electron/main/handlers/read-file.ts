import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { OpenedFile } from '../../core/ipc/contract';
import { PROJECT_EXTENSION } from '../../core/project/format';

/** Photos are a few to a few tens of MB; a cap keeps a mistaken pick from pulling gigabytes into the renderer. */
export const MAX_OPEN_BYTES = 64 * 1024 * 1024;
/** A project holds the image, its runs' frames and history: larger, but still bounded. */
export const MAX_PROJECT_BYTES = 1024 * 1024 * 1024;
export const isProjectFile = (file: string): boolean => file.toLowerCase().endsWith(`.${PROJECT_EXTENSION}`);

export async function readUserFile(file: string, recordPath = true): Promise<OpenedFile> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new Error(error.code === 'ENOENT' ? `${file} does not exist` : `${file} cannot be read (${error.code ?? error.message})`);
  });
  if (!info.isFile()) throw new Error(`${file} is not a file`);
  const limit = isProjectFile(file) ? MAX_PROJECT_BYTES : MAX_OPEN_BYTES;
  if (info.size > limit) throw new Error(`${path.basename(file)} is ${info.size} bytes; the limit is ${limit}`);
  return { name: path.basename(file), path: recordPath ? path.resolve(file) : null, bytes: new Uint8Array(await readFile(file)) };
}
