import { ImageError } from './image-error';
import { bitsPerPixel, type PngHeader } from './png-header';

/** A sub-image the stream stores whole: pixels (x0 + i·dx, y0 + j·dy). Not interlaced, the image itself. */
export interface Pass {
  index: number;
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  width: number;
  height: number;
}

/** Adam7's seven passes: [x0, y0, dx, dy] (PNG specification, 8.2). */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** The passes that hold pixels, in stream order (an empty pass has no rows, not even filter bytes). */
export function passesOf({ width, height, interlaced }: PngHeader): Pass[] {
  if (!interlaced) return [{ index: 0, x0: 0, y0: 0, dx: 1, dy: 1, width, height }];
  return ADAM7.map(([x0, y0, dx, dy], index) => ({
    index,
    x0,
    y0,
    dx,
    dy,
    width: Math.max(0, Math.ceil((width - x0) / dx)),
    height: Math.max(0, Math.ceil((height - y0) / dy)),
  })).filter((p) => p.width > 0 && p.height > 0);
}

/** Bytes of one scanline of a pass, without its filter byte. */
export const rowBytes = (pass: Pass, header: PngHeader): number => Math.ceil((pass.width * bitsPerPixel(header)) / 8);

/** The exact length of the inflated stream: every row of every pass, each with its filter byte. */
export const streamLength = (header: PngHeader): number => passesOf(header).reduce((n, p) => n + p.height * (1 + rowBytes(p, header)), 0);

export type RowSink = (pass: Pass, y: number, row: Uint8Array) => void;

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes filter type 1–4 in place; `row` and `prev` start with the filter byte, `bpp` is whole bytes per pixel (at least 1). */
function unfilter(type: number, row: Uint8Array, prev: Uint8Array, length: number, bpp: number): void {
  const left = (x: number) => (x > bpp ? row[x - bpp]! : 0);
  const upLeft = (x: number) => (x > bpp ? prev[x - bpp]! : 0);
  if (type === 1) for (let x = 1 + bpp; x <= length; x++) row[x] = (row[x]! + row[x - bpp]!) & 255;
  else if (type === 2) for (let x = 1; x <= length; x++) row[x] = (row[x]! + prev[x]!) & 255;
  else if (type === 3) for (let x = 1; x <= length; x++) row[x] = (row[x]! + ((left(x) + prev[x]!) >> 1)) & 255;
  else if (type === 4) for (let x = 1; x <= length; x++) row[x] = (row[x]! + paeth(left(x), prev[x]!, upLeft(x))) & 255;
}

/**
 * Cuts the inflated stream into scanlines as it arrives, unfilters each and hands it on, keeping
 * two rows in memory. Refuses a filter type past 4, a byte more than the header implies (so the
 * header caps what is inflated) and, at `end`, a row less.
 */
export class ScanlineReader {
  private readonly passes: Pass[];
  private readonly bpp: number;
  private row: Uint8Array;
  private prev: Uint8Array;
  private pass = 0;
  private y = 0;
  private filled = 0;

  constructor(
    private readonly header: PngHeader,
    private readonly sink: RowSink,
    private readonly name: string,
  ) {
    this.passes = passesOf(header);
    this.bpp = Math.max(1, bitsPerPixel(header) >> 3);
    const longest = 1 + Math.max(...this.passes.map((p) => rowBytes(p, header)));
    this.row = new Uint8Array(longest);
    this.prev = new Uint8Array(longest);
  }

  get complete(): boolean {
    return this.pass === this.passes.length;
  }

  write(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length; ) {
      const pass = this.passes[this.pass];
      if (!pass) throw new ImageError(`${this.name}: PNG holds more pixel data than its ${this.header.width}×${this.header.height} header describes`);
      const size = 1 + rowBytes(pass, this.header);
      const n = Math.min(size - this.filled, bytes.length - at);
      this.row.set(bytes.subarray(at, at + n), this.filled);
      [this.filled, at] = [this.filled + n, at + n];
      if (this.filled === size) this.emitRow(pass, size - 1);
    }
  }

  end(): void {
    if (this.complete) return;
    const { height, interlaced } = this.header;
    const where = interlaced ? `it stops in interlace pass ${this.passes[this.pass]!.index + 1} of 7` : `${this.y} of ${height} rows`;
    throw new ImageError(`${this.name}: PNG pixel data is cut short (${where})`);
  }

  private emitRow(pass: Pass, length: number): void {
    const type = this.row[0]!;
    if (type > 4) {
      const where = this.header.interlaced ? `row ${this.y} of interlace pass ${pass.index + 1}` : `row ${this.y}`;
      throw new ImageError(`${this.name}: PNG ${where} has filter type ${type} (only 0–4 exist)`);
    }
    unfilter(type, this.row, this.prev, length, this.bpp);
    this.sink(pass, this.y, this.row.subarray(1, 1 + length));
    [this.row, this.prev, this.filled] = [this.prev, this.row, 0];
    if (++this.y < pass.height) return;
    [this.pass, this.y] = [this.pass + 1, 0];
    this.prev.fill(0); // each pass starts as if above its first row were zeros
  }
}
