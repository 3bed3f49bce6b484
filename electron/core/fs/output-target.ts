import { constants, type Stats } from 'node:fs';
import { access, lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** A path that must not be written; the message is the one line the user sees. */
export class OutputError extends Error {
  override name = 'OutputError';
}

/**
 * Where a file output lands. The policy: an existing target must be a regular file (a folder,
 * device, FIFO or socket is refused, never renamed over). A symbolic link is written through, as
 * a shell's `>` does: the file it points to is replaced, atomically beside itself, and the link
 * stays; a link to nothing or to anything but a regular file is refused.
 */
export interface FileTarget {
  /** The path as given, for messages. */
  readonly asked: string;
  /** The absolute, link-free path that is replaced or created. */
  readonly path: string;
  /** The existing file's status (its mode is kept, its identity spots an input given as output). */
  readonly existing?: Stats;
}

/** Checks that `file` can be written without destroying anything; nothing is created. */
export async function checkFileTarget(file: string): Promise<FileTarget> {
  const entry = await lstat(file).catch(absentOr(file));
  if (!entry) {
    const folder = await writableFolder(file, path.dirname(file));
    return { asked: file, path: path.join(await realpath(folder), path.relative(folder, file)) }; // one spelling per file
  }
  const real = entry.isSymbolicLink() ? await realpath(file).catch(brokenLink(file)) : await realpath(file);
  const info = entry.isSymbolicLink() ? await stat(real) : entry;
  if (!info.isFile()) throw new OutputError(`cannot write ${file}: ${kindOf(info)}${info.isDirectory() ? '' : ', not a regular file'}`);
  await writableFolder(file, path.dirname(real));
  return { asked: file, path: real, existing: info };
}

/** Checks that `dir` is a folder (or can be made one) whose files can be written. */
export async function checkFolderTarget(dir: string): Promise<void> {
  const info = await stat(dir).catch(absentOr(dir)); // a link to a folder is that folder
  if (info && !info.isDirectory()) throw new OutputError(`cannot write ${dir}: ${kindOf(info)}, not a folder`);
  await writableFolder(dir, info ? dir : path.dirname(dir));
}

/** True when both are the same file on disk (hard links and links included). */
export const sameFile = (a: Stats, b: Stats): boolean => a.dev === b.dev && a.ino === b.ino;

export function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'it is a folder';
  if (info.isFIFO()) return 'it is a named pipe (FIFO)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'it is a device';
  if (info.isSocket()) return 'it is a socket';
  return 'it is a file';
}

/** The nearest existing folder from `dir` up, which must be a writable folder (missing ones are made when written). */
async function writableFolder(asked: string, dir: string): Promise<string> {
  let existing = dir;
  let info = await stat(existing).catch(() => null);
  while (!info && path.dirname(existing) !== existing) {
    existing = path.dirname(existing);
    info = await stat(existing).catch(() => null);
  }
  if (!info?.isDirectory()) throw new OutputError(`cannot write ${asked}: ${existing} is a file, not a folder`);
  await access(existing, constants.W_OK).catch(() => {
    throw new OutputError(`cannot write ${asked}: ${existing} is not writable`);
  });
  return existing;
}

function absentOr(file: string): (error: NodeJS.ErrnoException) => null {
  return (error) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null; // writableFolder names what is missing or in the way
    throw new OutputError(`cannot write ${file}: ${error.code === 'EACCES' ? 'permission denied' : 'the system refused'} (${error.code})`);
  };
}

function brokenLink(file: string): (error: NodeJS.ErrnoException) => never {
  return (error) => {
    throw new OutputError(`cannot write ${file}: it is a link to ${error.code === 'ENOENT' ? 'nothing' : `a path that cannot be followed (${error.code})`}`);
  };
}
