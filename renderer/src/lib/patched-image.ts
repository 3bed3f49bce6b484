/** The document's picture as an original plus accepted results pasted over it, so history holds only the results. */
import type { Rgba16Image, RgbaImage } from '../../../electron/core/image/png';
import { pasteRect } from '../../../electron/core/region/composite';
import { pasteRect16 } from '../../../electron/core/region/composite-deep';
import type { Rect } from '../../../electron/core/region/working-region';

/** An accepted result: a rectangle of the document and its new pixels (RGBA of the rectangle's size). */
export interface Patch {
  readonly rect: Rect;
  readonly pixels: RgbaImage;
}

/** The picture: the original with every patch pasted in order; the original itself while there are none. */
export function flatten(base: RgbaImage, patches: readonly Patch[]): RgbaImage {
  if (patches.length === 0) return base;
  const out = { width: base.width, height: base.height, data: base.data.slice() };
  for (const patch of patches) pasteRect(out, patch.pixels, patch.rect);
  return out;
}

/**
 * `flatten` at 16 bits over a 16-bit original (whose top bytes are `base`'s pixels): pixels no
 * patch changed keep the original's 16 bits; changed ones are the patch's value ×257. A new copy.
 */
export function flatten16(base16: Rgba16Image, patches: readonly Patch[]): Rgba16Image {
  const out = { width: base16.width, height: base16.height, data: base16.data.slice() };
  for (const patch of patches) pasteRect16(out, patch.pixels, patch.rect);
  return out;
}

/**
 * Where two patch lists over the same original can differ: the rectangles of the patches past
 * their common start. Outside these, both pictures hold the same pixels, so repainting just them
 * turns one into the other.
 */
export function changedRects(before: readonly Patch[], after: readonly Patch[]): Rect[] {
  let common = 0;
  while (common < before.length && common < after.length && before[common] === after[common]) common++;
  return [...before.slice(common), ...after.slice(common)].map((p) => p.rect);
}

/** `flatten` remembered for the last original and list, so unrelated changes (mask strokes) copy nothing. */
export function flattener(): (base: RgbaImage, patches: readonly Patch[]) => RgbaImage {
  let last: { base: RgbaImage; patches: readonly Patch[]; image: RgbaImage } | null = null;
  return (base, patches) => {
    if (last?.base !== base || last.patches !== patches) last = { base, patches, image: flatten(base, patches) };
    return last.image;
  };
}
