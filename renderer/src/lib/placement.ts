/** Where a run's frames go in the document, and how they are composited there: enough to show any frame later. */
import type { HoleMask, LevelImage } from '../../../electron/core/image/level-image';
import type { RgbaImage } from '../../../electron/core/image/png';
import { fromLevels } from '../../../electron/core/image/quantise';
import { pasteRect, patchOver, type CompositeOptions } from '../../../electron/core/region/composite';
import { cropMask, cropRgba } from '../../../electron/core/region/region-image';
import type { Size, WorkingRegion } from '../../../electron/core/region/working-region';

/** How a region's frames become image pixels: plain data, so a worker can take it. */
export interface RegionComposite extends CompositeOptions {
  region: WorkingRegion;
  /** The document's pixels in the region's rectangle, and the mask there, when the run started. */
  context: RgbaImage;
  hole: HoleMask;
  /** The whole document's size: past the rectangle's sides that are not its edges the image goes on. */
  image: Size;
}

/** A run's placement: its composite and the original it was made on (which picture its frames belong to). */
export interface Placement extends RegionComposite {
  base: RgbaImage;
}

/** Crops the picture and mask to the region: a run keeps only these, never the whole picture. */
export function placeRegion(picture: RgbaImage, base: RgbaImage, mask: HoleMask, region: WorkingRegion, options: CompositeOptions): Placement {
  return {
    region,
    context: cropRgba(picture, region.rect),
    hole: cropMask(mask, picture, region.rect),
    image: { width: picture.width, height: picture.height },
    base,
    feather: options.feather,
    smooth: options.smooth,
  };
}

/** Just the composite of a placement: plain data without the original. */
export const compositeOf = ({ region, context, hole, image, feather, smooth }: RegionComposite): RegionComposite => ({ region, context, hole, image, feather, smooth });

/** Chain `chain` of a frame composited into the region: RGBA of the region's rectangle, the original's pixels outside the hole. */
export const framePatch = (place: RegionComposite, frame: LevelImage, chain = 0): RgbaImage =>
  patchOver(place.context, place.hole, place.region, place.image, fromLevels(frame, chain), place);

/** A copy of `picture` with the patch in the region's place: the full-size result. */
export function withPatch(picture: RgbaImage, place: RegionComposite, patch: RgbaImage): RgbaImage {
  const out = { width: picture.width, height: picture.height, data: picture.data.slice() };
  pasteRect(out, patch, place.region.rect);
  return out;
}

/** What a run's frames are shown over: the document's picture when the run was made on it, else the run's own original. */
export const backdropFor = (place: Placement, doc: { base: RgbaImage | null; image: RgbaImage | null }): RgbaImage =>
  place.base === doc.base && doc.image ? doc.image : place.base;
