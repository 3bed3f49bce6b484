import { ImageError } from './image-error';
import type { PngHeader } from './png-header';
import type { Pass, RowSink } from './png-scanlines';

/** What the chunks before IDAT add to the samples: the palette as RGBA (tRNS alpha merged in), or the one transparent colour. */
export interface PngColours {
  palette: Uint8Array | null;
  /** Raw sample values (one for grey, three for RGB) of the colour tRNS makes transparent. */
  transparent: readonly number[] | null;
}

type SampleReader = (row: Uint8Array, i: number) => number;

/** Sample i of a row, as stored: 1, 2 and 4 bits packed from the high bit, 16 bits big-endian. */
function sampleReader(depth: number): SampleReader {
  if (depth === 8) return (row, i) => row[i]!;
  if (depth === 16) return (row, i) => (row[2 * i]! << 8) | row[2 * i + 1]!;
  const mask = (1 << depth) - 1;
  return (row, i) => (row[(i * depth) >> 3]! >> (8 - depth - ((i * depth) & 7))) & mask;
}

/** A sample as 8 bits: low depths scaled up exactly (×255, ×85, ×17), 16 bits by their high byte, as libpng's strip_16 and browsers do. */
function to8Bits(depth: number): (v: number) => number {
  if (depth === 16) return (v) => v >>> 8;
  const unit = 255 / ((1 << depth) - 1);
  return (v) => v * unit;
}

/** Where a writer puts RGBA samples: 8-bit for every image, or a 16-bit image's own samples. */
type Samples = Uint8Array | Uint16Array;

type PixelWriter<T extends Samples> = (row: Uint8Array, x: number, out: T, o: number) => void;

/** A writer of one pixel as RGBA: each sample through `convert`, an opaque alpha `opaque` (tRNS's colour gets 0). */
function pixelWriter<T extends Samples>({ colourType, bitDepth }: PngHeader, { transparent }: PngColours, convert: (v: number) => number, opaque: number): PixelWriter<T> {
  const sample = sampleReader(bitDepth);
    const [tr = -1, tg = -1, tb = -1] = transparent ?? [];
  const grey = (out: T, o: number, v: number) => void (out[o] = out[o + 1] = out[o + 2] = convert(v));
  const rgb = (out: T, o: number, r: number, g: number, b: number) => {
    out[o] = convert(r);
    out[o + 1] = convert(g);
    out[o + 2] = convert(b);
  };
  switch (colourType) {
    case 0:
      return (row, x, out, o) => {
        const v = sample(row, x);
        grey(out, o, v);
        out[o + 3] = v === tr ? 0 : opaque;
      };
    case 2:
      return (row, x, out, o) => {
        const [r, g, b] = [sample(row, 3 * x), sample(row, 3 * x + 1), sample(row, 3 * x + 2)];
        rgb(out, o, r, g, b);
        out[o + 3] = r === tr && g === tg && b === tb ? 0 : opaque;
      };
    case 4:
      return (row, x, out, o) => {
        grey(out, o, sample(row, 2 * x));
        out[o + 3] = convert(sample(row, 2 * x + 1));
      };
    default:
      return (row, x, out, o) => {
        rgb(out, o, sample(row, 4 * x), sample(row, 4 * x + 1), sample(row, 4 * x + 2));
        out[o + 3] = convert(sample(row, 4 * x + 3));
      };
  }
}

/** Palette rows: every index must name a colour the palette has (padding bits at a row's end are not pixels, so never checked). */
function paletteRows(header: PngHeader, palette: Uint8Array, out: Uint8Array, name: string): RowSink {
  const sample = sampleReader(header.bitDepth);
  const colours = palette.length / 4;
  return (pass, y, row) => {
    let o = ((pass.y0 + y * pass.dy) * header.width + pass.x0) * 4;
    for (let x = 0; x < pass.width; x++, o += 4 * pass.dx) {
      const i = sample(row, x);
      if (i >= colours) {
        throw new ImageError(`${name}: PNG pixel (${pass.x0 + x * pass.dx}, ${pass.y0 + y * pass.dy}) uses palette index ${i}, past the palette's ${colours} colours`);
      }
      out.set(palette.subarray(4 * i, 4 * i + 4), o);
    }
  };
}

/**
 * A sink that writes each unfiltered row's pixels, as 8-bit RGBA, where its pass puts them in
 * `out`; and, given `deep` (16-bit images only), the same pixels' own 16-bit samples as RGBA16.
 */
export function rgbaRows(header: PngHeader, colours: PngColours, out: Uint8Array, name: string, deep?: Uint16Array): RowSink {
  if (header.colourType === 3) return paletteRows(header, colours.palette!, out, name);
  if (deep && header.bitDepth !== 16) throw new Error(`rgbaRows: 16-bit samples asked of a ${header.bitDepth}-bit image`);
  const write = pixelWriter<Uint8Array>(header, colours, to8Bits(header.bitDepth), 255);
  const write16 = deep ? pixelWriter<Uint16Array>(header, colours, (v) => v, 0xffff) : null;
  const copyRows = header.colourType === 6 && header.bitDepth === 8; // already RGBA8: a row is a copy
  return (pass: Pass, y, row) => {
    let o = ((pass.y0 + y * pass.dy) * header.width + pass.x0) * 4;
    if (copyRows && pass.dx === 1) return out.set(row, o);
    for (let x = 0; x < pass.width; x++, o += 4 * pass.dx) {
      write(row, x, out, o);
      write16?.(row, x, deep!, o);
    }
  };
}
