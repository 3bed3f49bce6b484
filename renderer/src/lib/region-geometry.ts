/** The working region as the user handles it: moving and resizing its frame, and how it is named on screen. */
import { MAX_SAMPLE_SIDE } from '../../../electron/core/job/validate-job';
import type { Rect, Size, WorkingRegion, WorkingScale } from '../../../electron/core/region/working-region';

/** A frame handle: the body moves the rectangle; an edge or corner moves those sides. */
export type Handle = 'move' | 'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw';

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A rectangle snapped to whole pixels and kept inside the image (at least one pixel a side). */
export function clampRect(rect: Rect, image: Size): Rect {
  const width = clamp(Math.round(rect.width), 1, image.width);
  const height = clamp(Math.round(rect.height), 1, image.height);
  return { x: clamp(Math.round(rect.x), 0, image.width - width), y: clamp(Math.round(rect.y), 0, image.height - height), width, height };
}

/**
 * The rectangle after dragging `handle` by (dx, dy) image pixels: a move keeps its size and stops
 * at the image's edges; a resize moves only the handle's sides, stops at the edges and never
 * passes the opposite side.
 */
export function dragRect(rect: Rect, handle: Handle, dx: number, dy: number, image: Size): Rect {
  if (handle === 'move') return clampRect({ ...rect, x: rect.x + dx, y: rect.y + dy }, image);
  let x0 = rect.x;
  let y0 = rect.y;
  let x1 = rect.x + rect.width;
  let y1 = rect.y + rect.height;
  if (handle.includes('w')) x0 = clamp(Math.round(x0 + dx), 0, x1 - 1);
  if (handle.includes('e')) x1 = clamp(Math.round(x1 + dx), x0 + 1, image.width);
  if (handle.includes('n')) y0 = clamp(Math.round(y0 + dy), 0, y1 - 1);
  if (handle.includes('s')) y1 = clamp(Math.round(y1 + dy), y0 + 1, image.height);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** For a rectangle the user drew: native when it holds no more pixels than the model's native size. */
export const scaleForRect = (rect: Rect, native: Size): WorkingScale => (rect.width * rect.height <= native.width * native.height ? 'native' : 'fit');

/** "region 64×64 at native scale" or "region 400×300 → 74×55 (fit)". */
export function describeRegion({ rect, scale, model }: WorkingRegion): string {
  const size = `region ${rect.width}×${rect.height}`;
  return scale === 'native' ? `${size} at native scale` : `${size} → ${model.width}×${model.height} (fit)`;
}

/** Why the sampler cannot run this region, or null. */
export function regionProblem({ rect, scale, model }: WorkingRegion): string | null {
  if (model.width <= MAX_SAMPLE_SIDE && model.height <= MAX_SAMPLE_SIDE) return null;
  const what = scale === 'native' ? `at native scale it is ${model.width}×${model.height} model pixels` : `it comes to ${model.width}×${model.height}`;
  return `The working region is ${rect.width}×${rect.height}: ${what}, past the ${MAX_SAMPLE_SIDE} px a side the sampler runs. Choose fit scale or a smaller region.`;
}
