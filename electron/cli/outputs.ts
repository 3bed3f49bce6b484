import type { Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { removeStaleTemporariesIn, writeFilesAtomic, type FileWrite } from '../core/fs/atomic-write';
import { checkFileTarget, checkFolderTarget, OutputError, sameFile, type FileTarget } from '../core/fs/output-target';
import type { InpaintOptions } from './args';

const FILE_FLAGS = ['out', 'gif', 'apng', 'sweep'] as const;
const FRAME = /^frame-(\d{5})\.png$/;

export const frameName = (i: number): string => `frame-${String(i).padStart(5, '0')}.png`;

interface Inputs {
  image: Stats;
  mask: Stats;
}

/**
 * Refuses, before any sampling, every output that cannot be written or would destroy something:
 * a special file, a folder where a file goes (or the reverse), a parent that is a file, a
 * read-only folder, two outputs naming one file, and an input, unless --overwrite.
 */
export async function checkOutputs(options: InpaintOptions, inputs: Inputs): Promise<void> {
  if (options.frames) await checkFolderTarget(options.frames);
  const named: { flag: string; target: FileTarget }[] = [];
  for (const flag of FILE_FLAGS) {
    const file = options[flag];
    if (!file) continue;
    const target = await checkFileTarget(file);
    checkNotInput(options, inputs, target, `--${flag} ${file}`);
    const twin = named.find((n) => n.target.path === target.path);
    if (twin) throw new OutputError(`--${flag} ${file} is the same file as --${twin.flag} ${twin.target.asked}`);
    if (options.frames && (await isFrameIn(target, options.frames))) throw new OutputError(`--${flag} ${file} is a file --frames ${options.frames} writes`);
    named.push({ flag, target });
  }
  if (options.frames) {
    for (const name of await frameNames(options.frames)) {
      checkNotInput(options, inputs, await checkFileTarget(path.join(options.frames, name)), `--frames ${options.frames} holds ${name}, which`);
    }
  }
}

async function isFrameIn(target: FileTarget, dir: string): Promise<boolean> {
  const name = path.basename(target.path);
  return FRAME.test(name) && (await checkFileTarget(path.join(dir, name))).path === target.path;
}

function checkNotInput(options: InpaintOptions, inputs: Inputs, target: FileTarget, what: string): void {
  if (options.overwrite || !target.existing) return;
  const input = sameFile(target.existing, inputs.image) ? 'image' : sameFile(target.existing, inputs.mask) ? 'mask' : undefined;
  if (input) throw new OutputError(`${what} is the --${input} file; add --overwrite to replace it`);
}

/** The frame files in `dir` (an earlier run's, replaced or removed by this one). */
const frameNames = async (dir: string): Promise<string[]> => (await readdir(dir).catch(() => [])).filter((name) => FRAME.test(name));

/**
 * Writes every output all or none. Frames of an earlier, longer run in the same folder would read
 * as part of this chain: they are removed in the same commit, after the renames.
 */
export async function writeOutputs(files: FileWrite[], frames?: { dir: string; count: number }): Promise<void> {
  let stale: string[] = [];
  if (frames) {
    await removeStaleTemporariesIn(frames.dir, (name) => FRAME.test(name)); // a killed run's, of any frame number
    stale = (await frameNames(frames.dir)).filter((name) => Number(FRAME.exec(name)![1]) >= frames.count).map((name) => path.join(frames.dir, name));
  }
  await writeFilesAtomic(files, stale);
}
