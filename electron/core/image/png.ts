import UPNG from 'upng-js';
import { ImageError } from './image-error';
import { chunk, concat, crc32, PNG_SIGNATURE } from './png-chunks';

/** 8-bit RGBA pixels, row-major. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Larger files are refused before any pixel is inflated (a decompression bomb costs nothing). */
export const MAX_DECODE_SIDE = 8192;

export { ImageError };

interface Chunk {
  type: string;
  data: Uint8Array;
}

/** Walks the chunk list, checking lengths and CRCs, so a damaged file is named as such rather than mis-decoded. */
function readChunks(bytes: Uint8Array, name: string): Chunk[] {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw new ImageError(`${name}: not a PNG file (bad signature)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: Chunk[] = [];
  for (let at = 8; ; ) {
    if (at + 12 > bytes.length) throw new ImageError(`${name}: PNG is truncated (no IEND chunk)`);
    const length = view.getUint32(at);
    if (at + 12 + length > bytes.length) throw new ImageError(`${name}: PNG is truncated inside a chunk`);
    const typeAndData = bytes.subarray(at + 4, at + 8 + length);
    if (crc32(typeAndData) !== view.getUint32(at + 8 + length)) throw new ImageError(`${name}: PNG is corrupt (chunk CRC mismatch at byte ${at})`);
    const type = String.fromCharCode(...typeAndData.subarray(0, 4));
    chunks.push({ type, data: typeAndData.subarray(4) });
    if (type === 'IEND') return chunks;
    at += 12 + length;
  }
}

const ANIMATION_CHUNKS = new Set(['acTL', 'fcTL', 'fdAT']);

/**
 * An APNG without its animation chunks: the still image every PNG viewer shows. Only that is
 * used, and dropping the rest first means a long animation is never inflated into memory.
 */
function stillImage(bytes: Uint8Array, chunks: Chunk[]): Uint8Array {
  if (!chunks.some((c) => c.type === 'acTL')) return bytes;
  return concat([PNG_SIGNATURE, ...chunks.filter((c) => !ANIMATION_CHUNKS.has(c.type)).map((c) => chunk(c.type, c.data))]);
}

/** Decodes any PNG (grey, palette, 16-bit, interlaced, alpha) to RGBA8, refusing corrupt or huge files; of an APNG, its still image. */
export function decodePng(bytes: Uint8Array, name = 'image'): RgbaImage {
  const chunks = readChunks(bytes, name);
  const header = chunks[0];
  if (header?.type !== 'IHDR' || header.data.length !== 13) throw new ImageError(`${name}: PNG has no valid IHDR chunk`);
  const headerView = new DataView(header.data.buffer, header.data.byteOffset, 13);
  const width = headerView.getUint32(0);
  const height = headerView.getUint32(4);
  if (width === 0 || height === 0) throw new ImageError(`${name}: PNG is empty (${width}×${height})`);
  if (width > MAX_DECODE_SIDE || height > MAX_DECODE_SIDE) {
    throw new ImageError(`${name}: image is ${width}×${height}, larger than the ${MAX_DECODE_SIDE}×${MAX_DECODE_SIDE} this app opens`);
  }
  let frames: ArrayBuffer[];
  try {
    const copy = stillImage(bytes, chunks).slice().buffer; // UPNG wants an ArrayBuffer of its own
    frames = UPNG.toRGBA8(UPNG.decode(copy));
  } catch (error) {
    throw new ImageError(`${name}: PNG pixel data is corrupt (${(error as Error).message})`);
  }
  const data = new Uint8Array(frames[0] ?? new ArrayBuffer(0));
  if (data.length !== width * height * 4) throw new ImageError(`${name}: PNG pixel data is corrupt (wrong length)`);
  return { width, height, data };
}

/** The tEXt chunks of a PNG, for reading back the parameters a result was made with. */
export function readPngText(bytes: Uint8Array, name = 'image'): Record<string, string> {
  const text: Record<string, string> = {};
  for (const { type, data } of readChunks(bytes, name)) {
    if (type !== 'tEXt') continue;
    const zero = data.indexOf(0);
    text[String.fromCharCode(...data.subarray(0, zero))] = String.fromCharCode(...data.subarray(zero + 1));
  }
  return text;
}
