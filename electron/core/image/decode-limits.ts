import { ImageError } from './image-error';

/** Larger sides are refused before any pixel is inflated (a decompression bomb costs nothing). */
export const MAX_DECODE_SIDE = 8192;

/**
 * 2^25 pixels (33.6 million: 8192×4096, or a 30-megapixel photo). The sampler runs at most a few
 * hundred pixels a side and larger pictures are only fitted down to it, so this refuses nothing
 * useful, while it bounds a decode at 128 MiB of RGBA (plus, for a PNG, two rows and 64 KiB of
 * inflated bytes).
 */
export const MAX_DECODE_PIXELS = 2 ** 25;

const megapixels = (pixels: number) => `${(pixels / 1e6).toFixed(1)} megapixels`;

/** Refuses an empty image, or one past the side or pixel budget, from its header's size alone. */
export function checkDecodeSize(width: number, height: number, name: string): void {
  if (!(width >= 1 && height >= 1)) throw new ImageError(`${name}: image is empty (${width}×${height})`);
  if (width > MAX_DECODE_SIDE || height > MAX_DECODE_SIDE) {
    throw new ImageError(`${name}: image is ${width}×${height}, larger than the ${MAX_DECODE_SIDE}×${MAX_DECODE_SIDE} this app opens`);
  }
  if (width * height > MAX_DECODE_PIXELS) {
    throw new ImageError(`${name}: image is ${width}×${height}, ${megapixels(width * height)}, more than the ${megapixels(MAX_DECODE_PIXELS)} this app opens`);
  }
}
