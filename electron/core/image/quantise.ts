import { ImageError } from './image-error';
import type { RgbaImage } from './png';
import type { HoleMask, LevelImage } from './level-image';

/** What a model says about pixels: its channels, levels and the colour transparent pixels sit on. */
export interface LevelSpec {
  channels: number;
  levels: number;
  background: readonly [number, number, number];
}

/** Composites alpha on the background, converts to the model's channels (Rec. 601 luma for grey) and levels. */
export function toLevels(image: RgbaImage, spec: LevelSpec): LevelImage {
  const { width, height, data } = image;
  const { channels, levels, background } = spec;
  const out = new Uint8Array(width * height * channels);
  const step = (levels - 1) / 255;
  for (let i = 0; i < width * height; i++) {
    const a = data[i * 4 + 3]! / 255;
    const rgb = [0, 1, 2].map((c) => data[i * 4 + c]! * a + background[c]! * (1 - a));
    if (channels === 1) out[i] = Math.round((0.299 * rgb[0]! + 0.587 * rgb[1]! + 0.114 * rgb[2]!) * step);
    else for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(rgb[c]! * step);
  }
  return { width, height, channels, levels, data: out };
}

/** Shows levels as opaque RGBA: level v of K is round(v · 255 / (K − 1)). `index` picks one chain of a batch. */
export function fromLevels(image: LevelImage, index = 0): RgbaImage {
  const { width, height, channels, levels } = image;
  const pixels = width * height;
  const src = image.data.subarray(index * pixels * channels, (index + 1) * pixels * channels);
  const data = new Uint8Array(pixels * 4);
  const scale = 255 / (levels - 1);
  for (let i = 0; i < pixels; i++) {
    for (let c = 0; c < 3; c++) data[i * 4 + c] = Math.round(src[channels === 1 ? i : i * 3 + c]! * scale);
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

export function assertMaskSize(mask: RgbaImage, width: number, height: number, name = 'mask'): void {
  if (mask.width !== width || mask.height !== height) {
    throw new ImageError(`${name}: the mask is ${mask.width}×${mask.height} but the image is ${width}×${height}`);
  }
}

/**
 * A mask image marks the hole where it is white and opaque (luma ≥ 128 and alpha ≥ 128); black or
 * transparent pixels are context. It must be the image's size.
 */
export function maskFromRgba(mask: RgbaImage, width: number, height: number, name = 'mask'): HoleMask {
  assertMaskSize(mask, width, height, name);
  const hole = new Uint8Array(width * height);
  const d = mask.data;
  for (let i = 0; i < hole.length; i++) {
    const luma = 0.299 * d[i * 4]! + 0.587 * d[i * 4 + 1]! + 0.114 * d[i * 4 + 2]!;
    hole[i] = luma >= 128 && d[i * 4 + 3]! >= 128 ? 1 : 0;
  }
  return hole;
}

/** Box-filter downscale (or nearest upscale) to an exact size, for fitting a photo to a model. */
export function resizeRgba(image: RgbaImage, width: number, height: number): RgbaImage {
  const out = new Uint8Array(width * height * 4);
  const sx = image.width / width;
  const sy = image.height / height;
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * sx));
      const sum = [0, 0, 0, 0];
      for (let yy = y0; yy < y1; yy++) {
        for (let xx = x0; xx < x1; xx++) for (let c = 0; c < 4; c++) sum[c]! += image.data[(yy * image.width + xx) * 4 + c]!;
      }
      const n = (y1 - y0) * (x1 - x0);
      for (let c = 0; c < 4; c++) out[(y * width + x) * 4 + c] = Math.round(sum[c]! / n);
    }
  }
  return { width, height, data: out };
}
