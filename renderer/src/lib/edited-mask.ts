/** The mask as a base plus stroke edits, so history keeps a stroke's bounding box, never a whole mask per stroke. */
import type { HoleMask } from '../../../electron/core/image/level-image';
import { cropMask } from '../../../electron/core/region/region-image';
import type { Rect, Size } from '../../../electron/core/region/working-region';

/** A stroke's result: the mask's values over the rectangle it touched, row by row. */
export interface MaskEdit {
  readonly rect: Rect;
  readonly values: HoleMask;
}

/** The mask: the base with every edit pasted in order; the base itself while there are none. */
export function applyMaskEdits(base: HoleMask, size: Size, edits: readonly MaskEdit[]): HoleMask {
  if (edits.length === 0) return base;
  const out = base.slice();
  for (const edit of edits) pasteEdit(out, size, edit);
  return out;
}

/** Writes the edit's values into the mask, in place. */
export function pasteEdit(mask: HoleMask, size: Size, { rect, values }: MaskEdit): void {
  for (let y = 0; y < rect.height; y++) mask.set(values.subarray(y * rect.width, (y + 1) * rect.width), (rect.y + y) * size.width + rect.x);
}

/**
 * New values for the mask over `rect` as an edit cut to the pixels they change, so history and
 * the canvas's repaint hold only those; null when they change none.
 */
export function changedEdit(mask: HoleMask, size: Size, rect: Rect, values: HoleMask): MaskEdit | null {
  let [x0, y0, x1, y1] = [rect.width, -1, -1, -1];
  for (let y = 0; y < rect.height; y++) {
    const row = (rect.y + y) * size.width + rect.x;
    let first = -1;
    let last = -1;
    for (let x = 0, i = y * rect.width; x < rect.width; x++, i++) {
      if (mask[row + x] === values[i]) continue;
      if (first < 0) first = x;
      last = x;
    }
    if (first < 0) continue;
    if (y0 < 0) y0 = y;
    y1 = y;
    x0 = Math.min(x0, first);
    x1 = Math.max(x1, last);
  }
  if (y0 < 0) return null;
  const box = { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
  if (box.width === rect.width && box.height === rect.height) return { rect, values };
  return { rect: { x: rect.x + x0, y: rect.y + y0, width: box.width, height: box.height }, values: cropMask(values, rect, box) };
}

/**
 * Where the masks of two edit lists over the same base can differ: the rectangles of the edits
 * after their common start (null: none, the masks are equal). An undo or redo repaints only that.
 */
export function editsDiffer(a: readonly MaskEdit[], b: readonly MaskEdit[]): Rect | null {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return [...a.slice(k), ...b.slice(k)].reduce<Rect | null>((box, edit) => unionRect(box, edit.rect), null);
}

/** The smallest rectangle holding both (the first may be null: nothing yet). */
export function unionRect(a: Rect | null, b: Rect): Rect {
  if (!a) return b;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/**
 * The mask for the current base and edit list, remembered for one list only (a cache per list
 * would keep every whole mask alive again). A dab that already made the mask hands it in.
 */
export function maskCache() {
  let last: { base: HoleMask; edits: readonly MaskEdit[]; mask: HoleMask } | null = null;
  return {
    get(base: HoleMask, size: Size, edits: readonly MaskEdit[]): HoleMask {
      if (last?.base !== base || last.edits !== edits) last = { base, edits, mask: applyMaskEdits(base, size, edits) };
      return last.mask;
    },
    seed(base: HoleMask, edits: readonly MaskEdit[], mask: HoleMask): void {
      last = { base, edits, mask };
    },
  };
}
