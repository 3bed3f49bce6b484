import type { HoleMask, LevelImage } from '../image/level-image';
import type { Rgba16Image, RgbaImage } from '../image/png';
import { fromLevels } from '../image/quantise';
import { MAX_SAMPLE_SIDE } from '../job/validate-job';
import type { ModelCard } from '../model/card';
import { compositeRegion, regionPatch, smoothUpsampleFor, type CompositeOptions } from './composite';
import { compositeRegion16 } from './composite-deep';
import { holeInside, regionInput } from './region-image';
import { autoRegion, maskBounds, rectInside, workingRegion, type Rect, type WorkingRegion, type WorkingScale } from './working-region';

/** How the user asked for the working region: derived from the mask (`auto`) or a given rectangle. */
export interface RegionRequest {
  rect: Rect | 'auto';
  /** Forces a scale; by default `auto` picks one from the hole's size and a given rectangle is `native`. */
  scale?: WorkingScale;
  /** Context around the hole's bounds for an `auto` region, in image pixels. */
  margin?: number;
  feather: number;
}

/** A full-size image and mask turned into one sampler job over a region, and the way back. */
export interface RegionPlan {
  region: WorkingRegion;
  /** The region at the model's size, channels and levels, and its hole: what the sampler runs on. */
  input: { image: LevelImage; mask: HoleMask };
  composite: CompositeOptions;
  /** Hole pixels of the mask outside the region: left as they are. */
  holeOutside: number;
}

export class RegionError extends Error {
  override name = 'RegionError';
}

const countIn = (mask: HoleMask): number => mask.reduce((n, v) => n + v, 0);

/** Picks the region, checks it, and cuts the sampler's input out of the document. */
export function planRegion(image: RgbaImage, mask: HoleMask, card: ModelCard, request: RegionRequest): RegionPlan {
  const native = { width: card.width, height: card.height };
  let region: WorkingRegion;
  if (request.rect === 'auto') {
    const bounds = maskBounds(mask, image);
    if (!bounds) throw new RegionError('the mask marks no pixel to inpaint');
    region = autoRegion(bounds, image, native, { margin: request.margin, scale: request.scale });
  } else {
    if (!rectInside(request.rect, image)) {
      const { x, y, width, height } = request.rect;
      throw new RegionError(`the region ${x},${y},${width},${height} does not lie inside the ${image.width}×${image.height} image`);
    }
    region = workingRegion(request.rect, request.scale ?? 'native', native);
  }
  const { model } = region;
  if (model.width > MAX_SAMPLE_SIDE || model.height > MAX_SAMPLE_SIDE) {
    throw new RegionError(`the region is ${model.width}×${model.height} at ${region.scale} scale, more than the ${MAX_SAMPLE_SIDE}×${MAX_SAMPLE_SIDE} the sampler runs; use fit scale or a smaller region`);
  }
  const inside = holeInside(mask, image, region.rect);
  if (inside === 0) throw new RegionError('the region holds no pixel of the mask');
  const input = regionInput(image, mask, region, { channels: card.channels, levels: card.levels, background: card.quantisation.background });
  return { region, input, composite: { feather: request.feather, smooth: smoothUpsampleFor(card.levels) }, holeOutside: countIn(mask) - inside };
}


/** The full-size result of chain `index` of a sampled region (a batch back to back in `levels`). */
export function planResult(plan: RegionPlan, image: RgbaImage, mask: HoleMask, levels: Uint8Array, index = 0): RgbaImage {
  return compositeRegion(image, mask, plan.region, fromLevels({ ...plan.input.image, data: levels }, index), plan.composite);
}

/** `planResult` over a 16-bit original, at 16 bits: its samples outside the mask bit for bit. */
export function planResult16(plan: RegionPlan, image: Rgba16Image, mask: HoleMask, levels: Uint8Array, index = 0): Rgba16Image {
  return compositeRegion16(image, mask, plan.region, fromLevels({ ...plan.input.image, data: levels }, index), plan.composite);
}

/** The region's pixels of chain `index` composited over the original: a frame of a region animation. */
export function planRegionFrame(plan: RegionPlan, image: RgbaImage, mask: HoleMask, levels: Uint8Array, index = 0): RgbaImage {
  return regionPatch(image, mask, plan.region, fromLevels({ ...plan.input.image, data: levels }, index), plan.composite);
}
