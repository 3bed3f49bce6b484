import type { HoleMask } from '../image/level-image';
import type { RgbaImage } from '../image/png';
import { cropMask, cropRgba } from './region-image';
import type { Rect, Size, WorkingRegion } from './working-region';

export interface CompositeOptions {
  /**
   * Width in pixels of a soft edge inside the hole, where the new pixels fade into the original's
   * (0: a hard edge). It fades inward only, so pixels outside the mask never change.
   */
  feather: number;
  /** Bilinear instead of nearest-neighbour when a `fit` region is brought back to its size. */
  smooth: boolean;
}

export const MAX_FEATHER = 64;

/**
 * How a `fit` region comes back to the image's size. Models of few levels (binary digits, pixel
 * art palettes) draw hard edges that blending would blur into values they never produce; models
 * of many levels approximate continuous tone, where blocky nearest-neighbour pixels would show.
 */
export const smoothUpsampleFor = (levels: number): boolean => levels >= 16;

/** Resamples RGBA to another size: nearest-neighbour, or bilinear between pixel centres. */
export function resampleRgba(image: RgbaImage, to: Size, smooth: boolean): RgbaImage {
  if (image.width === to.width && image.height === to.height) return image;
  const data = new Uint8Array(to.width * to.height * 4);
  const sx = image.width / to.width;
  const sy = image.height / to.height;
  for (let y = 0; y < to.height; y++) {
    for (let x = 0; x < to.width; x++) {
      const out = (y * to.width + x) * 4;
      if (smooth) bilinear(image, (x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5, data, out);
      else data.set(image.data.subarray(...pixelSpan(image, Math.floor(x * sx), Math.floor(y * sy))), out);
    }
  }
  return { width: to.width, height: to.height, data };
}

const pixelSpan = (image: RgbaImage, x: number, y: number): [number, number] => {
  const at = (y * image.width + x) * 4;
  return [at, at + 4];
};

function bilinear(image: RgbaImage, fx: number, fy: number, out: Uint8Array, at: number): void {
  const x0 = clamp(Math.floor(fx), 0, image.width - 1);
  const y0 = clamp(Math.floor(fy), 0, image.height - 1);
  const x1 = Math.min(x0 + 1, image.width - 1);
  const y1 = Math.min(y0 + 1, image.height - 1);
  const tx = clamp(fx - x0, 0, 1);
  const ty = clamp(fy - y0, 0, 1);
  const d = image.data;
  const w = image.width;
  for (let c = 0; c < 4; c++) {
    const top = d[(y0 * w + x0) * 4 + c]! * (1 - tx) + d[(y0 * w + x1) * 4 + c]! * tx;
    const bottom = d[(y1 * w + x0) * 4 + c]! * (1 - tx) + d[(y1 * w + x1) * 4 + c]! * tx;
    out[at + c] = Math.round(top * (1 - ty) + bottom * ty);
  }
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/**
 * Chamfer distance (1 and √2 steps, two passes) from each hole pixel to the nearest pixel that is
 * not in the hole, over a rectangle. A pixel just outside it counts as context where
 * `contextOutside(x, y)` says so (the image goes on there), else as nothing (the image's border).
 */
export function distanceToEdge(hole: HoleMask, size: Size, contextOutside: (x: number, y: number) => boolean = () => true): Float32Array {
  const { width, height } = size;
  const d = new Float32Array(width * height);
  for (let i = 0; i < d.length; i++) d[i] = hole[i] ? Infinity : 0;
  const at = (x: number, y: number): number => {
    if (x >= 0 && y >= 0 && x < width && y < height) return d[y * width + x]!;
    return contextOutside(x, y) ? 0 : Infinity;
  };
  const relax = (x: number, y: number, neighbours: readonly [number, number, number][]): void => {
    const i = y * width + x;
    for (const [dx, dy, cost] of neighbours) d[i] = Math.min(d[i]!, at(x + dx, y + dy) + cost);
  };
  const forward: [number, number, number][] = [[-1, 0, 1], [0, -1, 1], [-1, -1, Math.SQRT2], [1, -1, Math.SQRT2]];
  const backward: [number, number, number][] = [[1, 0, 1], [0, 1, 1], [1, 1, Math.SQRT2], [-1, 1, Math.SQRT2]];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (hole[y * width + x]) relax(x, y, forward);
  for (let y = height - 1; y >= 0; y--) for (let x = width - 1; x >= 0; x--) if (hole[y * width + x]) relax(x, y, backward);
  return d;
}

/**
 * The region's pixels after the chain: the sampled region brought back to the rectangle's size
 * and laid over the original through the mask. Outside the mask the original's values stay, bit
 * for bit, alpha included; inside, the new pixels (faded over `feather` pixels from the edge).
 */
export function regionPatch(original: RgbaImage, mask: HoleMask, region: WorkingRegion, sampled: RgbaImage, options: CompositeOptions): RgbaImage {
  return patchOver(cropRgba(original, region.rect), cropMask(mask, original, region.rect), region, original, sampled, options);
}

/**
 * `regionPatch` from the region's own crops of the image (`context`) and of the mask (`hole`),
 * so a run can keep just those and composite any of its frames later. `image` is the whole
 * image's size: past a side of the rectangle that is not the image's edge the image goes on, and
 * the feather treats it as context.
 */
export function patchOver(context: RgbaImage, hole: HoleMask, region: WorkingRegion, image: Size, sampled: RgbaImage, options: CompositeOptions): RgbaImage {
  const { rect } = region;
  const patch = { width: rect.width, height: rect.height, data: context.data.slice() };
  const fresh = resampleRgba(sampled, rect, options.smooth);
  const weights = featherWeights(hole, rect, image, options.feather);
  for (let i = 0; i < hole.length; i++) {
    if (!hole[i]) continue;
    for (let c = 0; c < 4; c++) patch.data[i * 4 + c] = blendIn(fresh.data[i * 4 + c]!, patch.data[i * 4 + c]!, weights?.[i] ?? 1, 1);
  }
  return patch;
}

/**
 * How much of the new pixel each pixel of a rectangle's hole takes: rising from the hole's edge
 * to 1 over `feather` pixels; null when the feather is 0 (all of it). `image` is the whole
 * image's size: past a side of the rectangle that is not its edge the image goes on.
 */
export function featherWeights(hole: HoleMask, rect: Rect, image: Size, feather: number): Float32Array | null {
  if (feather <= 0) return null;
  const inImage = (x: number, y: number): boolean => rect.x + x >= 0 && rect.y + y >= 0 && rect.x + x < image.width && rect.y + y < image.height;
  return distanceToEdge(hole, rect, inImage).map((d) => Math.min(1, d / (feather + 1)));
}

/**
 * A hole sample: the new 8-bit value `fresh` scaled by `unit` (1, or 257 for 16 bits, which maps
 * 0…255 onto 0…65535 exactly), faded over the original's sample `under` by `weight`.
 */
export const blendIn = (fresh: number, under: number, weight: number, unit: 1 | 257): number =>
  weight === 1 ? fresh * unit : Math.round(weight * fresh * unit + (1 - weight) * under);

/** Copies a patch into an image at a rectangle (in place). */
export function pasteRect(into: RgbaImage, patch: RgbaImage, at: Rect): void {
  for (let y = 0; y < at.height; y++) {
    into.data.set(patch.data.subarray(y * at.width * 4, (y + 1) * at.width * 4), ((at.y + y) * into.width + at.x) * 4);
  }
}

/** The full-size result: a copy of the original with the region's patch in place. */
export function compositeRegion(original: RgbaImage, mask: HoleMask, region: WorkingRegion, sampled: RgbaImage, options: CompositeOptions): RgbaImage {
  const out = { width: original.width, height: original.height, data: original.data.slice() };
  pasteRect(out, regionPatch(original, mask, region, sampled, options), region.rect);
  return out;
}
