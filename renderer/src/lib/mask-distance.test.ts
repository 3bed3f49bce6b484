import { describe, expect, it } from 'vitest';
import { createRng } from '../../../electron/core/sampler/rng';
import { applyMaskEdits } from './edited-mask';
import { blobMask } from './mask-tools.testkit';
import { growMask, shrinkMask } from './mask-distance';

const size = { width: 21, height: 16 };
const grown = (mask: Uint8Array, n: number) => applyMaskEdits(mask, size, [growMask(mask, size, n)].filter((e) => e !== null));
const shrunk = (mask: Uint8Array, n: number) => applyMaskEdits(mask, size, [shrinkMask(mask, size, n)].filter((e) => e !== null));
const subset = (a: Uint8Array, b: Uint8Array) => a.every((v, i) => v <= b[i]!);

/** By brute force: 1 where some pixel of `value` lies within Euclidean distance n (pixel centres). */
function near(mask: Uint8Array, value: number, n: number): Uint8Array {
  const { width } = size;
  return Uint8Array.from(mask, (_, i) => {
    const [x, y] = [i % width, Math.floor(i / width)];
    for (let j = 0; j < mask.length; j++) if (mask[j] === value && (j % width - x) ** 2 + (Math.floor(j / width) - y) ** 2 <= n * n) return 1;
    return 0;
  });
}

describe('grow and shrink', () => {
  it('match the brute-force Euclidean distance for random masks and radii (holes, and gaps in a hole over the whole picture)', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 160; trial++) {
      const blobs = blobMask(rng, size, 1 + rng.nextInt(4));
      const mask = trial % 2 ? blobs : blobs.map((v) => v ^ 1);
      const n = [1, 2, 3, 5, 8, 13][trial % 6]!;
      expect([...grown(mask, n)], `grow ${n}, trial ${trial}`).toEqual([...near(mask, 1, n)]);
      // the border is not context, so only context pixels inside the image erode the hole
      const keep = near(mask, 0, n).map((v, i) => (mask[i] && !v ? 1 : 0));
      expect([...shrunk(mask, n)], `shrink ${n}, trial ${trial}`).toEqual([...keep]);
    }
  });

  it('grow then shrink holds the original (closing); shrink then grow lies inside it (opening)', () => {
    const rng = createRng(5);
    for (let trial = 0; trial < 100; trial++) {
      const mask = blobMask(rng, size);
      const n = 1 + rng.nextInt(6);
      expect(subset(mask, shrunk(grown(mask, n), n)), `trial ${trial}`).toBe(true);
      expect(subset(grown(shrunk(mask, n), n), mask), `trial ${trial}`).toBe(true);
    }
  });

  it('grows a single pixel to a disc of radius n, and changes nothing at 0 px, on an empty mask or a full one', () => {
    const dot = new Uint8Array(size.width * size.height);
    dot[8 * size.width + 10] = 1;
    const disc = grown(dot, 2);
    expect(disc.reduce((a, b) => a + b, 0)).toBe(13); // the lattice points with dx² + dy² ≤ 4
    expect(growMask(dot, size, 0)).toBeNull();
    expect(growMask(dot, size, NaN)).toBeNull();
    expect(growMask(new Uint8Array(dot.length), size, 3)).toBeNull();
    expect(shrinkMask(new Uint8Array(dot.length).fill(1), size, 3)).toBeNull(); // no context: nothing erodes
    expect(shrunk(dot, 1).every((v) => v === 0)).toBe(true);
  });

  it("keeps the edit to the hole's bounds grown by n", () => {
    const dot = new Uint8Array(size.width * size.height);
    dot[8 * size.width + 10] = 1;
    expect(growMask(dot, size, 3)!.rect).toEqual({ x: 7, y: 5, width: 7, height: 7 });
  });
});
