import { deflate } from 'pako';
import { chunk, concat, fields, latin1, PNG_SIGNATURE } from './png-chunks';
import type { Rgba16Image, RgbaImage } from './png';

/** The pixels as little-endian RGBA words (copied when the view is not 4-byte aligned). */
export function rgbaWords(data: Uint8Array): Uint32Array {
  const aligned = data.byteOffset % 4 === 0 ? data : data.slice();
  return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
}

/** A palette of at most 256 RGBA colours, or null when the frames hold more. */
function buildPalette(frames: readonly RgbaImage[]): Map<number, number> | null {
  const palette = new Map<number, number>();
  for (const { data } of frames) {
    const words = rgbaWords(data);
    for (const w of words) {
      if (palette.has(w)) continue;
      if (palette.size === 256) return null;
      palette.set(w, palette.size);
    }
  }
  return palette;
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Filter-0 scanlines of a rectangle: palette indices (1 byte a pixel) or RGBA (4 bytes). */
function scanlines(image: RgbaImage, rect: Rect, palette: Map<number, number> | null): Uint8Array {
  const bpp = palette ? 1 : 4;
  const rowBytes = rect.width * bpp + 1;
  const out = new Uint8Array(rowBytes * rect.height);
  const words = rgbaWords(image.data);
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      const src = (rect.y + y) * image.width + rect.x + x;
      const dst = y * rowBytes + 1 + x * bpp;
      if (palette) out[dst] = palette.get(words[src]!)!;
      else out.set(image.data.subarray(src * 4, src * 4 + 4), dst);
    }
  }
  return out;
}

/** Filter-0 scanlines of 16-bit RGBA: 8 bytes a pixel, each sample big-endian. */
function scanlines16(image: Rgba16Image): Uint8Array {
  const rowBytes = image.width * 8 + 1;
  const out = new Uint8Array(rowBytes * image.height);
  const view = new DataView(out.buffer);
  for (let y = 0; y < image.height; y++) {
    for (let i = 0; i < image.width * 4; i++) view.setUint16(y * rowBytes + 1 + 2 * i, image.data[y * image.width * 4 + i]!);
  }
  return out;
}

const ihdrChunk = (width: number, height: number, depth: 8 | 16, colourType: 3 | 6): Uint8Array =>
  chunk('IHDR', fields([[width, 4], [height, 4], [depth, 1], [colourType, 1], [0, 1], [0, 1], [0, 1]]));

function headerChunks(width: number, height: number, palette: Map<number, number> | null): Uint8Array[] {
  const ihdr = ihdrChunk(width, height, 8, palette ? 3 : 6);
  if (!palette) return [ihdr];
  const plte = new Uint8Array(palette.size * 3);
  const trns = new Uint8Array(palette.size);
  for (const [word, index] of palette) {
    plte.set([word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff], index * 3); // little-endian RGBA words
    trns[index] = word >>> 24;
  }
  const opaque = trns.every((a) => a === 255);
  return opaque ? [ihdr, chunk('PLTE', plte)] : [ihdr, chunk('PLTE', plte), chunk('tRNS', trns)];
}

function textChunks(text: Record<string, string>): Uint8Array[] {
  return Object.entries(text).map(([key, value]) => chunk('tEXt', concat([latin1(key.slice(0, 79)), new Uint8Array(1), latin1(value)])));
}

const isDeep = (image: RgbaImage | Rgba16Image): image is Rgba16Image => image.data instanceof Uint16Array;

/**
 * Lossless PNG; `text` becomes tEXt chunks. RGBA8 is written indexed when it has ≤ 256 colours,
 * else as RGBA8; RGBA16 always as 16-bit RGBA, every sample as given.
 */
export function encodePng(image: RgbaImage | Rgba16Image, text: Record<string, string> = {}): Uint8Array {
  const full = { x: 0, y: 0, width: image.width, height: image.height };
  const palette = isDeep(image) ? null : buildPalette([image]);
  const header = isDeep(image) ? [ihdrChunk(image.width, image.height, 16, 6)] : headerChunks(image.width, image.height, palette);
  const pixels = isDeep(image) ? scanlines16(image) : scanlines(image, full, palette);
  return concat([PNG_SIGNATURE, ...header, ...textChunks(text), chunk('IDAT', deflate(pixels, { level: 9 })), chunk('IEND', new Uint8Array(0))]);
}

/** The smallest rectangle holding every pixel that differs between two frames (at least 1×1). */
function changedRect(a: RgbaImage, b: RgbaImage): Rect {
  const wa = rgbaWords(a.data);
  const wb = rgbaWords(b.data);
  let [x0, y0, x1, y1] = [b.width, b.height, -1, -1];
  for (let y = 0; y < b.height; y++) {
    for (let x = 0; x < b.width; x++) {
      if (wa[y * b.width + x] === wb[y * b.width + x]) continue;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
  }
  return x1 < 0 ? { x: 0, y: 0, width: 1, height: 1 } : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * Animated PNG: each frame after the first stores only the rectangle that changed (blend OP_SOURCE
 * over the previous frame), so a Gibbs chain, which rewrites a small block per step, packs small.
 */
export function encodeApng(frames: readonly RgbaImage[], delayMs: number, loops = 0): Uint8Array {
  const first = frames[0];
  if (!first) throw new Error('encodeApng: no frames');
  const palette = buildPalette(frames);
  const parts: Uint8Array[] = [PNG_SIGNATURE, ...headerChunks(first.width, first.height, palette)];
  parts.push(chunk('acTL', fields([[frames.length, 4], [loops, 4]])));
  let sequence = 0;
  const delay = Math.max(1, Math.round(delayMs));
  frames.forEach((frame, i) => {
    const rect = i === 0 ? { x: 0, y: 0, width: first.width, height: first.height } : changedRect(frames[i - 1]!, frame);
    const control = fields([[sequence++, 4], [rect.width, 4], [rect.height, 4], [rect.x, 4], [rect.y, 4], [delay, 2], [1000, 2], [0, 1], [0, 1]]);
    parts.push(chunk('fcTL', control));
    const pixels = deflate(scanlines(frame, rect, palette), { level: 9 });
    parts.push(i === 0 ? chunk('IDAT', pixels) : chunk('fdAT', concat([fields([[sequence++, 4]]), pixels])));
  });
  parts.push(chunk('IEND', new Uint8Array(0)));
  return concat(parts);
}
