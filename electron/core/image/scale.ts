import type { RgbaImage } from './png';
import { rgbaWords } from './png-encode';

export const MAX_SCALE = 32;

/** Upscales by an integer factor, each pixel becoming a factor×factor block, so model-sized images stay crisp. */
export function scaleNearest(image: RgbaImage, factor: number): RgbaImage {
  if (!Number.isInteger(factor) || factor < 1 || factor > MAX_SCALE) {
    throw new RangeError(`scale factor must be an integer from 1 to ${MAX_SCALE}, got ${factor}`);
  }
  const { width, height } = image;
  const src = rgbaWords(image.data);
  const outWidth = width * factor;
  const out = new Uint32Array(outWidth * height * factor);
  for (let y = 0; y < height; y++) {
    const rowStart = y * factor * outWidth;
    for (let x = 0; x < width; x++) out.fill(src[y * width + x]!, rowStart + x * factor, rowStart + (x + 1) * factor);
    // the other factor-1 lines of the block are copies of the first
    for (let k = 1; k < factor; k++) out.copyWithin(rowStart + k * outWidth, rowStart, rowStart + outWidth);
  }
  return { width: outWidth, height: height * factor, data: new Uint8Array(out.buffer) };
}
