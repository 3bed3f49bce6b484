import { describe, expect, it } from 'vitest';
import { borderRings } from './border-rings';

/** Chessboard distance to the nearest 0 of the mask, by brute force. */
function bruteDistance(mask: Uint8Array, width: number, p: number): number {
  let best = Infinity;
  for (let q = 0; q < mask.length; q++) {
    if (mask[q]) continue;
    const d = Math.max(Math.abs((q % width) - (p % width)), Math.abs(Math.floor(q / width) - Math.floor(p / width)));
    best = Math.min(best, d);
  }
  return best;
}

describe('borderRings', () => {
  it('groups a 5×5 square hole in a 7×7 image into rings 1, 2 and 3', () => {
    const mask = new Uint8Array(49);
    for (let y = 1; y <= 5; y++) for (let x = 1; x <= 5; x++) mask[y * 7 + x] = 1;
    const rings = borderRings(mask, 7, 7);
    expect(rings.map((r) => r.length)).toEqual([16, 8, 1]);
    expect(rings[2]).toEqual([24]);
  });

  it('puts every hole pixel in the ring of its distance to the context (random masks)', () => {
    let seed = 7;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 40; trial++) {
      const [w, h] = [1 + Math.floor(next() * 12), 1 + Math.floor(next() * 12)];
      const density = next();
      const mask = Uint8Array.from({ length: w * h }, () => (next() < density ? 1 : 0));
      if (mask.every((m) => m)) mask[Math.floor(next() * w * h)] = 0;
      const rings = borderRings(mask, w, h);
      const seen = rings.flat().sort((a, b) => a - b);
      expect(seen).toEqual([...mask.keys()].filter((p) => mask[p]));
      rings.forEach((ring, r) => ring.forEach((p) => expect(bruteDistance(mask, w, p)).toBe(r + 1)));
    }
  });

  it('is one ring when nothing is context, and none when nothing is hole', () => {
    expect(borderRings(new Uint8Array(6).fill(1), 3, 2)).toEqual([[0, 1, 2, 3, 4, 5]]);
    expect(borderRings(new Uint8Array(6), 3, 2)).toEqual([]);
  });
});
