/**
 * The corpus of broken PNGs, generated (no binaries committed): the cases an audit found decoded
 * "successfully" or at unbounded cost, and one of each other fault the decoder names. Each case's
 * `fault` is a part of the one-line message it must be refused with. Shared by the decoder's tests
 * and any test of a program that opens PNGs (write them to files, expect a refusal naming `fault`).
 */
import { chunk, concat, fields, PNG_SIGNATURE } from '../png-chunks';
import { chunkOffsets, fixCrc, joinChunks, splitChunks, writePng, type PngSpec } from './png-writer';

/** Words that mean a refusal's message came from JavaScript rather than from the decoder (the audit found 428 such). */
export const JS_INTERNALS = /undefined|NaN|\[object |Error\b|Cannot read|is not a function|is not defined|call stack|out of bounds|Invalid typed array/;

export interface BadPng {
  name: string;
  bytes: Uint8Array;
  /** Part of the message the file must be refused with. */
  fault: string;
}

/** A 28×28 8-bit grey image (an MNIST digit's shape) with a diagonal pattern. */
export const grey28: PngSpec = { width: 28, height: 28, colourType: 0, bitDepth: 8, samples: Array.from({ length: 784 }, (_, i) => (i * 7 + (i >> 5)) & 255) };

/** A 6×4 palette image of 8 colours, 8-bit indices 0–7. */
const palette8: PngSpec = {
  width: 6,
  height: 4,
  colourType: 3,
  bitDepth: 8,
  palette: Array.from({ length: 24 }, (_, i) => (i * 31) & 255),
  samples: Array.from({ length: 24 }, (_, i) => i % 8),
};

const rgba4x3: PngSpec = { width: 4, height: 3, colourType: 6, bitDepth: 8, samples: Array.from({ length: 48 }, (_, i) => (i * 13) & 255) };

const ROW = 1 + 28; // a scanline of grey28: filter byte and 28 samples

/**
 * A zlib stream of `n` zero bytes written by hand: one literal, then 258-byte copies at distance 1
 * in a fixed-Huffman block (13 bits each). It makes a real bomb in milliseconds, never holding
 * what it inflates to.
 */
export function zeroStream(n: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((n / 258) * 13 / 8) + 300); // copies, up to 257 literals, header and checksum
  let [at, bits, held] = [2, 0, 0];
  out.set([0x78, 0x01]);
  const put = (value: number, count: number) => {
    held |= value << bits;
    for (bits += count; bits >= 8; bits -= 8, held >>>= 8) out[at++] = held & 255;
  };
  const code = (value: number, count: number) => {
    let reversed = 0; // Huffman codes go most significant bit first
    for (let i = 0; i < count; i++) reversed |= ((value >> i) & 1) << (count - 1 - i);
    put(reversed, count);
  };
  put(1, 1); // last block
  put(1, 2); // fixed Huffman
  const copies = Math.max(0, Math.floor((n - 1) / 258));
  if (n > 0) code(0x30, 8); // literal 0
  for (let i = 0; i < copies; i++) {
    code(0xc5, 8); // length 258
    code(0, 5); // distance 1
  }
  for (let i = 1 + copies * 258; i < n; i++) code(0x30, 8);
  code(0, 7); // end of block
  if (bits > 0) put(0, 8 - bits);
  const adler = (((n % 65521) << 16) | 1) >>> 0; // a stays 1 over zeros; b adds it n times
  out.set(fields([[adler, 4]]), at);
  return out.slice(0, at + 4);
}

/** A PNG of all-zero samples whose IDAT is `zeroStream`: a decompression bomb when the size is large. */
export function zeroPng(width: number, height: number, bitDepth = 16, colourType = 6): Uint8Array {
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colourType] ?? 1;
  const stream = zeroStream(height * (1 + Math.ceil((width * channels * bitDepth) / 8)));
  const ihdr = fields([[width, 4], [height, 4], [bitDepth, 1], [colourType, 1], [0, 1], [0, 1], [0, 1]]);
  return concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', stream), chunk('IEND', new Uint8Array(0))]);
}

/**
 * `png` with an ancillary chunk of `length` zero bytes after IHDR, its CRC left zero (computing it
 * would read every byte; a decoder that skips the chunk never checks). The zeros are not written,
 * so a 200 MB chunk costs the test only untouched pages.
 */
export function withBigChunk(png: Uint8Array, length: number, type = 'zzZz'): Uint8Array {
  const afterHeader = 8 + 12 + 13;
  const out = new Uint8Array(png.length + 12 + length);
  out.set(png.subarray(0, afterHeader));
  out.set(fields([[length, 4]]), afterHeader);
  out.set(Uint8Array.from(type, (c) => c.charCodeAt(0)), afterHeader + 4);
  out.set(png.subarray(afterHeader), afterHeader + 12 + length);
  return out;
}

/** `png` with its chunks edited by `edit` and every CRC made right again. */
function editChunks(png: Uint8Array, edit: (chunks: ReturnType<typeof splitChunks>) => ReturnType<typeof splitChunks>): Uint8Array {
  return joinChunks(edit(splitChunks(png)));
}

