/**
 * Freeze ("keep"): pixels painted over a chain's frame leave the hole with the frame's values.
 * The document gets them as known pixels (mask cleared there, the frame's pixels pasted), and the
 * chain goes on as a branch from that frame whose hole no longer holds them, so neither it nor
 * any branch of it can redraw them.
 */
import type { HoleMask, LevelImage } from '../../../electron/core/image/level-image';
import type { RgbaImage } from '../../../electron/core/image/png';
import { cropMask, cropRgba, resizeMask } from '../../../electron/core/region/region-image';
import type { Size } from '../../../electron/core/region/working-region';
import { framePatch, type RegionComposite } from './placement';

export interface FreezePlan {
  /** Pixels of the region's rectangle that became known (1), rectangle-sized. */
  frozen: HoleMask;
  count: number;
  /** The document's mask over the rectangle after the freeze. */
  maskValues: HoleMask;
  /** The rectangle's pixels after the freeze: the frame's where frozen, the document's elsewhere. */
  pixels: RgbaImage;
  /** The branch's hole at the model's size: the run's hole less every model pixel whose footprint is all frozen. */
  modelMask: HoleMask;
}

/**
 * What a keep stroke (`kept`, the region's rectangle in size) does to a run's frame: only pixels
 * in the run's hole that the document still marks as hole freeze.
 */
export function planFreeze(
  kept: HoleMask,
  run: { mask: HoleMask; place: RegionComposite },
  frame: LevelImage,
  doc: { image: RgbaImage; mask: HoleMask; size: Size },
): FreezePlan {
  const { rect, model } = run.place.region;
  const docHole = cropMask(doc.mask, doc.size, rect);
  const runHole = run.place.hole;
  const frozen = new Uint8Array(kept.length);
  let count = 0;
  for (let i = 0; i < kept.length; i++) {
    if (kept[i] && runHole[i] && docHole[i]) (frozen[i] = 1), count++;
  }
  const maskValues = docHole.map((v, i) => (frozen[i] ? 0 : v));
  const pixels = cropRgba(doc.image, rect);
  const patch = framePatch(run.place, frame);
  for (let i = 0; i < frozen.length; i++) if (frozen[i]) pixels.data.set(patch.data.subarray(i * 4, i * 4 + 4), i * 4);
  // a model pixel stays in the hole while any pixel of its footprint in the run's hole is not frozen
  const stillOpen = resizeMask(
    runHole.map((v, i) => (v && !frozen[i] ? 1 : 0)),
    rect,
    model,
  );
  const modelMask = run.mask.map((v, i) => (v && stillOpen[i] ? 1 : 0));
  return { frozen, count, maskValues, pixels, modelMask };
}
