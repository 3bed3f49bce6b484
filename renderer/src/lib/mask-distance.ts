/**
 * Grow and shrink the hole by N pixels, by exact Euclidean distance between pixel centres: a
 * pixel joins the hole when a hole pixel lies within N of it; a hole pixel stays when no context
 * pixel does. One distance transform (Meijster, Roerdink & Hesselink 2000: a column pass, then a
 * lower envelope of parabolas per row), linear in the pixels, whatever N.
 */
import type { HoleMask } from '../../../electron/core/image/level-image';
import { growRect, maskBounds, type Rect, type Size } from '../../../electron/core/region/working-region';
import { changedEdit, type MaskEdit } from './edited-mask';

/** The largest grow or shrink, in pixels (a quarter of the largest image's side). */
export const MAX_GROW = 2048;

/** Every pixel within `n` of the hole joins it; null when nothing changes. */
export const growMask = (mask: HoleMask, size: Size, n: number): MaskEdit | null => moveEdge(mask, size, n, 1);

/**
 * The hole loses every pixel within `n` of context. The image's border is not context: a hole
 * that runs off the picture keeps its pixels along the border.
 */
export const shrinkMask = (mask: HoleMask, size: Size, n: number): MaskEdit | null => moveEdge(mask, size, n, 0);

/**
 * Pixels of the other value within `n` of a pixel of `value` take `value` (grow: 1 spreads into
 * context; shrink: 0 into the hole). Only pixels near both values can change, so the transform
 * runs on that zone grown by `n`: a small hole, or a small gap in a whole-picture hole, costs
 * little on a photo.
 */
function moveEdge(mask: HoleMask, size: Size, n: number, value: 0 | 1): MaskEdit | null {
  const hole = maskBounds(mask, size);
  const reach = clampReach(n);
  if (!hole || reach === 0) return null;
  // every pixel that can change, and every pixel within reach of one, lies within reach of the hole
  const around = growRect(hole, reach, size);
  const spreading = boundsOf(mask, size, around, value);
  const receiving = boundsOf(mask, size, around, value ^ 1);
  const zone = spreading && receiving && intersect(receiving, growRect(spreading, reach, size));
  if (!zone) return null;
  const rect = intersect(growRect(zone, reach, size), around)!;
  const near = nearValue(mask, size, rect, value, reach);
  if (value === 0) for (let i = 0; i < near.length; i++) near[i] ^= 1;
  return changedEdit(mask, size, rect, near);
}

/** The bounds of the pixels of `value` within `rect`; null when there are none. */
function boundsOf(mask: HoleMask, size: Size, rect: Rect, value: number): Rect | null {
  let [x0, y0, x1, y1] = [Infinity, -1, -1, -1];
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    const row = mask.subarray(y * size.width + rect.x, y * size.width + rect.x + rect.width);
    const first = row.indexOf(value);
    if (first < 0) continue;
    if (y0 < 0) y0 = y;
    y1 = y;
    x0 = Math.min(x0, first);
    x1 = Math.max(x1, row.lastIndexOf(value));
  }
  return y0 < 0 ? null : { x: rect.x + x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

function intersect(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const width = Math.min(a.x + a.width, b.x + b.width) - x;
  const height = Math.min(a.y + a.height, b.y + b.height) - y;
  return width > 0 && height > 0 ? { x, y, width, height } : null;
}

const clampReach = (n: number): number => (Number.isFinite(n) ? Math.min(MAX_GROW, Math.max(0, Math.round(n))) : 0);

/**
 * Over `rect` (row by row): 1 where a pixel of the rect whose mask value is `value` lies within
 * Euclidean distance `reach`. Distances are kept only up to `reach + 1` (all that is farther is
 * "too far"), so 16-bit column distances suffice.
 */
function nearValue(mask: HoleMask, size: Size, rect: Rect, value: 0 | 1, reach: number): Uint8Array {
  const { width: w, height: h } = rect;
  const far = reach + 1;
  // column pass, a row at a time (rows are contiguous in memory, columns are not):
  // g = vertical distance to the nearest pixel of `value` in the same column, capped at `far`
  const g = new Uint16Array(w * h);
  for (let y = 0; y < h; y++) {
    const from = (rect.y + y) * size.width + rect.x;
    const above = (y - 1) * w;
    for (let x = 0, i = y * w; x < w; x++, i++) g[i] = mask[from + x] === value ? 0 : y === 0 ? far : Math.min(far, g[above + x]! + 1);
  }
  for (let y = h - 2; y >= 0; y--) {
    const below = (y + 1) * w;
    for (let x = 0, i = y * w; x < w; x++, i++) if (g[below + x]! + 1 < g[i]!) g[i] = g[below + x]! + 1;
  }
  const out = new Uint8Array(w * h);
  const envelope = { s: new Int32Array(w), t: new Int32Array(w), gg: new Float64Array(w) };
  for (let y = 0; y < h; y++) rowWithin(g.subarray(y * w, (y + 1) * w), far, reach * reach, envelope, out.subarray(y * w, (y + 1) * w));
  return out;
}

/**
 * Row pass: the squared distance at u is min over i of (u − i)² + g(i)², found from the lower
 * envelope of those parabolas (`s` their apexes, `t` where each starts to be the lowest). Rows
 * all "too far" or all on `value` (most rows of a large or small hole) skip it.
 */
function rowWithin(g: Uint16Array, far: number, limit: number, { s, t, gg }: { s: Int32Array; t: Int32Array; gg: Float64Array }, out: Uint8Array): void {
  const w = g.length;
  let nearest = far;
  let farthest = 0;
  for (let i = 0; i < w; i++) {
    const v = g[i]!;
    gg[i] = v * v;
    if (v < nearest) nearest = v;
    if (v > farthest) farthest = v;
  }
  if (nearest === far) return; // out stays 0
  if (farthest === 0) return void out.fill(1);
  let q = 0;
  s[0] = 0;
  t[0] = 0;
  for (let u = 1; u < w; u++) {
    while (q >= 0 && (t[q]! - s[q]!) ** 2 + gg[s[q]!]! > (t[q]! - u) ** 2 + gg[u]!) q--;
    if (q < 0) {
      q = 0;
      s[0] = u;
    } else {
      const i = s[q]!;
      const start = 1 + Math.floor((u * u - i * i + gg[u]! - gg[i]!) / (2 * (u - i)));
      if (start < w) {
        q++;
        s[q] = u;
        t[q] = start;
      }
    }
  }
  for (let u = w - 1; u >= 0; u--) {
    const i = s[q]!;
    out[u] = (u - i) * (u - i) + gg[i]! <= limit ? 1 : 0;
    if (u === t[q]) q--;
  }
}
