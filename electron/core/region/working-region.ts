import type { HoleMask } from '../image/level-image';

/** A rectangle of image pixels: x, y of its top-left pixel, width and height in pixels. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * `native`: one image pixel is one model pixel. `fit`: the region is resampled so that the model
 * sees about as many pixels as its native size (a large hole at the model's working resolution).
 */
export type WorkingScale = 'native' | 'fit';

/** Where the sampler works: a rectangle of the image and the size the net sees it at. */
export interface WorkingRegion {
  readonly rect: Rect;
  readonly scale: WorkingScale;
  /** The size of the region as fed to the net: `rect`'s own size at `native` scale. */
  readonly model: Size;
}

/**
 * A hole at most this share of the native side leaves at least an eighth of the native size of
 * context on each side of it, so it is worked on at `native` scale in a native-size window.
 */
const NATIVE_HOLE_SHARE = 3 / 4;

/**
 * The smallest rectangle holding every hole pixel; null for an empty mask. Each row is searched by
 * the typed array's own indexOf and lastIndexOf: a photo's mask has millions of pixels and is
 * bounded again on every dab (a plain loop ran 0.2 s there once the JIT gave up on it).
 */
export function maskBounds(mask: HoleMask, size: Size): Rect | null {
  let x0 = size.width;
  let y0 = -1;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < size.height; y++) {
    const row = mask.subarray(y * size.width, (y + 1) * size.width);
    const first = row.indexOf(1);
    if (first < 0) continue;
    if (y0 < 0) y0 = y;
    y1 = y;
    x0 = Math.min(x0, first);
    x1 = Math.max(x1, row.lastIndexOf(1));
  }
  return y0 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** The rectangle grown by `margin` pixels on every side, cut to the image. */
export function growRect(rect: Rect, margin: number, image: Size): Rect {
  const x0 = Math.max(0, rect.x - margin);
  const y0 = Math.max(0, rect.y - margin);
  const x1 = Math.min(image.width, rect.x + rect.width + margin);
  const y1 = Math.min(image.height, rect.y + rect.height + margin);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * A window of `size` centred on `around`, moved (not shrunk) to lie inside the image; sides
 * longer than the image's become the image's.
 */
export function windowAround(around: Rect, size: Size, image: Size): Rect {
  const place = (start: number, length: number, want: number, limit: number): [number, number] => {
    const side = Math.min(want, limit);
    const centred = Math.round(start + length / 2 - side / 2);
    return [Math.min(Math.max(0, centred), limit - side), side];
  };
  const [x, width] = place(around.x, around.width, size.width, image.width);
  const [y, height] = place(around.y, around.height, size.height, image.height);
  return { x, y, width, height };
}

/**
 * The size the net sees a rectangle at. `native`: its own. `fit`: scaled by one factor on both
 * sides so that its area is the native area, never enlarged (a rectangle smaller than that stays
 * at its own size), at least one pixel a side.
 */
export function modelSize(rect: Rect, scale: WorkingScale, native: Size): Size {
  if (scale === 'native') return { width: rect.width, height: rect.height };
  const factor = Math.min(1, Math.sqrt((native.width * native.height) / (rect.width * rect.height)));
  return { width: Math.max(1, Math.round(rect.width * factor)), height: Math.max(1, Math.round(rect.height * factor)) };
}

/** A region at `fit` scale that needs no resampling (it is no larger than the native area) is `native`. */
export function workingRegion(rect: Rect, scale: WorkingScale, native: Size): WorkingRegion {
  const model = modelSize(rect, scale, native);
  const resampled = model.width !== rect.width || model.height !== rect.height;
  return { rect, scale: resampled ? 'fit' : 'native', model };
}

export interface AutoRegionOptions {
  /** Context in image pixels around the hole's bounding box; replaces the default window. */
  margin?: number;
  /** Forces a scale instead of choosing one from the hole's size. */
  scale?: WorkingScale;
}

/**
 * The working region for a hole, chosen so that a Gibbs step costs about one native-size pass:
 * a hole well inside the native size gets a native-size window around it at `native` scale; a
 * larger one a region twice its size (half its size of context a side) at `fit` scale. Several
 * disjoint blobs share one region around all of them, so they are sampled as one chain against
 * shared context; mask them one at a time to work on far-apart blobs at full resolution.
 */
export function autoRegion(bounds: Rect, image: Size, native: Size, options: AutoRegionOptions = {}): WorkingRegion {
  const small = bounds.width <= native.width * NATIVE_HOLE_SHARE && bounds.height <= native.height * NATIVE_HOLE_SHARE;
  const scale = options.scale ?? (small ? 'native' : 'fit');
  let rect: Rect;
  if (options.margin !== undefined) rect = growRect(bounds, options.margin, image);
  else if (scale === 'native' && small) rect = windowAround(bounds, native, image);
  else rect = growRect(bounds, Math.ceil(Math.max(bounds.width, bounds.height) / 2), image);
  return workingRegion(rect, scale, native);
}

/** Whether a rectangle lies inside the image with at least one pixel. */
export const rectInside = (rect: Rect, image: Size): boolean =>
  [rect.x, rect.y, rect.width, rect.height].every(Number.isInteger) &&
  rect.x >= 0 &&
  rect.y >= 0 &&
  rect.width >= 1 &&
  rect.height >= 1 &&
  rect.x + rect.width <= image.width &&
  rect.y + rect.height <= image.height;
