import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { kindOf } from '../core/fs/output-target';
import { ImageError } from '../core/image/image-error';
import type { HoleMask } from '../core/image/level-image';
import { decodePng, decodePngDeep, type RgbaImage } from '../core/image/png';
import { maskFromRgba } from '../core/image/quantise';

/** Larger input files are refused before they are read (a real 8192² PNG is far smaller). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

export interface PngInput {
  rgba: RgbaImage;
  /** An image's own samples as RGBA16 when it is a 16-bit PNG: its result is written at 16 bits. */
  rgba16?: Uint16Array;
  /** The file's identity, so an output naming the same file is recognised. */
  info: Stats;
}

/** Reads and decodes a PNG the user named; a folder, FIFO or device is refused unread (reading /dev/zero never ends). */
export async function readPngInput(file: string, what: 'image' | 'mask'): Promise<PngInput> {
  const name = `${what} ${file}`;
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new ImageError(`${name}: ${error.code === 'ENOENT' ? 'no such file' : `cannot be read (${error.code})`}`);
  });
  if (!info.isFile()) throw new ImageError(`${name}: ${kindOf(info)}, not a PNG file`);
  if (info.size > MAX_INPUT_BYTES) throw new ImageError(`${name}: ${info.size} bytes, larger than the ${MAX_INPUT_BYTES / 2 ** 20} MiB this tool reads`);
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new ImageError(`${name}: cannot be read (${error.code})`);
  });
  if (what === 'mask') return { rgba: decodePng(new Uint8Array(bytes), name), info };
  return { ...decodePngDeep(new Uint8Array(bytes), name), info };
}

export interface InputPair {
  image: PngInput;
  mask: PngInput;
  /** The hole at the image's full size. */
  hole: HoleMask;
}

/** The image and its mask, decoded, of one size, with a hole: every check that needs no model. */
export async function readInputPair(imageFile: string, maskFile: string): Promise<InputPair> {
  const image = await readPngInput(imageFile, 'image');
  const mask = await readPngInput(maskFile, 'mask');
  const hole = maskFromRgba(mask.rgba, image.rgba.width, image.rgba.height, `mask ${maskFile}`);
  if (!hole.includes(1)) throw new ImageError(`mask ${maskFile}: marks no pixel to inpaint (white and opaque = inpaint)`);
  return { image, mask, hole };
}
