/** PNG's chunk framing: length, type, data, CRC-32 of type and data. Shared by the decoder's checks and the encoders. */
import { ImageError } from './image-error';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export const PNG_SIGNATURE = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);

export function latin1(text: string): Uint8Array {
  return Uint8Array.from([...text].map((ch) => (ch.charCodeAt(0) < 256 ? ch.charCodeAt(0) : 63)));
}

/** Bytes as Latin-1 text (tEXt's encoding), in slices so a long text never overflows the call stack. */
export function latin1String(bytes: Uint8Array): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += 8192) text += String.fromCharCode(...bytes.subarray(at, at + 8192));
  return text;
}

export function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 12);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(latin1(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Big-endian fields, as PNG writes them. */
export function fields(values: Array<[number, 1 | 2 | 4]>): Uint8Array {
  const out = new Uint8Array(values.reduce((n, [, size]) => n + size, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const [value, size] of values) {
    if (size === 1) view.setUint8(at, value);
    else if (size === 2) view.setUint16(at, value);
    else view.setUint32(at, value);
    at += size;
  }
  return out;
}

export interface PngChunk {
  type: string;
  data: Uint8Array;
  /** Offset of the chunk's length field in the file, for messages. */
  at: number;
  /** Type and data, the bytes the CRC covers. */
  typeAndData: Uint8Array;
  crc: number;
}

const isLetter = (b: number) => (b >= 65 && b <= 90) || (b >= 97 && b <= 122);

/**
 * The chunks up to IEND with their framing checked (signature, lengths, types), but not their
 * CRCs: `checkCrc` is for the chunks a reader uses, so a skipped one is never read at all.
 */
export function* readChunks(bytes: Uint8Array, name: string): Generator<PngChunk> {
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) throw new ImageError(`${name}: not a PNG file (bad signature)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 8; ; ) {
    if (at + 12 > bytes.length) throw new ImageError(`${name}: PNG is truncated (no IEND chunk)`);
    const length = view.getUint32(at);
    const typeBytes = bytes.subarray(at + 4, at + 8);
    if (!typeBytes.every(isLetter)) throw new ImageError(`${name}: PNG is corrupt (no valid chunk type at byte ${at})`);
    const type = String.fromCharCode(...typeBytes);
    if (length > 2 ** 31 - 1) throw new ImageError(`${name}: PNG is corrupt (its ${type} chunk at byte ${at} claims ${length} bytes)`);
    if (at + 12 + length > bytes.length) throw new ImageError(`${name}: PNG is truncated inside its ${type} chunk at byte ${at}`);
    const typeAndData = bytes.subarray(at + 4, at + 8 + length);
    yield { type, at, typeAndData, data: typeAndData.subarray(4), crc: view.getUint32(at + 8 + length) };
    if (type === 'IEND') return;
    at += 12 + length;
  }
}

export function checkCrc({ type, at, typeAndData, crc }: PngChunk, name: string): void {
  if (crc32(typeAndData) !== crc) throw new ImageError(`${name}: PNG is corrupt (${type} chunk CRC mismatch at byte ${at})`);
}

/** Critical chunks (type starting upper-case) must be understood; ancillary ones may be skipped. */
export const isCritical = (type: string): boolean => type.charCodeAt(0) < 97;
