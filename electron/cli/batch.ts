import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkFolderTarget } from '../core/fs/output-target';
import type { BatchFolders, InpaintOptions } from './args';
import { readInputPair } from './inputs';
import { checkOutputs } from './outputs';
import { ProgressBar } from './progress';
import { inpaintOne, modelLine, planJob, startSampler } from './run-inpaint';

/** One image of a batch, its mask and where its result goes. */
export interface BatchItem {
  name: string;
  image: string;
  /** Undefined when the mask folder holds no mask for it. */
  mask?: string;
  out: string;
}

const isPng = (name: string): boolean => /\.png$/i.test(name);
const stem = (name: string): string => name.replace(/\.png$/i, '');

async function existingFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isFile() ?? false;
}

/** Folder entries, or one line naming the folder. */
async function entries(dir: string, flag: string): Promise<string[]> {
  return readdir(dir).catch((error: NodeJS.ErrnoException) => {
    throw new Error(`--${flag} ${dir}: ${error.code === 'ENOENT' ? 'no such folder' : error.code === 'ENOTDIR' ? 'not a folder' : `cannot be read (${error.code})`}`);
  });
}

/**
 * The PNGs of the image folder in name order, each with its mask: `--mask FILE` for all, or from
 * the mask folder `NAME_mask.png`, else `NAME.png`. Masks that share the image folder are not
 * images themselves.
 */
export async function batchItems(folders: BatchFolders, maskFile: string): Promise<{ items: BatchItem[]; notPng: number }> {
  const names = (await entries(folders.imageDir, 'image-dir')).sort();
  const same = async (a: string, b: string) => (await realpath(a).catch(() => a)) === (await realpath(b).catch(() => b));
  const masksHere = folders.maskDir !== undefined && (await same(folders.maskDir, folders.imageDir));
  const maskPath = maskFile ? await realpath(maskFile).catch(() => maskFile) : '';
  const items: BatchItem[] = [];
  let notPng = 0;
  for (const name of names) {
    const image = path.join(folders.imageDir, name);
    if (!(await existingFile(image))) continue;
    if (!isPng(name)) {
      notPng++;
      continue;
    }
    if ((masksHere && /_mask\.png$/i.test(name)) || (await realpath(image)) === maskPath) continue;
    items.push({ name, image, mask: await maskFor(folders, maskFile, name), out: path.join(folders.outDir, `${stem(name)}.png`) });
  }
  if (items.length === 0) throw new Error(`--image-dir ${folders.imageDir}: holds no PNG to inpaint`);
  return { items, notPng };
}

async function maskFor(folders: BatchFolders, maskFile: string, name: string): Promise<string | undefined> {
  if (!folders.maskDir) return maskFile;
  for (const candidate of [`${stem(name)}_mask.png`, name]) {
    const file = path.join(folders.maskDir, candidate);
    if (await existingFile(file)) return file;
  }
  return undefined;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Batch mode: one sampler for every image; a file that fails is reported on one line and
 * skipped, never stopping the batch. Returns 1 when any was skipped.
 */
export async function runBatch(options: InpaintOptions, folders: BatchFolders, log: (line: string) => void): Promise<number> {
  const { items, notPng } = await batchItems(folders, options.mask);
  await checkFolderTarget(folders.outDir);
  const client = await startSampler(options);
  let done = 0;
  let skipped = 0;
  try {
    log(modelLine(client, options));
    const bar = new ProgressBar(items.length, 'batch', options.quiet, 'images');
    for (const item of items) {
      try {
        if (!item.mask) throw new Error(`no mask: looked for ${stem(item.name)}_mask.png and ${item.name} in ${folders.maskDir}`);
        const one: InpaintOptions = { ...options, batch: undefined, image: item.image, mask: item.mask, out: item.out, quiet: true };
        const inputs = await readInputPair(item.image, item.mask);
        await checkOutputs(one, { image: inputs.image.info, mask: inputs.mask.info });
        await inpaintOne(client, one, planJob(client, one, inputs), () => undefined);
        done++;
      } catch (error) {
        skipped++;
        bar.clear();
        log(`skipped ${item.name}: ${messageOf(error)}`);
      }
      bar.update(done + skipped, `${done} done, ${skipped} skipped`);
    }
    bar.finish();
  } finally {
    await client.close();
  }
  const others = notPng ? `; ${notPng} files that are not PNG left alone` : '';
  log(`batch: ${done} done, ${skipped} skipped, of ${items.length} images in ${folders.imageDir}${others}`);
  return skipped ? 1 : 0;
}
