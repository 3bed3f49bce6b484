import { checkDecodeSize } from './decode-limits';
import { ImageError } from './image-error';

export type ColourType = 0 | 2 | 3 | 4 | 6;

/** What IHDR says, once checked: every field is one PNG defines and the size is within budget. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: ColourType;
  interlaced: boolean;
}

/** Samples per pixel and the bit depths PNG allows, by colour type (PNG specification, table 11.1). */
const COLOUR_TYPES: Record<ColourType, { name: string; channels: number; depths: readonly number[] }> = {
  0: { name: 'grey', channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { name: 'RGB', channels: 3, depths: [8, 16] },
  3: { name: 'palette', channels: 1, depths: [1, 2, 4, 8] },
  4: { name: 'grey-and-alpha', channels: 2, depths: [8, 16] },
  6: { name: 'RGBA', channels: 4, depths: [8, 16] },
};

const isColourType = (n: number): n is ColourType => n in COLOUR_TYPES;

const list = (values: readonly number[]) => `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;

/** Reads and checks IHDR's 13 bytes; everything that decides the cost of a decode is known here, before any inflating. */
export function parseHeader(data: Uint8Array, name: string): PngHeader {
  if (data.length !== 13) throw new ImageError(`${name}: PNG header (IHDR) is ${data.length} bytes, not 13`);
  const view = new DataView(data.buffer, data.byteOffset, 13);
  const [width, height] = [view.getUint32(0), view.getUint32(4)];
  const [bitDepth, colourType, compression, filter, interlace] = data.subarray(8, 13);
  checkDecodeSize(width, height, name);
  if (!isColourType(colourType!)) throw new ImageError(`${name}: PNG colour type ${colourType} does not exist (${list([0, 2, 3, 4, 6])})`);
  const { name: kind, depths } = COLOUR_TYPES[colourType];
  if (!depths.includes(bitDepth!)) throw new ImageError(`${name}: PNG ${kind} image (colour type ${colourType}) cannot have bit depth ${bitDepth} (only ${list(depths)})`);
  if (compression !== 0) throw new ImageError(`${name}: PNG compression method ${compression} does not exist (only 0, deflate)`);
  if (filter !== 0) throw new ImageError(`${name}: PNG filter method ${filter} does not exist (only 0)`);
  if (interlace !== 0 && interlace !== 1) throw new ImageError(`${name}: PNG interlace method ${interlace} does not exist (0 or 1, Adam7)`);
  return { width, height, bitDepth: bitDepth!, colourType, interlaced: interlace === 1 };
}

export const channelsOf = (colourType: ColourType): number => COLOUR_TYPES[colourType].channels;

export const colourTypeName = (colourType: ColourType): string => COLOUR_TYPES[colourType].name;

export const bitsPerPixel = (header: PngHeader): number => channelsOf(header.colourType) * header.bitDepth;
