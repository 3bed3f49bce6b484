import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../image/png';
import { toLevels } from '../image/quantise';
import { receptiveFieldRadius } from '../model/architecture';
import { loadModelFolder } from '../model/load';
import { listModelIds } from '../model/resolve';
import { createOnnxRuntimePredictor } from '../predictor/onnxruntime';
import type { Predictor } from '../predictor/predictor';
import { regionInput } from './region-image';
import { autoRegion, type Rect, type WorkingRegion } from './working-region';

const MODELS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../models');
const ids = await listModelIds(MODELS);
const HOLE = 8;
/** Context past the receptive field, so the region lies strictly inside the image on every side. */
const SLACK = 6;

/**
 * The largest difference, over the hole, between the logits of a whole-image pass and of a pass
 * over the region around the hole (`margin` pixels of context), the image and the unknown pixels
 * being the same.
 */
async function holeLogitGap(predictor: Predictor, margin: number, radius: number): Promise<number> {
  const { card } = predictor;
  const side = HOLE + 2 * (radius + SLACK);
  const size = { width: side, height: side + 3 }; // not square, to catch a swapped axis
  const image: RgbaImage = { ...size, data: Uint8Array.from({ length: side * (side + 3) * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 2654435761) >>> 24)) };
  const hole: Rect = { x: radius + SLACK, y: radius + SLACK + 1, width: HOLE, height: HOLE };
  const mask = new Uint8Array(size.width * size.height);
  for (let y = hole.y; y < hole.y + HOLE; y++) mask.fill(1, y * size.width + hole.x, y * size.width + hole.x + HOLE);
  // a Gibbs step's state: some hole pixels unknown (being resampled), the rest known like the context
  const unknown = (pixel: number) => mask[pixel] === 1 && (pixel * 7) % 3 !== 0;

  const whole = toLevels(image, { channels: card.channels, levels: card.levels, background: card.quantisation.background });
  const wholeLogits = await predictor.predict({ levels: whole.data, known: knownFlags(size.width * size.height, card.channels, unknown), batch: 1, ...size });

  const region = autoRegion(hole, size, card, { margin, scale: 'native' });
  const input = regionInput(image, mask, region, { channels: card.channels, levels: card.levels, background: card.quantisation.background });
  const toImage = (i: number) => (region.rect.y + Math.floor(i / region.rect.width)) * size.width + region.rect.x + (i % region.rect.width);
  const regionLogits = await predictor.predict({
    levels: input.image.data,
    known: knownFlags(region.rect.width * region.rect.height, card.channels, (i) => unknown(toImage(i))),
    batch: 1,
    ...region.model,
  });
  return maxGapOverHole(wholeLogits, regionLogits, region, size.width, mask, card.channels * card.levels);
}

function knownFlags(pixels: number, channels: number, unknown: (pixel: number) => boolean): Uint8Array {
  const known = new Uint8Array(pixels * channels);
  for (let p = 0; p < pixels; p++) if (!unknown(p)) known.fill(1, p * channels, (p + 1) * channels);
  return known;
}

function maxGapOverHole(whole: Float32Array, inRegion: Float32Array, region: WorkingRegion, width: number, mask: Uint8Array, perPixel: number): number {
  const { rect } = region;
  let gap = 0;
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      const pixel = (rect.y + y) * width + rect.x + x;
      if (!mask[pixel]) continue;
      for (let k = 0; k < perPixel; k++) gap = Math.max(gap, Math.abs(whole[pixel * perPixel + k]! - inRegion[(y * rect.width + x) * perPixel + k]!));
    }
  }
  return gap;
}

describe.each(ids)('working region of shipped model %s', (id) => {
  it('at native scale with the receptive field as margin, gives every hole pixel the logits of a whole-image pass', async () => {
    const model = await loadModelFolder(path.join(MODELS, id));
    const predictor = await createOnnxRuntimePredictor(model);
    try {
      const radius = receptiveFieldRadius(model.card);
      expect(await holeLogitGap(predictor, radius, radius)).toBe(0);
      // the control: with much less context than the net can see, the region's border shows in the hole
      // (the reach of the far dilated taps fades below float32 resolution: 150 of emoji-64's 166 pixels already give 0)
      expect(await holeLogitGap(predictor, Math.floor(radius / 8), radius)).toBeGreaterThan(1e-3);
    } finally {
      await predictor.dispose();
    }
  }, 120_000);
});
