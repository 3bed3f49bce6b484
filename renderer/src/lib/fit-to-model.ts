import type { RgbaImage } from '../../../electron/core/image/png';
import { resizeRgba, toLevels } from '../../../electron/core/image/quantise';
import type { LevelImage } from '../../../electron/core/image/level-image';
import type { ModelCard } from '../../../electron/core/model/card';

/**
 * The image as the model sees it: its channels and levels. The net is fully convolutional, so
 * sizes near the model's are kept; a much larger picture (a photo) is box-filtered down to fit.
 */
export function fitToModel(image: RgbaImage, card: ModelCard): LevelImage {
  const spec = { channels: card.channels, levels: card.levels, background: card.quantisation.background };
  if (image.width <= 2 * card.width && image.height <= 2 * card.height) return toLevels(image, spec);
  const scale = Math.min(card.width / image.width, card.height / image.height);
  const w = Math.max(1, Math.round(image.width * scale));
  const h = Math.max(1, Math.round(image.height * scale));
  return toLevels(resizeRgba(image, w, h), spec);
}
