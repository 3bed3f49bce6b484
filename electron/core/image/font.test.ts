import { describe, expect, it } from 'vitest';
import { drawText, GLYPH_HEIGHT, GLYPH_WIDTH, glyphRows, measureText } from './font';
import type { RgbaImage } from './png';

const blank = (width: number, height: number): RgbaImage => ({ width, height, data: new Uint8Array(width * height * 4) });

/** The image as rows of '#' (drawn) and '.' (untouched). */
function art(image: RgbaImage): string[] {
  return Array.from({ length: image.height }, (_, y) =>
    Array.from({ length: image.width }, (_, x) => (image.data[(y * image.width + x) * 4 + 3] ? '#' : '.')).join(''),
  );
}

const BOX = ['#####', '#...#', '#...#', '#...#', '#...#', '#...#', '#####'];
const REQUIRED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,:;=+-–_/()[]%×→αητ';

describe('5×7 font', () => {
  it('draws a glyph pixel for pixel', () => {
    const image = blank(GLYPH_WIDTH, GLYPH_HEIGHT);
    drawText(image, 'A', 0, 0, [10, 20, 30]);
    expect(art(image)).toEqual(['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#']);
    expect([...image.data.subarray(4, 8)]).toEqual([10, 20, 30, 255]); // (1, 0) in the colour, opaque
  });

  it('has a glyph of its own for every character labels use, and a box for the rest', () => {
    const seen = new Set<string>();
    for (const char of REQUIRED) {
      const rows = glyphRows(char);
      expect(rows, char).toHaveLength(GLYPH_HEIGHT);
      expect(rows.every((row) => Number.isInteger(row) && row >= 0 && row < 32), char).toBe(true);
      seen.add(rows.join());
    }
    expect(seen.size).toBe(REQUIRED.length); // no two characters share a glyph, none is the box
    const image = blank(GLYPH_WIDTH, GLYPH_HEIGHT);
    drawText(image, '€', 0, 0, [0, 0, 0]);
    expect(art(image)).toEqual(BOX);
  });

  it('measures one blank column between characters, counting code points', () => {
    expect(measureText('abc')).toEqual({ width: 17, height: 7 });
    expect(measureText('abc', 3)).toEqual({ width: 51, height: 21 });
    expect(measureText('α→η')).toEqual({ width: 17, height: 7 });
    expect(measureText('', 2)).toEqual({ width: 0, height: 14 });
  });

  it('draws at scale inside the measured box, with the gap column between glyphs', () => {
    const image = blank(30, 20);
    drawText(image, 'I-', 2, 3, [0, 0, 0], 2);
    const { width, height } = measureText('I-', 2);
    const rows = art(image);
    rows.forEach((row, y) => {
      const inside = y >= 3 && y < 3 + height;
      expect(inside ? row.slice(0, 2) + row.slice(2 + width) : row, `row ${y}`).not.toContain('#');
    });
    expect(rows[3]!.slice(2, 2 + width)).toBe('..######..............'); // I's top bar, doubled
    expect(rows[9]!.slice(2, 2 + width)).toBe('....##........######..'); // I's stem, the gap, the hyphen
    const bits = [...glyphRows('I'), ...glyphRows('-')].reduce((n, row) => n + bitCount(row), 0);
    expect(rows.join('').split('#').length - 1).toBe(4 * bits); // each font pixel is a 2×2 block
  });

  it('clips text that runs off the image', () => {
    const image = blank(4, 4);
    drawText(image, 'W', -2, -3, [0, 0, 0], 1);
    expect(art(image)).toEqual(['#.#.', '#.#.', '#.#.', '.#..']); // rows 3–6 of W, columns 2–4
  });
});

function bitCount(row: number): number {
  return [...row.toString(2)].filter((bit) => bit === '1').length;
}
