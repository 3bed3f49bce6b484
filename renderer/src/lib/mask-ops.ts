/** Pure mask edits on H·W hole masks (1 = inpaint). Each returns a new array, so history can hold the old one. */
import type { HoleMask } from '../../../electron/core/image/level-image';
import type { Rect } from '../../../electron/core/region/working-region';

export interface MaskShape {
  width: number;
  height: number;
}

/** Stamps discs of diameter `size` pixels along the segment a→b; returns null when nothing changed. */
export function stampLine(
  mask: HoleMask,
  shape: MaskShape,
  a: { x: number; y: number },
  b: { x: number; y: number },
  size: number,
  value: 0 | 1,
): HoleMask | null {
  const out = mask.slice();
  const r = size / 2;
  const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / Math.max(0.5, r / 2)));
  let changed = false;
  for (let s = 0; s <= steps; s++) {
    const cx = a.x + ((b.x - a.x) * s) / steps;
    const cy = a.y + ((b.y - a.y) * s) / steps;
    changed = stampDisc(out, shape, cx, cy, r, value) || changed;
  }
  return changed ? out : null;
}

/** A disc centred at (cx, cy) in pixel units: a pixel joins when its centre lies inside (size 1 = one pixel). */
function stampDisc(mask: HoleMask, { width, height }: MaskShape, cx: number, cy: number, r: number, value: 0 | 1): boolean {
  let changed = false;
  const r2 = Math.max(r * r, 0.25);
  for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(height - 1, Math.ceil(cy + r)); y++) {
    for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(width - 1, Math.ceil(cx + r)); x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      if (dx * dx + dy * dy > r2 && !(Math.floor(cx) === x && Math.floor(cy) === y)) continue;
      if (mask[y * width + x] !== value) {
        mask[y * width + x] = value;
        changed = true;
      }
    }
  }
  return changed;
}

export const invertMask = (mask: HoleMask): HoleMask => mask.map((v) => (v ? 0 : 1));

/**
 * A loop, not `reduce`: a photo's mask has millions of pixels and is counted on every dab. It
 * starts at the first hole pixel, found by the typed array's own search: the empty mask of a
 * newly opened photo costs next to nothing.
 */
export function countHole(mask: HoleMask): number {
  const first = mask.indexOf(1);
  if (first < 0) return 0;
  let n = 0;
  for (let i = first; i < mask.length; i++) n += mask[i]!;
  return n;
}

/** The pixels a stamped segment can touch: its bounding box grown by the brush, cut to the mask. */
export function strokeRect(a: { x: number; y: number }, b: { x: number; y: number }, size: number, { width, height }: MaskShape): Rect {
  const reach = Math.ceil(size / 2) + 1;
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x)) - reach);
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y)) - reach);
  const x1 = Math.min(width, Math.ceil(Math.max(a.x, b.x)) + reach);
  const y1 = Math.min(height, Math.ceil(Math.max(a.y, b.y)) + reach);
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}
