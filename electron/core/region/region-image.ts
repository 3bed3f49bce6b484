import type { HoleMask, LevelImage } from '../image/level-image';
import type { RgbaImage } from '../image/png';
import { resizeRgba, toLevels, type LevelSpec } from '../image/quantise';
import type { Rect, Size, WorkingRegion } from './working-region';

/** The pixels of a rectangle of an image, row by row. */
export function cropRgba(image: RgbaImage, rect: Rect): RgbaImage {
  const data = new Uint8Array(rect.width * rect.height * 4);
  for (let y = 0; y < rect.height; y++) {
    const from = ((rect.y + y) * image.width + rect.x) * 4;
    data.set(image.data.subarray(from, from + rect.width * 4), y * rect.width * 4);
  }
  return { width: rect.width, height: rect.height, data };
}

export function cropMask(mask: HoleMask, size: Size, rect: Rect): HoleMask {
  const out = new Uint8Array(rect.width * rect.height);
  for (let y = 0; y < rect.height; y++) {
    const from = (rect.y + y) * size.width + rect.x;
    out.set(mask.subarray(from, from + rect.width), y * rect.width);
  }
  return out;
}

/** Hole pixels of the mask inside the rectangle (the rest a region leaves as they are). */
export function holeInside(mask: HoleMask, size: Size, rect: Rect): number {
  let n = 0;
  for (let y = rect.y; y < rect.y + rect.height; y++) for (let x = rect.x; x < rect.x + rect.width; x++) n += mask[y * size.width + x]!;
  return n;
}

/**
 * A mask brought to another size where a model pixel is in the hole if any image pixel it covers
 * is: so every hole pixel of the image is drawn by the model, whatever the scale.
 */
export function resizeMask(mask: HoleMask, from: Size, to: Size): HoleMask {
  const out = new Uint8Array(to.width * to.height);
  const sx = from.width / to.width;
  const sy = from.height / to.height;
  for (let y = 0; y < to.height; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.ceil((y + 1) * sy));
    for (let x = 0; x < to.width; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.ceil((x + 1) * sx));
      out[y * to.width + x] = anyInBox(mask, from.width, x0, y0, x1, y1) ? 1 : 0;
    }
  }
  return out;
}

function anyInBox(mask: HoleMask, width: number, x0: number, y0: number, x1: number, y1: number): boolean {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (mask[y * width + x]) return true;
  return false;
}

/**
 * What the sampler is given for a region: its pixels at the model's size, channels and levels
 * (the conversion touches only the region, never the document), and the hole inside it.
 */
export function regionInput(image: RgbaImage, mask: HoleMask, region: WorkingRegion, spec: LevelSpec): { image: LevelImage; mask: HoleMask } {
  const { rect, model } = region;
  const pixels = cropRgba(image, rect);
  const hole = cropMask(mask, image, rect);
  const same = model.width === rect.width && model.height === rect.height;
  return {
    image: toLevels(same ? pixels : resizeRgba(pixels, model.width, model.height), spec),
    mask: same ? hole : resizeMask(hole, rect, model),
  };
}
