import { describe, expect, it } from 'vitest';
import { glyphRows, measureText } from './font';
import { composeGrid, MAX_GRID_SIDE } from './grid';
import type { RgbaImage } from './png';

/** A 3×2 cell whose pixel (x, y) is [r·100 + c·50, x·60, y·100] — unique per row, chain and pixel. */
function cell(r: number, c: number): RgbaImage {
  const data = new Uint8Array(3 * 2 * 4);
  for (let i = 0; i < 6; i++) data.set([r * 100 + c * 50, (i % 3) * 60, Math.floor(i / 3) * 100, 255], i * 4);
  return { width: 3, height: 2, data };
}

function pixel(image: RgbaImage, x: number, y: number): number[] {
  const at = (y * image.width + x) * 4;
  return [...image.data.subarray(at, at + 4)];
}

/** How many pixels of the rectangle are exactly `rgb`. */
function count(image: RgbaImage, x0: number, y0: number, w: number, h: number, rgb: number[]): number {
  let n = 0;
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) if (pixel(image, x, y).slice(0, 3).join() === rgb.join()) n++;
  return n;
}

const bits = (text: string): number =>
  [...text].flatMap((char) => glyphRows(char)).reduce((n, row) => n + [...row.toString(2)].filter((b) => b === '1').length, 0);

const DARK = [24, 24, 24];
const WHITE = [255, 255, 255];
const rows = [
  { label: 'T=0.1', cells: [cell(0, 0), cell(0, 1)] },
  { label: 'T=1', cells: [cell(1, 0), cell(1, 1)] },
];

describe('composeGrid', () => {
  // text scale 2: 14 px high; labels 58 px wide; cells 12×8; gap 5
  const sheet = composeGrid({ rows, title: 'Sweep', cellScale: 4, gap: 5 });
  const cellsX = 5 + 58 + 5;
  const rowsY = 5 + 14 + 5;
  const cellOrigin = (r: number, c: number): [number, number] => [cellsX + c * (12 + 5), rowsY + r * (14 + 5) + 3]; // centred in the 14 px row

  it('is as large as the layout says: margins, title line, label column, cell slots', () => {
    expect([sheet.width, sheet.height]).toEqual([cellsX + 2 * (12 + 5), rowsY + 2 * (14 + 5)]);
    expect(sheet.data.length).toBe(sheet.width * sheet.height * 4);
  });

  it('puts every upscaled cell pixel in its slot', () => {
    for (const r of [0, 1]) {
      for (const c of [0, 1]) {
        const [x0, y0] = cellOrigin(r, c);
        for (let dy = 0; dy < 8; dy++) {
          for (let dx = 0; dx < 12; dx++) expect(pixel(sheet, x0 + dx, y0 + dy)).toEqual(pixel(cell(r, c), dx >> 2, dy >> 2));
        }
        expect(pixel(sheet, x0 - 1, y0)).toEqual([...WHITE, 255]); // the gap left of the slot
      }
    }
  });

  it('draws the title and labels in dark text on white, and nothing in the margins', () => {
    expect(count(sheet, 5, 5, 58, 14, DARK)).toBe(4 * bits('Sweep')); // 2×2 per font pixel
    expect(count(sheet, 5, rowsY, 58, 14, DARK)).toBe(4 * bits('T=0.1'));
    expect(count(sheet, 5, rowsY + 19, 58, 14, DARK)).toBe(4 * bits('T=1'));
    const { width, height } = sheet;
    expect(count(sheet, 0, 0, width, 5, WHITE)).toBe(width * 5); // top
    expect(count(sheet, 0, height - 5, width, 5, WHITE)).toBe(width * 5); // bottom
    expect(count(sheet, 0, 0, 5, height, WHITE)).toBe(5 * height); // left
    expect(count(sheet, width - 5, 0, 5, height, WHITE)).toBe(5 * height); // right
    expect(pixel(sheet, 0, 0)).toEqual([255, 255, 255, 255]);
  });

  it('widens for a long title, drops the label column when no row has one, and takes colours', () => {
    const title = 'a title far wider than the cells';
    const grid = composeGrid({ rows: [{ label: '', cells: [cell(0, 0)] }], title, cellScale: 1, gap: 2, textScale: 1, background: [0, 0, 90] });
    expect(grid.width).toBe(measureText(title).width + 4);
    expect(grid.height).toBe(2 + 7 + 2 + 7 + 2); // the row is as high as a line of text
    expect(pixel(grid, 2, 11 + 2)).toEqual(pixel(cell(0, 0), 0, 0)); // cell at the left margin, centred in the row
    expect(pixel(grid, 0, 0)).toEqual([0, 0, 90, 255]);
  });

  it('refuses bad scales and sheets too large to allocate', () => {
    expect(() => composeGrid({ rows, cellScale: 0 })).toThrow(RangeError);
    const wide = { width: 600, height: 1, data: new Uint8Array(600 * 4) };
    expect(() => composeGrid({ rows: [{ label: 'x', cells: [wide] }], cellScale: 32 })).toThrow(new RegExp(`larger than ${MAX_GRID_SIDE}`));
  });
});
