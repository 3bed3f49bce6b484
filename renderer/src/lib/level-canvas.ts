import type { LevelImage } from '../../../electron/core/image/level-image';
import type { RgbaImage } from '../../../electron/core/image/png';
import { fromLevels } from '../../../electron/core/image/quantise';
import type { Rect, Size } from '../../../electron/core/region/working-region';

/** Draws chain `index` of a level image into a canvas of its own pixel size (scaled by CSS/Konva, never smoothed). */
export function paintLevels(canvas: HTMLCanvasElement, image: LevelImage, index = 0): void {
  paintRgba(canvas, fromLevels(image, index));
}

function fitCanvas(canvas: HTMLCanvasElement, { width, height }: Size): boolean {
  if (canvas.width === width && canvas.height === height) return false;
  canvas.width = width;
  canvas.height = height;
  return true;
}

/**
 * Puts RGBA pixels into a canvas of the image's size: all of them, or only `rects` (a repaint of
 * what changed, so accepting a result over a photo does not copy the whole photo again).
 */
export function paintRgba(canvas: HTMLCanvasElement, image: RgbaImage, rects?: readonly Rect[]): void {
  const resized = fitCanvas(canvas, image);
  const data = new ImageData(new Uint8ClampedArray(image.data.buffer as ArrayBuffer, image.data.byteOffset, image.data.length), image.width, image.height);
  const ctx = canvas.getContext('2d')!;
  if (!rects || resized) ctx.putImageData(data, 0, 0);
  else for (const r of rects) ctx.putImageData(data, 0, 0, r.x, r.y, r.width, r.height);
}

/** What of the mask overlay to repaint: one dab's rectangle, or all of it (only the hole's bounds hold anything). */
export type MaskArea = { rect: Rect } | { bounds: Rect | null };

/**
 * The mask as a coloured overlay: hole pixels in `rgb`, the rest transparent (opacity is the
 * layer's). A full repaint clears the canvas and paints only the hole's bounds, so opening a
 * photo with an empty mask costs nothing.
 */
export function paintMask(canvas: HTMLCanvasElement, mask: Uint8Array, size: Size, rgb: readonly [number, number, number], area: MaskArea): void {
  const resized = fitCanvas(canvas, size);
  const ctx = canvas.getContext('2d')!;
  let r: Rect | null;
  if ('rect' in area && !resized) r = area.rect;
  else {
    if (!resized) ctx.clearRect(0, 0, size.width, size.height);
    r = 'bounds' in area ? area.bounds : { x: 0, y: 0, width: size.width, height: size.height };
  }
  if (!r || r.width === 0 || r.height === 0) return;
  const pixels = new Uint32Array(r.width * r.height);
  // one 32-bit word per pixel, in the platform's byte order (little-endian: A B G R)
  const colour = new Uint32Array(new Uint8Array([rgb[0], rgb[1], rgb[2], 255]).buffer)[0]!;
  for (let y = 0; y < r.height; y++) {
    const row = (r.y + y) * size.width + r.x;
    for (let x = 0; x < r.width; x++) if (mask[row + x]) pixels[y * r.width + x] = colour;
  }
  ctx.putImageData(new ImageData(new Uint8ClampedArray(pixels.buffer), r.width, r.height), r.x, r.y);
}

export function hexToRgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.replace('#', ''), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
