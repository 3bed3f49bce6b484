import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { checkFileTarget, kindOf, OutputError, type FileTarget } from './output-target';

export { OutputError };

export interface FileWrite {
  file: string;
  data: Uint8Array | string;
}

/**
 * Writes a file so that readers see either the old content or the new, never half of it:
 * a temporary file beside the target, flushed, then renamed over it. What may be written over
 * (never a folder, device, FIFO or socket; a link is written through) is `checkFileTarget`'s policy.
 */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  await writeFilesAtomic([{ file, data }]);
}

/**
 * Writes several files all or none, then removes `stale` files (an earlier run's extra frames).
 * Every target is checked, then each is written to a temporary beside it and flushed; any failure
 * so far removes the temporaries and the folders made for them, and no target is touched. The
 * renames are the commit point: should one fail (a disk pulled out mid-way), the files renamed
 * before it are new, the rest old, and the message says which.
 */
export async function writeFilesAtomic(files: readonly FileWrite[], stale: readonly string[] = []): Promise<void> {
  const targets = await checkTargets(files.map((f) => f.file));
  await checkRemovable(stale);
  await removeStaleTemporariesOf(targets.map((t) => t.path));
  const made: { dir: string; root: string }[] = []; // folders this write created, to take back on failure
  const temps: string[] = [];
  try {
    for (const [i, target] of targets.entries()) {
      const dir = path.dirname(target.path);
      const root = await mkdir(dir, { recursive: true }).catch(describeAs(target.asked));
      if (root) made.push({ dir, root });
      temps.push(temporaryPath(target.path));
      await writeTemporary(temps[i]!, files[i]!.data, target);
    }
    await checkTargets(files.map((f) => f.file)); // nothing special appeared while they were written
  } catch (error) {
    await Promise.all(temps.map((t) => rm(t, { force: true }).catch(() => undefined)));
    for (const { dir, root } of made) await removeEmptyFolders(dir, root);
    throw error;
  }
  await commit(targets, temps);
  for (const file of stale) await rm(file, { force: true }).catch(describeAs(file, 'cannot remove'));
}

async function checkTargets(files: readonly string[]): Promise<FileTarget[]> {
  const targets: FileTarget[] = [];
  for (const file of files) {
    const target = await checkFileTarget(file);
    const twin = targets.find((t) => t.path === target.path);
    if (twin) throw new OutputError(`cannot write ${file}: it is the same file as ${twin.asked}`);
    targets.push(target);
  }
  return targets;
}

/** A stale file is removed by name: a link goes, its target stays; anything but a file or a link is refused. */
async function checkRemovable(files: readonly string[]): Promise<void> {
  for (const file of files) {
    const info = await lstat(file).catch(() => null);
    if (info && !info.isFile() && !info.isSymbolicLink()) throw new OutputError(`cannot remove ${file}: ${kindOf(info)}, not a regular file`);
  }
}

async function writeTemporary(temp: string, data: Uint8Array | string, target: FileTarget): Promise<void> {
  try {
    const handle = await open(temp, 'wx'); // exclusive: a name in the way is never opened
    try {
      if (target.existing) await handle.chmod(target.existing.mode & 0o7777); // the replacement keeps the file's permissions
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    describeAs(target.asked)(error as NodeJS.ErrnoException);
  }
}

async function commit(targets: readonly FileTarget[], temps: readonly string[]): Promise<void> {
  for (const [i, target] of targets.entries()) {
    try {
      await rename(temps[i]!, target.path);
    } catch (error) {
      await Promise.all(temps.slice(i).map((t) => rm(t, { force: true }).catch(() => undefined)));
      const done = targets.slice(0, i).map((t) => t.asked);
      const note = done.length ? `; already replaced: ${done.join(', ')}` : '';
      describeAs(target.asked, 'cannot write', note)(error as NodeJS.ErrnoException);
    }
  }
}

/** Removes the folders from `dir` up to `root` that this write made, where nothing else was put meanwhile. */
async function removeEmptyFolders(dir: string, root: string): Promise<void> {
  for (let d = dir; d.startsWith(root); d = path.dirname(d)) {
    if (await rmdir(d).then(() => false, () => true)) return;
    if (d === root) return;
  }
}

/**
 * Temporaries are `.<name>.<pid>.<12 hex>.tmp` beside their target. The writer's pid in the name
 * says when one is stale: its process is gone (killed mid-write), so no rename will ever come.
 * An age would also take a slow live writer's file; the pid never does on this machine. (On a
 * folder shared between machines a pid means nothing: there only a dead local pid's file goes.)
 */
const TEMPORARY = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/;

function temporaryPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH'; // EPERM: alive, another user's
  }
}

/**
 * Removes the temporaries that a killed writer left in `dir` for the files whose names pass
 * `owns`: only of this module's naming, only where their writer's process is gone.
 */
export async function removeStaleTemporariesIn(dir: string, owns: (name: string) => boolean): Promise<void> {
  const names = await readdir(dir).catch(() => []);
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (match && owns(match[1]!) && !isRunning(Number(match[2]))) await rm(path.join(dir, name), { force: true }).catch(() => undefined);
  }
}

/** Removes the stale temporaries of `file` (every atomic write of it does this first). */
export async function removeStaleTemporaries(file: string): Promise<void> {
  await removeStaleTemporariesOf([file]);
}

async function removeStaleTemporariesOf(files: readonly string[]): Promise<void> {
  const names = new Map<string, Set<string>>();
  for (const file of files) {
    const dir = path.dirname(file);
    names.set(dir, (names.get(dir) ?? new Set()).add(path.basename(file)));
  }
  for (const [dir, owned] of names) await removeStaleTemporariesIn(dir, (name) => owned.has(name));
}

/** Throws the error as one line naming the file the user asked for, not the temporary the system call saw. */
function describeAs(file: string, verb = 'cannot write', note = ''): (error: NodeJS.ErrnoException) => never {
  return (error) => {
    if (error instanceof OutputError) throw error;
    throw new OutputError(`${verb} ${file}: ${error.syscall && error.code ? describeCode(error.code) : error.message}${note}`, { cause: error });
  };
}

function describeCode(code: string): string {
  const known: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is full',
    EROFS: 'the disk is read-only',
    EISDIR: 'it is a folder',
    ENOTDIR: 'a part of its path is a file, not a folder',
    EEXIST: 'a part of its path is a file, not a folder',
  };
  return `${known[code] ?? 'the system refused'} (${code})`;
}
