/** The mask from the image's alpha: its transparent pixels are the hole to fill. */
import type { RgbaImage } from '../../../electron/core/image/png';
import { selectionOf, type Selection } from './mask-selection';

/** The pixels whose alpha is at most `maxAlpha` (0: fully transparent only; 254: all but the opaque); null when none is. */
export function alphaSelection(image: RgbaImage, maxAlpha: number): Selection | null {
  const limit = Math.min(254, Math.max(0, Math.round(Number.isFinite(maxAlpha) ? maxAlpha : 0)));
  const picked = new Uint8Array(image.width * image.height);
  for (let i = 0; i < picked.length; i++) picked[i] = image.data[i * 4 + 3]! <= limit ? 1 : 0;
  return selectionOf(picked, image);
}
