/** The result at 16 bits, for a 16-bit original: its samples kept bit for bit outside the hole, the model's 8-bit pixels scaled exactly inside. */
import type { HoleMask } from '../image/level-image';
import type { Rgba16Image, RgbaImage } from '../image/png';
import { blendIn, featherWeights, resampleRgba, type CompositeOptions } from './composite';
import { cropMask } from './region-image';
import type { Rect, WorkingRegion } from './working-region';

/**
 * `compositeRegion` over a 16-bit original: outside the mask its samples stay bit for bit;
 * inside, each new 8-bit sample v becomes v·257, faded into the original at 16 bits over the
 * feather.
 */
export function compositeRegion16(original: Rgba16Image, mask: HoleMask, region: WorkingRegion, sampled: RgbaImage, options: CompositeOptions): Rgba16Image {
  const { rect } = region;
  const out = { width: original.width, height: original.height, data: original.data.slice() };
  const hole = cropMask(mask, original, rect);
  const fresh = resampleRgba(sampled, rect, options.smooth);
  const weights = featherWeights(hole, rect, original, options.feather);
  for (let i = 0; i < hole.length; i++) {
    if (!hole[i]) continue;
    const at = ((rect.y + Math.floor(i / rect.width)) * original.width + rect.x + (i % rect.width)) * 4;
    for (let c = 0; c < 4; c++) out.data[at + c] = blendIn(fresh.data[i * 4 + c]!, out.data[at + c]!, weights?.[i] ?? 1, 257);
  }
  return out;
}

/**
 * Pastes an 8-bit patch (a region composited over the 8-bit picture) into the same picture kept
 * at 16 bits, in place: a pixel whose 8 bits the patch kept (all four equal the 16-bit samples'
 * top bytes) keeps its 16 bits; one it changed becomes its new value ×257. So the top bytes stay
 * the 8-bit picture, and pixels outside every hole stay the original's, bit for bit. (A hole pixel
 * the model drew equal to the original's top bytes keeps the original's low bytes: the same
 * colour at 8 bits.)
 */
export function pasteRect16(into: Rgba16Image, patch: RgbaImage, at: Rect): void {
  for (let y = 0; y < at.height; y++) {
    for (let x = 0; x < at.width; x++) {
      const from = (y * at.width + x) * 4;
      const to = ((at.y + y) * into.width + at.x + x) * 4;
      let kept = true;
      for (let c = 0; c < 4 && kept; c++) kept = into.data[to + c]! >> 8 === patch.data[from + c];
      if (!kept) for (let c = 0; c < 4; c++) into.data[to + c] = patch.data[from + c]! * 257;
    }
  }
}
