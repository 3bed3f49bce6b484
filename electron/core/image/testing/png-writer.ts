/**
 * Test-only PNG writer: any colour type, bit depth, interlace and filter, with every field open to
 * override, so a test builds exactly the valid or broken file it means. Written apart from the
 * decoder (its own Adam7 and filters), so the two cannot share a mistake.
 */
import { deflate } from 'pako';
import { chunk, concat, crc32, fields, PNG_SIGNATURE } from '../png-chunks';

export interface PngSpec {
  width: number;
  height: number;
  colourType: number;
  bitDepth: number;
  interlace?: 0 | 1;
  /** Raw samples, row-major, as many per pixel as the colour type has channels (palette: indices). */
  samples: ArrayLike<number>;
  /** PLTE's bytes (RGB triples). */
  palette?: ArrayLike<number>;
  /** tRNS's bytes. */
  transparency?: ArrayLike<number>;
  /** The filter type of each scanline, by its place in the stream; 0 if absent. Past 4, that byte is written over unfiltered data. */
  filter?: (scanline: number) => number;
  /** Header fields written instead of the true ones (the samples are still packed by the true ones). */
  header?: Partial<{ width: number; height: number; bitDepth: number; colourType: number; compression: number; filterMethod: number; interlace: number }>;
  /** Edits the filtered stream before it is compressed (drop rows, add bytes). */
  editStream?: (stream: Uint8Array) => Uint8Array;
  /** Chunks (already framed) placed just before the first IDAT. */
  extraChunks?: Uint8Array[];
  /** Splits the compressed stream into IDAT chunks of at most this many bytes. */
  idatSize?: number;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export const channelsOf = (colourType: number): number => CHANNELS[colourType] ?? 1;

/** Adam7 as the specification's table of which pass each pixel of an 8×8 tile belongs to. */
const ADAM7_TILE = ['16462646', '77777777', '56565656', '77777777', '36463646', '77777777', '56565656', '77777777'];

/** The pixel coordinates of each pass, in stream order; one pass of every pixel when not interlaced. */
export function passPixels(width: number, height: number, interlace: boolean): Array<Array<Array<[number, number]>>> {
  const passes = interlace ? 7 : 1;
  return Array.from({ length: passes }, (_, pass) => {
    const rows: Array<Array<[number, number]>> = [];
    for (let y = 0; y < height; y++) {
      const row: Array<[number, number]> = [];
      for (let x = 0; x < width; x++) if (!interlace || Number(ADAM7_TILE[y % 8]![x % 8]) === pass + 1) row.push([x, y]);
      if (row.length) rows.push(row);
    }
    return rows;
  });
}

/** Packs samples of `depth` bits from the high bit (16 bits big-endian), zero-padding the last byte. */
function pack(samples: number[], depth: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((samples.length * depth) / 8));
  samples.forEach((v, i) => {
    if (depth === 16) out.set([v >> 8, v & 255], 2 * i);
    else if (depth === 8) out[i] = v;
    else out[(i * depth) >> 3]! |= v << (8 - depth - ((i * depth) % 8));
  });
  return out;
}

function predictor(type: number, a: number, b: number, c: number): number {
  if (type === 1) return a;
  if (type === 2) return b;
  if (type === 3) return (a + b) >> 1;
  if (type === 4) {
    const p = a + b - c;
    const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
  }
  return 0;
}

/** One scanline with its filter byte; `prev` is the raw row above in the same pass (zeros for the first). */
function filterRow(type: number, raw: Uint8Array, prev: Uint8Array, bpp: number): Uint8Array {
  const out = new Uint8Array(raw.length + 1);
  out[0] = type;
  for (let x = 0; x < raw.length; x++) {
    const [a, b, c] = [x >= bpp ? raw[x - bpp]! : 0, prev[x]!, x >= bpp ? prev[x - bpp]! : 0];
    out[x + 1] = type > 4 ? raw[x]! : (raw[x]! - predictor(type, a, b, c)) & 255;
  }
  return out;
}

/** The filtered scanline stream, before compression. */
export function scanlineStream(spec: PngSpec): Uint8Array {
  const channels = channelsOf(spec.colourType);
  const bpp = Math.max(1, (channels * spec.bitDepth) >> 3);
  const rows: Uint8Array[] = [];
  for (const pass of passPixels(spec.width, spec.height, spec.interlace === 1)) {
    let prev: Uint8Array = new Uint8Array(0);
    for (const row of pass) {
      const samples = row.flatMap(([x, y]) => Array.from({ length: channels }, (_, c) => spec.samples[(y * spec.width + x) * channels + c]!));
      const raw = pack(samples, spec.bitDepth);
      if (prev.length !== raw.length) prev = new Uint8Array(raw.length);
      rows.push(filterRow(spec.filter?.(rows.length) ?? 0, raw, prev, bpp));
      prev = raw;
    }
  }
  return concat(rows);
}

export function writePng(spec: PngSpec): Uint8Array {
  const h = { width: spec.width, height: spec.height, bitDepth: spec.bitDepth, colourType: spec.colourType, compression: 0, filterMethod: 0, interlace: spec.interlace ?? 0, ...spec.header };
  const ihdr = fields([[h.width, 4], [h.height, 4], [h.bitDepth, 1], [h.colourType, 1], [h.compression, 1], [h.filterMethod, 1], [h.interlace, 1]]);
  const stream = scanlineStream(spec);
  const compressed = deflate(spec.editStream ? spec.editStream(stream) : stream, { level: 9 });
  const size = spec.idatSize ?? compressed.length;
  const idats = Array.from({ length: Math.max(1, Math.ceil(compressed.length / size)) }, (_, i) => chunk('IDAT', compressed.subarray(i * size, (i + 1) * size)));
  return concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    ...(spec.palette ? [chunk('PLTE', Uint8Array.from(spec.palette))] : []),
    ...(spec.transparency ? [chunk('tRNS', Uint8Array.from(spec.transparency))] : []),
    ...(spec.extraChunks ?? []),
    ...idats,
    chunk('IEND', new Uint8Array(0)),
  ]);
}

export interface RawChunk {
  type: string;
  data: Uint8Array;
}

/** A PNG's chunks, unchecked (for tests that edit a file and put it back together). */
export function splitChunks(bytes: Uint8Array): RawChunk[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: RawChunk[] = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = view.getUint32(at);
    chunks.push({ type: String.fromCharCode(...bytes.subarray(at + 4, at + 8)), data: bytes.slice(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return chunks;
}

/** The chunks framed again with fresh CRCs, so only the edit itself is wrong. */
export function joinChunks(chunks: readonly RawChunk[]): Uint8Array {
  return concat([PNG_SIGNATURE, ...chunks.map((c) => chunk(c.type, c.data))]);
}

/** The offset of each chunk's length field, in file order. */
export function chunkOffsets(bytes: Uint8Array): Array<{ type: string; at: number; length: number }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Array<{ type: string; at: number; length: number }> = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = view.getUint32(at);
    out.push({ type: String.fromCharCode(...bytes.subarray(at + 4, at + 8)), at, length });
    at += 12 + length;
  }
  return out;
}

/** Recomputes the CRC of the chunk whose length field is at `at` (after an edit inside it). */
export function fixCrc(bytes: Uint8Array, at: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(at);
  view.setUint32(at + 8 + length, crc32(bytes.subarray(at + 4, at + 8 + length)));
}
