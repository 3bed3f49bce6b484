import type { LevelImage } from '../../../electron/core/image/level-image';
import { fromLevels } from '../../../electron/core/image/quantise';

/** Draws chain `index` of a level image into a canvas of its own pixel size (scaled by CSS/Konva, never smoothed). */
export function paintLevels(canvas: HTMLCanvasElement, image: LevelImage, index = 0): void {
  if (canvas.width !== image.width) canvas.width = image.width;
  if (canvas.height !== image.height) canvas.height = image.height;
  const rgba = fromLevels(image, index);
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(rgba.data.buffer as ArrayBuffer), image.width, image.height), 0, 0);
}

/** The mask as a coloured overlay: hole pixels in `rgb`, the rest transparent (opacity is the layer's). */
export function paintMask(canvas: HTMLCanvasElement, mask: Uint8Array, width: number, height: number, rgb: readonly [number, number, number]): void {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    data.set([rgb[0], rgb[1], rgb[2], 255], i * 4);
  }
  canvas.getContext('2d')!.putImageData(new ImageData(data, width, height), 0, 0);
}

export function hexToRgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.replace('#', ''), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
