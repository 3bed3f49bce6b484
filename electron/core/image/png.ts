import { ImageError } from './image-error';
import { checkCrc, isCritical, latin1String, readChunks, type PngChunk } from './png-chunks';
import { colourTypeName, parseHeader, type PngHeader } from './png-header';
import { IdatInflater } from './png-inflate';
import { rgbaRows, type PngColours } from './png-pixels';
import { passesOf, ScanlineReader, type RowSink } from './png-scanlines';

/** 8-bit RGBA pixels, row-major. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** 16-bit RGBA samples, row-major: a 16-bit PNG's own values, kept so a result can write them back bit for bit. */
export interface Rgba16Image {
  width: number;
  height: number;
  data: Uint16Array;
}

/** A decoded PNG: RGBA8 for the canvas and the model; for a 16-bit PNG also its own samples as RGBA16. */
export interface DeepDecode {
  rgba: RgbaImage;
  rgba16?: Uint16Array;
}

export { MAX_DECODE_PIXELS, MAX_DECODE_SIDE } from './decode-limits';
export { ImageError };

/** tEXt chunks longer than this are skipped by `readPngText` (a provenance record is a few hundred bytes). */
export const MAX_TEXT_CHUNK_BYTES = 1 << 20;

/** Told after each scanline is decoded: rows done so far and rows in all (every pass of an interlaced image). */
export type DecodeProgress = (rows: number, totalRows: number) => void;

/** IDAT's bytes, inflated and unfiltered row by row straight into the RGBA result (and the RGBA16 one, when kept). */
class PixelStream {
  readonly rgba: Uint8Array;
  readonly rgba16: Uint16Array | undefined;
  private readonly rows: ScanlineReader;
  private readonly inflater: IdatInflater;

  constructor(header: PngHeader, colours: PngColours, name: string, deep: boolean, progress?: DecodeProgress) {
    this.rgba = new Uint8Array(header.width * header.height * 4);
    this.rgba16 = deep && header.bitDepth === 16 ? new Uint16Array(header.width * header.height * 4) : undefined;
    this.rows = new ScanlineReader(header, counted(rgbaRows(header, colours, this.rgba, name, this.rgba16), header, progress), name);
    this.inflater = new IdatInflater((bytes) => this.rows.write(bytes), name);
  }

  write(data: Uint8Array): void {
    this.inflater.push(data);
  }

  finish(name: string): void {
    this.inflater.flushUnended();
    this.rows.end();
    if (!this.inflater.ended) throw new ImageError(`${name}: PNG pixel data is cut short (its compressed stream does not end)`);
  }
}

function counted(sink: RowSink, header: PngHeader, progress?: DecodeProgress): RowSink {
  if (!progress) return sink;
  const total = passesOf(header).reduce((n, p) => n + p.height, 0);
  let done = 0;
  return (pass, y, row) => {
    sink(pass, y, row);
    progress(++done, total);
  };
}

interface DecodeState {
  header: PngHeader;
  plte: Uint8Array | null;
  trns: Uint8Array | null;
  pixels: PixelStream | null;
  /** Keep a 16-bit image's own samples too. */
  deep: boolean;
  /** A chunk other than IDAT has followed the first IDAT: another IDAT now would not be consecutive. */
  idatClosed: boolean;
  progress?: DecodeProgress;
}

function readPalette(chunk: PngChunk, state: DecodeState, name: string): void {
  const { colourType } = state.header;
  if (state.plte) throw new ImageError(`${name}: PNG has two palettes (PLTE chunks)`);
  if (colourType === 0 || colourType === 4) throw new ImageError(`${name}: PNG ${colourTypeName(colourType)} image has a palette (PLTE chunk)`);
  const { length } = chunk.data;
  if (length === 0 || length > 768 || length % 3 !== 0) throw new ImageError(`${name}: PNG palette (PLTE) is ${length} bytes, not 1 to 256 colours of 3`);
  state.plte = chunk.data;
}

/** tRNS's size is fixed by the colour type (at most one alpha per palette colour), so it is checked, never trusted. */
function readTransparency(chunk: PngChunk, state: DecodeState, name: string): void {
  const { colourType } = state.header;
  const { length } = chunk.data;
  if (state.trns) throw new ImageError(`${name}: PNG has two transparency (tRNS) chunks`);
  if (colourType === 4 || colourType === 6) throw new ImageError(`${name}: PNG ${colourTypeName(colourType)} image, which has an alpha channel, has a tRNS chunk`);
  if (colourType === 3 && !state.plte) throw new ImageError(`${name}: PNG has its transparency (tRNS) before its palette (PLTE)`);
  if (colourType === 3 && length > state.plte!.length / 3) {
    throw new ImageError(`${name}: PNG transparency (tRNS) holds ${length} alphas for a palette of ${state.plte!.length / 3} colours`);
  }
  const wanted = colourType === 0 ? 2 : 6;
  if (colourType !== 3 && length !== wanted) throw new ImageError(`${name}: PNG transparency (tRNS) is ${length} bytes; a ${colourTypeName(colourType)} image's is ${wanted}`);
  state.trns = chunk.data;
}

