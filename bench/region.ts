/**
 * The working region's costs: a Gibbs step on the same hole in ever larger images (it must cost
 * the region, not the image), one whole-image pass beside it for scale, and decoding a photo.
 */
import type { RgbaImage } from '../electron/core/image/png';
import { decodePng } from '../electron/core/image/png';
import { encodePng } from '../electron/core/image/png-encode';
import type { Predictor } from '../electron/core/predictor/predictor';
import { medianForwardMs } from './forward-time';
import { planRegion } from '../electron/core/region/plan';
import { annealedGibbs } from '../electron/core/sampler/gibbs';
import { BASELINE_PARAMS } from '../electron/core/sampler/params';
import { chainRngs } from '../electron/core/sampler/rng';

export interface RegionRow {
  image: string;
  region: string;
  scale: string;
  stepMs: number;
}

const HOLE = 32;
const SIZES = [
  [64, 64],
  [512, 512],
  [2048, 1536],
] as const;

/** A photo-like picture: smooth gradients plus noise, so PNG can't shrink it to nothing. */
export function syntheticPhoto(width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  let noise = 12345;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      noise = (Math.imul(noise, 1103515245) + 12345) >>> 0;
      const at = (y * width + x) * 4;
      data[at] = ((x * 255) / width + (noise & 15)) & 255;
      data[at + 1] = ((y * 255) / height + ((noise >> 4) & 15)) & 255;
      data[at + 2] = (128 + 100 * Math.sin((x + y) / 37) + ((noise >> 8) & 15)) & 255;
      data[at + 3] = 255;
    }
  }
  return { width, height, data };
}

/** Mean ms per Gibbs step on a centred 32×32 hole, the region chosen as the app and CLI choose it. */
async function regionStepMs(predictor: Predictor, width: number, height: number, steps: number): Promise<RegionRow> {
  const image = syntheticPhoto(width, height);
  const mask = new Uint8Array(width * height);
  const [x0, y0] = [Math.floor((width - HOLE) / 2), Math.floor((height - HOLE) / 2)];
  for (let y = y0; y < y0 + HOLE; y++) mask.fill(1, y * width + x0, y * width + x0 + HOLE);
  const plan = planRegion(image, mask, predictor.card, { rect: 'auto', feather: 0 });
  const predict = predictor.predict.bind(predictor);
  const params = { ...BASELINE_PARAMS, steps, init: 'model' as const };
  let start = 0;
  await annealedGibbs(predict, plan.input.image, plan.input.mask, params, { rngs: chainRngs(1, 1), onInit: () => (start = performance.now()) });
  const { rect, model, scale } = plan.region;
  return { image: `${width}×${height}`, region: `${rect.width}×${rect.height} → ${model.width}×${model.height}`, scale, stepMs: (performance.now() - start) / steps };
}

/** ms to decode a 4000×3000 photo-like PNG with the app's and the CLI's decoder (median of 3). */
function decodePhotoMs(): { bytes: number; ms: number } {
  const png = encodePng(syntheticPhoto(4000, 3000));
  const times = [0, 1, 2].map(() => {
    const start = performance.now();
    decodePng(png, 'photo');
    return performance.now() - start;
  });
  return { bytes: png.length, ms: times.sort((a, b) => a - b)[1]! };
}

export async function benchRegion(predictor: Predictor, quick: boolean) {
  const steps = quick ? 10 : 60;
  await regionStepMs(predictor, 64, 64, 3); // warm-up
  const rows: RegionRow[] = [];
  for (const [width, height] of SIZES) rows.push(await regionStepMs(predictor, width, height, steps));
  const spread = Math.max(...rows.map((r) => r.stepMs)) / Math.min(...rows.map((r) => r.stepMs));
  // what a step cost before the region: one pass over the whole image
  const wholePass512Ms = await medianForwardMs(predictor, { batch: 1, height: 512, width: 512 }, quick ? 2 : 5, 1);
  return { model: predictor.card.id, hole: `${HOLE}×${HOLE} centred`, steps, rows, slowestOverFastest: spread, wholePass512Ms, decode4000x3000: decodePhotoMs() };
}
