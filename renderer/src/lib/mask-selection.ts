/** A tool's selection (rectangle, lasso, wand, alpha) and how it meets the mask: added to the hole or taken out of it. */
import type { HoleMask } from '../../../electron/core/image/level-image';
import { maskBounds, type Rect, type Size } from '../../../electron/core/region/working-region';
import { cropMask } from '../../../electron/core/region/region-image';
import { changedEdit, type MaskEdit } from './edited-mask';

/** The pixels a tool picked, 1 = picked, over `rect` row by row; nothing outside `rect` is. */
export interface Selection {
  readonly rect: Rect;
  readonly values: Uint8Array;
}

export type SelectMode = 'add' | 'subtract';

/** The mask's new values where the selection changes it (within the selection's rectangle); null when it changes nothing. */
export function combineSelection(mask: HoleMask, size: Size, { rect, values }: Selection, mode: SelectMode): MaskEdit | null {
  const out = cropMask(mask, size, rect);
  // add: mask | picked; subtract: mask & ~picked
  const picked = mode === 'add' ? 1 : 0;
  for (let i = 0; i < out.length; i++) if (values[i]) out[i] = picked;
  return changedEdit(mask, size, rect, out);
}

/** A whole-image 0/1 map cut to the bounds of its picked pixels; null when none is. */
export function selectionOf(picked: Uint8Array, size: Size): Selection | null {
  const rect = maskBounds(picked, size);
  return rect && { rect, values: cropMask(picked, size, rect) };
}
