import { describe, expect, it } from 'vitest';
import { decodePng } from './png';
import { writePng } from './testing/png-writer';

/** Every (rows, total) the decoder reports for a 5×9 grey PNG. */
function reports(interlace: 0 | 1): [number, number][] {
  const bytes = writePng({ width: 5, height: 9, colourType: 0, bitDepth: 8, interlace, samples: Array.from({ length: 45 }, (_, i) => i), idatSize: 7 });
  const seen: [number, number][] = [];
  decodePng(bytes, 'p.png', (rows, total) => seen.push([rows, total]));
  return seen;
}

describe('decodePng reports its progress row by row', () => {
  it('counts every row once, in order, and ends at the total', () => {
    expect(reports(0)).toEqual(Array.from({ length: 9 }, (_, i) => [i + 1, 9]));
  });

  it('counts the rows of every Adam7 pass of an interlaced image', () => {
    // 5×9 passes hold 2, 2, 1, 3, 2, 5 and 4 rows: 19 in all
    expect(reports(1)).toEqual(Array.from({ length: 19 }, (_, i) => [i + 1, 19]));
  });
});
