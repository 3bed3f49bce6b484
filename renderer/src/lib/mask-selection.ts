/** A tool's selection (rectangle, lasso, wand, alpha) and how it meets the mask: added to the hole or taken out of it. */
import type { HoleMask } from '../../../electron/core/image/level-image';
import { maskBounds, type Rect, type Size } from '../../../electron/core/region/working-region';
import { cropMask } from '../../../electron/core/region/region-image';
import type { MaskEdit } from './edited-mask';

/** The pixels a tool picked, 1 = picked, over `rect` row by row; nothing outside `rect` is. */
export interface Selection {
  readonly rect: Rect;
  readonly values: Uint8Array;
}

export type SelectMode = 'add' | 'subtract';

/** The mask's new values over the selection's rectangle; null when the selection changes nothing. */
export function combineSelection(mask: HoleMask, size: Size, { rect, values }: Selection, mode: SelectMode): MaskEdit | null {
  const out = new Uint8Array(values.length);
  // add: mask | picked; subtract: mask & ~picked
  const keep = mode === 'add' ? 1 : 0;
  let changed = false;
  for (let y = 0; y < rect.height; y++) {
    const row = (rect.y + y) * size.width + rect.x;
    for (let x = 0, i = y * rect.width; x < rect.width; x++, i++) {
      const was = mask[row + x]!;
      const now = values[i] ? keep : was;
      out[i] = now;
      if (now !== was) changed = true;
    }
  }
  return changed ? { rect, values: out } : null;
}

/** A whole-image 0/1 map cut to the bounds of its picked pixels; null when none is. */
export function selectionOf(picked: Uint8Array, size: Size): Selection | null {
  const rect = maskBounds(picked, size);
  return rect && { rect, values: cropMask(picked, size, rect) };
}
