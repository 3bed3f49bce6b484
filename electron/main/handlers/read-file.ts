import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { OpenedFile } from '../../core/ipc/contract';

/** Photos are a few to a few tens of MB; a cap keeps a mistaken pick from pulling gigabytes into the renderer. */
export const MAX_OPEN_BYTES = 64 * 1024 * 1024;

export async function readUserFile(file: string, recordPath = true): Promise<OpenedFile> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new Error(error.code === 'ENOENT' ? `${file} does not exist` : `${file} cannot be read (${error.code ?? error.message})`);
  });
  if (!info.isFile()) throw new Error(`${file} is not a file`);
  if (info.size > MAX_OPEN_BYTES) throw new Error(`${path.basename(file)} is ${info.size} bytes; the limit is ${MAX_OPEN_BYTES}`);
  return { name: path.basename(file), path: recordPath ? path.resolve(file) : null, bytes: new Uint8Array(await readFile(file)) };
}
