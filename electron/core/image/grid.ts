import { drawText, measureText } from './font';
import type { RgbaImage } from './png';
import { scaleNearest } from './scale';

export type Rgb = readonly [number, number, number];

export interface GridRow {
  /** Names the row's parameters, e.g. "T=0.1 α 0.5→0.001 η=0.1". */
  label: string;
  /** One image per chain, left to right. */
  cells: readonly RgbaImage[];
}

export interface GridOptions {
  rows: readonly GridRow[];
  title?: string;
  /** Integer nearest-neighbour upscale of every cell (1..32). */
  cellScale: number;
  /** Pixels between cells, rows, label and title, and around the edge. */
  gap?: number;
  background?: Rgb;
  textColour?: Rgb;
  /** Each font pixel becomes textScale×textScale. */
  textScale?: number;
}

export const GRID_DEFAULTS = { gap: 8, background: [255, 255, 255] as Rgb, textColour: [24, 24, 24] as Rgb, textScale: 2 };

/** Larger sheets are refused rather than allocated (16384² RGBA is already 1 GiB). */
export const MAX_GRID_SIDE = 16384;

interface Layout {
  width: number;
  height: number;
  /** Left edge of the first cell column. */
  cellsX: number;
  /** Top of the first row. */
  rowsY: number;
  slotWidth: number;
  rowHeight: number;
}

function maxOf(values: Iterable<number>): number {
  let max = 0;
  for (const v of values) max = Math.max(max, v);
  return max;
}

/** Title on top; then each row is its label, then its cells in equal slots; `gap` between everything and around the edge. */
function layoutGrid(o: GridOptions & typeof GRID_DEFAULTS): Layout {
  const cells = o.rows.flatMap((row) => row.cells);
  const slotWidth = maxOf(cells.map((c) => c.width)) * o.cellScale;
  const cellHeight = maxOf(cells.map((c) => c.height)) * o.cellScale;
  const textHeight = measureText('', o.textScale).height;
  const labelWidth = maxOf(o.rows.map((row) => measureText(row.label, o.textScale).width));
  const titleWidth = o.title ? measureText(o.title, o.textScale).width : 0;
  const cellsX = o.gap + (labelWidth > 0 ? labelWidth + o.gap : 0);
  const rowsY = o.gap + (o.title ? textHeight + o.gap : 0);
  const rowHeight = Math.max(cellHeight, textHeight);
  const columns = maxOf(o.rows.map((row) => row.cells.length));
  const width = Math.max(cellsX + columns * (slotWidth + o.gap), titleWidth + 2 * o.gap);
  return { width, height: rowsY + o.rows.length * (rowHeight + o.gap), cellsX, rowsY, slotWidth, rowHeight };
}

function blankImage(width: number, height: number, colour: Rgb): RgbaImage {
  const pixel = Uint8Array.of(...colour, 255);
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(pixel, i);
  return { width, height, data };
}

/** Copies `source` into `target` with its top-left corner at (x, y); the caller keeps it inside. */
function blit(target: RgbaImage, source: RgbaImage, x: number, y: number): void {
  const rowBytes = source.width * 4;
  for (let sy = 0; sy < source.height; sy++) {
    target.data.set(source.data.subarray(sy * rowBytes, (sy + 1) * rowBytes), ((y + sy) * target.width + x) * 4);
  }
}

/** A labelled table of chains, one row per parameter combination, for comparing settings side by side. */
export function composeGrid(options: GridOptions): RgbaImage {
  const o = { ...GRID_DEFAULTS, ...options };
  const layout = layoutGrid(o);
  if (layout.width > MAX_GRID_SIDE || layout.height > MAX_GRID_SIDE) {
    throw new RangeError(`grid would be ${layout.width}×${layout.height}, larger than ${MAX_GRID_SIDE}×${MAX_GRID_SIDE}`);
  }
  const sheet = blankImage(layout.width, layout.height, o.background);
  if (o.title) drawText(sheet, o.title, o.gap, o.gap, o.textColour, o.textScale);
  o.rows.forEach((row, r) => {
    const top = layout.rowsY + r * (layout.rowHeight + o.gap);
    const centre = (height: number): number => top + Math.floor((layout.rowHeight - height) / 2);
    drawText(sheet, row.label, o.gap, centre(measureText(row.label, o.textScale).height), o.textColour, o.textScale);
    row.cells.forEach((cell, c) => {
      const scaled = scaleNearest(cell, o.cellScale);
      blit(sheet, scaled, layout.cellsX + c * (layout.slotWidth + o.gap), centre(scaled.height));
    });
  });
  return sheet;
}