/** Sets byte `offset` of the first chunk of `type` and fixes its CRC. */
function setByte(png: Uint8Array, type: string, offset: number, value: number): Uint8Array {
  const bytes = png.slice();
  const { at } = chunkOffsets(bytes).find((c) => c.type === type)!;
  bytes[at + 8 + offset] = value;
  fixCrc(bytes, at);
  return bytes;
}

const text = (key: string, value: string) => chunk('tEXt', Uint8Array.from(`${key}\0${value}`, (c) => c.charCodeAt(0)));

/** Every case, named; cheap to build (the bomb's 3.4 MB is the largest). */
export function badPngCases(): BadPng[] {
  const good = writePng(grey28);
  const idat = (png: Uint8Array) => chunkOffsets(png).find((c) => c.type === 'IDAT')!;
  const withoutIdat = (chunks: ReturnType<typeof splitChunks>) => chunks.filter((c) => c.type !== 'IDAT');
  return [
    // the audit's seven CLI cases and its two bombs
    { name: 'IDAT holding half the rows', bytes: writePng({ ...grey28, editStream: (s) => s.subarray(0, 14 * ROW) }), fault: 'cut short (14 of 28 rows)' },
    { name: 'IDAT holding none of the rows', bytes: writePng({ ...grey28, editStream: () => new Uint8Array(0) }), fault: 'cut short (0 of 28 rows)' },
    { name: 'a row with filter byte 7', bytes: writePng({ ...grey28, filter: (row) => (row === 3 ? 7 : row % 5) }), fault: 'row 3 has filter type 7' },
    { name: 'colour type 5', bytes: writePng({ ...rgba4x3, header: { colourType: 5 } }), fault: 'colour type 5 does not exist' },
    { name: 'RGB at 4 bits', bytes: writePng({ width: 4, height: 2, colourType: 2, bitDepth: 8, samples: Array(24).fill(9), header: { bitDepth: 4 } }), fault: 'RGB image (colour type 2) cannot have bit depth 4' },
    { name: 'grey at 7 bits', bytes: writePng({ ...grey28, header: { bitDepth: 7 } }), fault: 'grey image (colour type 0) cannot have bit depth 7' },
    { name: 'palette indices past the palette', bytes: writePng({ ...palette8, samples: Array.from(palette8.samples, (v, i) => (i === 15 ? 8 : v)) }), fault: "pixel (3, 2) uses palette index 8, past the palette's 8 colours" },
    { name: 'an 8192×8192 16-bit RGBA bomb', bytes: zeroPng(8192, 8192), fault: 'image is 8192×8192, 67.1 megapixels, more than the 33.6 megapixels' },
    { name: 'a chunk claiming 200 MB in a short file', bytes: concat([good.subarray(0, 33), fields([[200e6, 4]]), Uint8Array.from('zzZz', (c) => c.charCodeAt(0)), new Uint8Array(1000)]), fault: 'truncated inside its zzZz chunk' },
    // one of each other fault
    { name: 'not a PNG', bytes: Uint8Array.from('%PDF-1.4\n%âãÏÓ\n', (c) => c.charCodeAt(0)), fault: 'not a PNG file' },
    { name: 'no IEND', bytes: good.subarray(0, good.length - 12), fault: 'truncated (no IEND chunk)' },
    { name: 'an IDAT CRC mismatch', bytes: ((b) => ((b[idat(b).at + 20]! ^= 1), b))(good.slice()), fault: 'IDAT chunk CRC mismatch' },
    { name: 'a chunk type that is not letters', bytes: ((b) => ((b[idat(b).at + 5] = 0x31), b))(good.slice()), fault: 'no valid chunk type' },
    { name: 'a chunk length past 2^31', bytes: ((b) => (b.set([0x80, 0, 0, 0], idat(b).at), b))(good.slice()), fault: 'claims 2147483648 bytes' },
    { name: 'IDAT before IHDR', bytes: editChunks(good, (c) => [c[1]!, c[0]!, ...c.slice(2)]), fault: 'does not start with its header' },
    { name: 'an IHDR of 12 bytes', bytes: editChunks(good, (c) => [{ type: 'IHDR', data: c[0]!.data.subarray(0, 12) }, ...c.slice(1)]), fault: 'header (IHDR) is 12 bytes, not 13' },
    { name: 'two IHDR chunks', bytes: editChunks(good, (c) => [c[0]!, ...c]), fault: 'two headers' },
    { name: 'width 0', bytes: writePng({ ...grey28, header: { width: 0 } }), fault: 'image is empty (0×28)' },
    { name: 'width 8193', bytes: writePng({ ...grey28, header: { width: 8193 } }), fault: 'image is 8193×28, larger than the 8192×8192' },
    { name: 'past the pixel budget', bytes: zeroPng(8192, 5000, 8, 0), fault: '41.0 megapixels, more than' },
    { name: 'compression method 1', bytes: writePng({ ...grey28, header: { compression: 1 } }), fault: 'compression method 1 does not exist' },
    { name: 'filter method 1', bytes: writePng({ ...grey28, header: { filterMethod: 1 } }), fault: 'filter method 1 does not exist' },
    { name: 'interlace method 2', bytes: writePng({ ...grey28, header: { interlace: 2 } }), fault: 'interlace method 2 does not exist' },
    { name: 'a palette image without PLTE', bytes: writePng({ ...palette8, palette: undefined }), fault: 'palette image has no palette' },
    { name: 'a PLTE of 10 bytes', bytes: writePng({ ...palette8, palette: Array(10).fill(1) }), fault: 'palette (PLTE) is 10 bytes' },
    { name: 'a PLTE in a grey image', bytes: writePng({ ...grey28, palette: [1, 2, 3] }), fault: 'grey image has a palette' },
    { name: 'two PLTE chunks', bytes: editChunks(writePng(palette8), (c) => [c[0]!, c[1]!, ...c.slice(1)]), fault: 'two palettes' },
    { name: 'a PLTE after IDAT', bytes: editChunks(writePng(rgba4x3), (c) => [c[0]!, c[1]!, { type: 'PLTE', data: Uint8Array.of(1, 2, 3) }, c[2]!]), fault: 'PLTE chunk after its pixel data' },
    { name: 'a tRNS with more alphas than colours', bytes: writePng({ ...palette8, transparency: Array(9).fill(0) }), fault: 'holds 9 alphas for a palette of 8 colours' },
    { name: 'a tRNS before PLTE', bytes: editChunks(writePng({ ...palette8, transparency: [0] }), (c) => [c[0]!, c[2]!, c[1]!, ...c.slice(3)]), fault: 'transparency (tRNS) before its palette' },
    { name: 'a tRNS of 4 bytes in a grey image', bytes: writePng({ ...grey28, transparency: [0, 1, 0, 2] }), fault: "is 4 bytes; a grey image's is 2" },
    { name: 'a tRNS in an RGBA image', bytes: writePng({ ...rgba4x3, transparency: [0, 1, 0, 2, 0, 3] }), fault: 'which has an alpha channel, has a tRNS chunk' },
    { name: 'IDAT split by another chunk', bytes: editChunks(writePng({ ...grey28, idatSize: 50 }), (c) => [...c.slice(0, 2), { type: 'tEXt', data: Uint8Array.of(65, 0) }, ...c.slice(2)]), fault: 'split by another chunk' },
    { name: 'an unknown critical chunk', bytes: writePng({ ...grey28, extraChunks: [chunk('ABCD', new Uint8Array(4))] }), fault: 'critical chunk this app does not know (ABCD)' },
    { name: 'no IDAT', bytes: editChunks(good, withoutIdat), fault: 'no pixel data (no IDAT chunk)' },
    { name: 'a non-empty IEND', bytes: editChunks(good, (c) => [...c.slice(0, -1), { type: 'IEND', data: Uint8Array.of(1) }]), fault: 'IEND chunk is not empty' },
    { name: 'IDAT that is not zlib', bytes: editChunks(good, (c) => [c[0]!, { type: 'IDAT', data: Uint8Array.from({ length: 64 }, (_, i) => i) }, c[2]!]), fault: 'pixel data is corrupt (zlib: incorrect header check)' },
    { name: 'a wrong zlib checksum', bytes: ((b) => setByte(b, 'IDAT', idat(b).length - 1, b[idat(b).at + 8 + idat(b).length - 1]! ^ 0x10))(good), fault: 'pixel data is corrupt (zlib: incorrect data check)' },
    { name: 'a zlib stream without its end', bytes: editChunks(good, (c) => [c[0]!, { type: 'IDAT', data: c[1]!.data.subarray(0, -4) }, c[2]!]), fault: 'pixel data is cut short (its compressed stream does not end)' },
    { name: 'a row more than the header', bytes: writePng({ ...grey28, editStream: (s) => concat([s, s.subarray(0, ROW)]) }), fault: 'more pixel data than its 28×28 header describes' },
    { name: 'data after the zlib stream', bytes: editChunks(good, (c) => [c[0]!, c[1]!, { type: 'IDAT', data: Uint8Array.of(0, 1, 2) }, c[2]!]), fault: 'after the end of its compressed stream' },
    { name: 'interlaced, a filter type 9', bytes: writePng({ ...grey28, interlace: 1, filter: (row) => (row === 6 ? 9 : 0) }), fault: 'row 2 of interlace pass 2 has filter type 9' },
    { name: 'interlaced, cut short', bytes: writePng({ ...grey28, interlace: 1, editStream: (s) => s.subarray(0, 40) }), fault: 'stops in interlace pass 3 of 7' },
    {
      name: 'interlaced 4-bit palette, an index past the palette',
      bytes: writePng({ width: 9, height: 9, colourType: 3, bitDepth: 4, interlace: 1, palette: Array(15).fill(7), samples: Array.from({ length: 81 }, (_, i) => (i === 40 ? 12 : i % 5)) }),
      fault: "pixel (4, 4) uses palette index 12, past the palette's 5 colours",
    },
    { name: 'text before the header', bytes: concat([PNG_SIGNATURE, text('a', 'b'), good.subarray(8)]), fault: 'does not start with its header' },
  ];
}
