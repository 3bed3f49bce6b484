import type { LevelImage } from '../../../electron/core/image/level-image';
import type { RgbaImage } from '../../../electron/core/image/png';
import { fromLevels } from '../../../electron/core/image/quantise';
import type { Rect, Size } from '../../../electron/core/region/working-region';
import type { StripCanvas } from './strip-canvas';

/** Draws chain `index` of a level image into a canvas of its own pixel size (scaled by CSS/Konva, never smoothed). */
export function paintLevels(canvas: HTMLCanvasElement, image: LevelImage, index = 0): void {
  paintRgba(canvas, fromLevels(image, index));
}

function fitCanvas(canvas: HTMLCanvasElement, { width, height }: Size): void {
  if (canvas.width === width && canvas.height === height) return;
  canvas.width = width;
  canvas.height = height;
}

/** Puts RGBA pixels into a canvas of the image's size (a small picture: a thumbnail, a chain frame's region). */
export function paintRgba(canvas: HTMLCanvasElement, image: RgbaImage): void {
  fitCanvas(canvas, image);
  canvas.getContext('2d')!.putImageData(imageData(image), 0, 0);
}

const imageData = (image: RgbaImage) => new ImageData(new Uint8ClampedArray(image.data.buffer as ArrayBuffer, image.data.byteOffset, image.data.length), image.width, image.height);

/**
 * Puts a picture's RGBA pixels into strips of its size: all of them, or only `rects` (a repaint
 * of what changed, so accepting a result over a photo does not copy the whole photo again), or
 * only the strips `only` names (a whole picture painted a strip per task).
 */
export function paintPicture(strips: StripCanvas<HTMLCanvasElement>, image: RgbaImage, rects?: readonly Rect[], only?: readonly number[]): void {
  const resized = strips.fit(image);
  const data = imageData(image);
  const whole = (i: number) => ({ x: 0, y: strips.strips[i]!.y, width: image.width, height: strips.strips[i]!.height });
  const parts = only ? only.map(whole) : !rects || resized ? [{ x: 0, y: 0, width: image.width, height: image.height }] : rects;
  for (const r of parts) strips.put(data, { x: 0, y: 0 }, r);
}

/** What of the mask overlay to repaint: one dab's rectangle, or all of it (only the hole's bounds hold anything). */
export type MaskArea = { rect: Rect } | { bounds: Rect | null };

/**
 * The mask as a coloured overlay: hole pixels in `rgb`, the rest transparent (opacity is the
 * layer's). A full repaint clears what was drawn and paints only the hole's bounds, so opening a
 * photo with an empty mask costs nothing.
 */
export function paintMask(strips: StripCanvas<HTMLCanvasElement>, mask: Uint8Array, size: Size, rgb: readonly [number, number, number], area: MaskArea): void {
  const resized = strips.fit(size);
  let r: Rect | null;
  if ('rect' in area && !resized) r = area.rect;
  else {
    strips.clear();
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
  strips.put(new ImageData(new Uint8ClampedArray(pixels.buffer), r.width, r.height), { x: r.x, y: r.y });
}

export function hexToRgb(hex: string): [number, number, number] {
  const v = Number.parseInt(hex.replace('#', ''), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
