import { ImageError } from './image-error';

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

export interface ImageSize {
  format: ImageFormat;
  width: number;
  height: number;
}

const READABLE = 'PNG, JPEG, GIF, WebP or BMP';

const ascii = (bytes: Uint8Array, at: number, length: number) => String.fromCharCode(...bytes.subarray(at, at + length));

/** The format by its first bytes, or null for anything else. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  if (ascii(bytes, 0, 2) === 'BM') return 'bmp';
  return null;
}

/** A JPEG's size from its first frame header (SOF0–SOF15 but DHT, JPG and DAC, which share the range). */
function jpegSize(bytes: Uint8Array, view: DataView): [number, number] | null {
  for (let at = 2; at + 9 <= bytes.length; ) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) at++; // fill byte
    else if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) at += 2; // no length
    else if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return [view.getUint16(at + 7), view.getUint16(at + 5)];
    else if (marker === 0xda || marker === 0xd9) return null; // scan data or end before any frame header
    else at += 2 + view.getUint16(at + 2);
  }
  return null;
}

/**
 * A GIF's size: its logical screen, grown to hold the first frame as browsers grow it, so a
 * small screen cannot hide a huge frame.
 */
function gifSize(bytes: Uint8Array, view: DataView): [number, number] | null {
  let [width, height] = [view.getUint16(6, true), view.getUint16(8, true)];
  let at = 13 + (bytes[10]! & 0x80 ? 3 << ((bytes[10]! & 7) + 1) : 0);
  while (at < bytes.length && bytes[at] === 0x21) {
    for (at += 2; at < bytes.length && bytes[at] !== 0; ) at += 1 + bytes[at]!; // an extension's sub-blocks
    at++;
  }
  if (bytes[at] !== 0x2c || at + 9 > bytes.length) return null;
  width = Math.max(width, view.getUint16(at + 1, true) + view.getUint16(at + 5, true));
  height = Math.max(height, view.getUint16(at + 3, true) + view.getUint16(at + 7, true));
  return [width, height];
}

function webpSize(bytes: Uint8Array, view: DataView): [number, number] | null {
  const kind = ascii(bytes, 12, 4);
  if (kind === 'VP8X' && bytes.length >= 30) return [1 + (view.getUint32(24, true) & 0xffffff), 1 + (view.getUint32(26, true) >>> 8)];
  if (kind === 'VP8L' && bytes.length >= 25 && bytes[20] === 0x2f) {
    const bits = view.getUint32(21, true);
    return [1 + (bits & 0x3fff), 1 + ((bits >>> 14) & 0x3fff)];
  }
  if (kind === 'VP8 ' && bytes.length >= 30 && bytes[23] === 0x9d && bytes[24] === 0x01 && bytes[25] === 0x2a) {
    return [view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff];
  }
  return null;
}

function bmpSize(bytes: Uint8Array, view: DataView): [number, number] | null {
  if (bytes.length < 26) return null;
  if (view.getUint32(14, true) === 12) return [view.getUint16(18, true), view.getUint16(20, true)]; // OS/2 core header
  return [view.getInt32(18, true), Math.abs(view.getInt32(22, true))]; // negative height: rows stored top-down
}

/**
 * Width and height read from the header alone, nothing decoded, so a budget can be checked before
 * a decoder commits memory. Refuses formats other than those the app opens, and headers too
 * damaged to give a size.
 */
export function imageSize(bytes: Uint8Array, name: string): ImageSize {
  const format = sniffFormat(bytes);
  if (!format) throw new ImageError(`${name}: not an image this app can read (${READABLE})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let size: [number, number] | null = null;
  try {
    if (format === 'png') size = bytes.length >= 24 ? [view.getUint32(16), view.getUint32(20)] : null;
    else if (format === 'jpeg') size = jpegSize(bytes, view);
    else if (format === 'gif') size = gifSize(bytes, view);
    else if (format === 'webp') size = webpSize(bytes, view);
    else size = bmpSize(bytes, view);
  } catch {
    size = null; // a field past the end of a truncated file
  }
  if (!size) throw new ImageError(`${name}: ${format.toUpperCase()} header is damaged or truncated (no image size in it)`);
  return { format, width: size[0], height: size[1] };
}
