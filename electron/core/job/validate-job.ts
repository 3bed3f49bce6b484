import type { HoleMask, LevelImage } from '../image/level-image';
import type { ModelCard } from '../model/card';

/** The largest side the sampler runs; the net is fully convolutional, but memory grows with H·W·C·K. */
export const MAX_SAMPLE_SIDE = 512;

export class JobError extends Error {
  override name = 'JobError';
}

/** Checks an image and mask against the model before any pass runs, so a bad job fails fast and clearly. */
export function validateImageForModel(image: LevelImage, mask: HoleMask, card: ModelCard): void {
  const { width, height, channels, levels, data } = image;
  if (channels !== card.channels || levels !== card.levels) {
    throw new JobError(`the image has ${channels} channel(s) of ${levels} levels but model ${card.id} expects ${card.channels} of ${card.levels}`);
  }
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > MAX_SAMPLE_SIDE || height > MAX_SAMPLE_SIDE) {
    throw new JobError(`the image is ${width}×${height}; the sampler runs sizes from 1×1 up to ${MAX_SAMPLE_SIDE}×${MAX_SAMPLE_SIDE}`);
  }
  if (data.length !== width * height * channels) throw new JobError(`the image data holds ${data.length} values, expected ${width * height * channels}`);
  if (mask.length !== width * height) throw new JobError(`the mask holds ${mask.length} pixels but the image has ${width * height}`);
  for (const v of data) if (v >= levels) throw new JobError(`the image holds level ${v}, outside 0…${levels - 1}`);
}