/** The palette as RGBA (tRNS supplies alphas, 255 where it stops), or the transparent grey or RGB value. */
function coloursOf({ header, plte, trns }: DecodeState, name: string): PngColours {
  if (header.colourType === 3) {
    if (!plte) throw new ImageError(`${name}: PNG palette image has no palette (PLTE chunk)`);
    const palette = new Uint8Array((plte.length / 3) * 4);
    for (let i = 0; i < plte.length / 3; i++) palette.set([plte[3 * i]!, plte[3 * i + 1]!, plte[3 * i + 2]!, trns?.[i] ?? 255], 4 * i);
    return { palette, transparent: null };
  }
  if (!trns) return { palette: null, transparent: null };
  const view = new DataView(trns.buffer, trns.byteOffset, trns.byteLength);
  return { palette: null, transparent: Array.from({ length: trns.length / 2 }, (_, i) => view.getUint16(2 * i)) };
}

function readChunk(chunk: PngChunk, state: DecodeState, name: string): void {
  const { type } = chunk;
  if (type !== 'IDAT' && state.pixels) state.idatClosed = true;
  if (!isCritical(type) && type !== 'tRNS') return; // ancillary chunks are skipped unread, their CRC too: nothing in them is used
  checkCrc(chunk, name);
  if ((type === 'PLTE' || type === 'tRNS') && state.pixels) throw new ImageError(`${name}: PNG has its ${type} chunk after its pixel data`);
  if (type === 'PLTE') readPalette(chunk, state, name);
  else if (type === 'tRNS') readTransparency(chunk, state, name);
  else if (type === 'IDAT') {
    if (state.idatClosed) throw new ImageError(`${name}: PNG pixel data (IDAT) is split by another chunk`);
    state.pixels ??= new PixelStream(state.header, coloursOf(state, name), name, state.deep, state.progress);
    state.pixels.write(chunk.data);
  } else if (type === 'IHDR') throw new ImageError(`${name}: PNG has two headers (IHDR chunks)`);
  else throw new ImageError(`${name}: PNG has a critical chunk this app does not know (${type})`);
}

function finish(iend: PngChunk, state: DecodeState, name: string): DeepDecode {
  checkCrc(iend, name);
  if (iend.data.length !== 0) throw new ImageError(`${name}: PNG's IEND chunk is not empty`);
  if (!state.pixels) throw new ImageError(`${name}: PNG has no pixel data (no IDAT chunk)`);
  state.pixels.finish(name);
  const { width, height } = state.header;
  const { rgba, rgba16 } = state.pixels;
  return rgba16 ? { rgba: { width, height, data: rgba }, rgba16 } : { rgba: { width, height, data: rgba } };
}

function decode(bytes: Uint8Array, name: string, deep: boolean, progress?: DecodeProgress): DeepDecode {
  let state: DecodeState | null = null;
  for (const chunk of readChunks(bytes, name)) {
    if (!state) {
      if (chunk.type !== 'IHDR') throw new ImageError(`${name}: PNG does not start with its header (IHDR chunk)`);
      checkCrc(chunk, name);
      state = { header: parseHeader(chunk.data, name), plte: null, trns: null, pixels: null, deep, idatClosed: false, progress };
    } else if (chunk.type === 'IEND') return finish(chunk, state, name);
    else readChunk(chunk, state, name);
  }
  throw new ImageError(`${name}: PNG is truncated (no IEND chunk)`); // not reached: readChunks ends at IEND or throws
}

/**
 * Decodes any PNG (grey, palette, 16-bit, interlaced, alpha) to RGBA8, or refuses it with one line
 * naming the file and the fault. The header is checked and the size budgeted before anything is
 * inflated; inflating stops at the exact length the header implies; every filter type and palette
 * index is checked. Ancillary chunks are skipped unread, so an APNG opens as its still image and
 * its frames, like any metadata however large, cost nothing. `progress` hears of every row decoded.
 */
export const decodePng = (bytes: Uint8Array, name = 'image', progress?: DecodeProgress): RgbaImage => decode(bytes, name, false, progress).rgba;

/**
 * `decodePng`, and for a 16-bit PNG (grey, grey+alpha, RGB, RGBA; tRNS gives alpha 0 or 65535)
 * its own samples as RGBA16 too, from the same pass over the rows: what a result written at
 * 16 bits keeps bit for bit. Costs 8 more bytes a pixel (256 MiB at the pixel budget).
 */
export const decodePngDeep = (bytes: Uint8Array, name = 'image', progress?: DecodeProgress): DeepDecode => decode(bytes, name, true, progress);

/** The tEXt chunks of a PNG, for reading back the parameters a result was made with. */
export function readPngText(bytes: Uint8Array, name = 'image'): Record<string, string> {
  const text: Record<string, string> = {};
  for (const chunk of readChunks(bytes, name)) {
    if (chunk.type !== 'tEXt' || chunk.data.length > MAX_TEXT_CHUNK_BYTES) continue;
    checkCrc(chunk, name);
    const zero = chunk.data.indexOf(0);
    if (zero < 1) throw new ImageError(`${name}: PNG has a tEXt chunk without a keyword`);
    text[latin1String(chunk.data.subarray(0, zero))] = latin1String(chunk.data.subarray(zero + 1));
  }
  return text;
}
