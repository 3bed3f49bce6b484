/** The magic wand: the pixels of about the clicked pixel's colour, touching it (flood fill) or anywhere. */
import type { RgbaImage } from '../../../electron/core/image/png';
import { selectionOf, type Selection } from './mask-selection';

export const MAX_TOLERANCE = 255;

export interface WandOptions {
  /** How far each channel (R, G, B and A) may stray from the clicked pixel's, 0–255: 0 takes that exact colour only. */
  tolerance: number;
  /** Only the pixels joined to the clicked one through matching pixels (4-neighbours); else every match in the image. */
  contiguous: boolean;
}

/** The wand's selection from image pixel (x, y); null outside the image. */
export function wandSelect(image: RgbaImage, x: number, y: number, { tolerance, contiguous }: WandOptions): Selection | null {
  const { width, height, data } = image;
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= width || y >= height) return null;
  const t = Math.min(MAX_TOLERANCE, Math.max(0, Number.isFinite(tolerance) ? tolerance : 0));
  // per channel, which of the 256 values lie within the tolerance of the clicked pixel's
  const at = (y * width + x) * 4;
  const near = [0, 1, 2, 3].map((c) => Uint8Array.from({ length: 256 }, (_, v) => (Math.abs(v - data[at + c]!) <= t ? 1 : 0)));
  const [r, g, b, a] = near as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  const matches = (i: number): boolean => (r[data[i * 4]!]! & g[data[i * 4 + 1]!]! & b[data[i * 4 + 2]!]! & a[data[i * 4 + 3]!]!) === 1;
  const picked = new Uint8Array(width * height);
  if (contiguous) floodFill(picked, image, y * width + x, matches);
  else for (let i = 0, p = 0; i < picked.length; i++, p += 4) picked[i] = r[data[p]!]! & g[data[p + 1]!]! & b[data[p + 2]!]! & a[data[p + 3]!]!;
  return selectionOf(picked, image);
}

/**
 * Marks in `picked` the 4-connected matching pixels around `seed`, a row span at a time: the
 * stack holds span seeds, not pixels, so a photo-sized fill stays a few thousand entries deep.
 */
function floodFill(picked: Uint8Array, { width, height }: { width: number; height: number }, seed: number, matches: (i: number) => boolean): void {
  const stack = [seed];
  while (stack.length) {
    const i = stack.pop()!;
    if (picked[i]) continue;
    const row = i - (i % width);
    let left = i;
    while (left > row && !picked[left - 1] && matches(left - 1)) left--;
    let right = i;
    while (right + 1 < row + width && !picked[right + 1] && matches(right + 1)) right++;
    picked.fill(1, left, right + 1);
    const y = row / width;
    if (y > 0) pushSpanSeeds(stack, picked, left - width, right - width, matches);
    if (y + 1 < height) pushSpanSeeds(stack, picked, left + width, right + width, matches);
  }
}

/** One seed for each run of unpicked matching pixels in [from, to] of a neighbouring row. */
function pushSpanSeeds(stack: number[], picked: Uint8Array, from: number, to: number, matches: (i: number) => boolean): void {
  let inRun = false;
  for (let i = from; i <= to; i++) {
    const open = !picked[i] && matches(i);
    if (open && !inRun) stack.push(i);
    inRun = open;
  }
}
