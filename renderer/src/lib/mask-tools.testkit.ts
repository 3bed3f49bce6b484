/** Small random masks and images for the mask tools' property tests, and a selection laid out over the whole image. */
import type { RgbaImage } from '../../../electron/core/image/png';
import type { Size } from '../../../electron/core/region/working-region';
import type { Rng } from '../../../electron/core/sampler/rng';
import type { Selection } from './mask-selection';

/** A mask of a few random blobs (rectangles), so grow, shrink and fills meet edges, corners and the border. */
export function blobMask(rng: Rng, { width, height }: Size, blobs = 3): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let b = 0; b < blobs; b++) {
    const x0 = rng.nextInt(width);
    const y0 = rng.nextInt(height);
    const x1 = Math.min(width, x0 + 1 + rng.nextInt(Math.ceil(width / 2)));
    const y1 = Math.min(height, y0 + 1 + rng.nextInt(Math.ceil(height / 2)));
    for (let y = y0; y < y1; y++) mask.fill(1, y * width + x0, y * width + x1);
  }
  // a few lone pixels
  for (let k = 0; k < 3; k++) mask[rng.nextInt(width * height)] = 1;
  return mask;
}

/** An image of `colours` flat colours in random patches, so the wand meets joined and separate areas of one colour. */
export function patchImage(rng: Rng, { width, height }: Size, colours = 3): RgbaImage {
  const palette = Array.from({ length: colours }, () => [rng.nextInt(256), rng.nextInt(256), rng.nextInt(256), rng.nextInt(2) ? 255 : rng.nextInt(256)]);
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set(palette[rng.nextInt(colours)]!, i * 4);
  return { width, height, data };
}

/** The selection as a whole-image 0/1 map (empty for null). */
export function spread(selection: Selection | null, { width, height }: Size): Uint8Array {
  const out = new Uint8Array(width * height);
  if (!selection) return out;
  const { rect, values } = selection;
  for (let y = 0; y < rect.height; y++) out.set(values.subarray(y * rect.width, (y + 1) * rect.width), (rect.y + y) * width + rect.x);
  return out;
}
