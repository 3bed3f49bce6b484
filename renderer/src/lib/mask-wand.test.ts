import { describe, expect, it } from 'vitest';
import { createRng } from '../../../electron/core/sampler/rng';
import { spread, patchImage } from './mask-tools.testkit';
import { wandSelect } from './mask-wand';

const size = { width: 19, height: 13 };

/** The 4-connected component of `within` that holds `seed`, by a plain breadth-first search. */
function component(within: Uint8Array, seed: number, { width, height }: typeof size): Uint8Array {
  const out = new Uint8Array(within.length);
  const queue = [seed];
  out[seed] = 1;
  while (queue.length) {
    const i = queue.shift()!;
    const [x, y] = [i % width, Math.floor(i / width)];
    for (const [nx, ny] of [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]] as const) {
      const j = ny * width + nx;
      if (nx >= 0 && ny >= 0 && nx < width && ny < height && within[j] && !out[j]) (out[j] = 1), queue.push(j);
    }
  }
  return out;
}

describe('magic wand', () => {
  it('global picks exactly the pixels within the tolerance on every channel', () => {
    const image = { width: 3, height: 1, data: new Uint8Array([100, 100, 100, 255, 110, 90, 100, 255, 111, 100, 100, 255]) };
    expect([...spread(wandSelect(image, 0, 0, { tolerance: 10, contiguous: false }), image)]).toEqual([1, 1, 0]);
    expect([...spread(wandSelect(image, 0, 0, { tolerance: 0, contiguous: false }), image)]).toEqual([1, 0, 0]);
    expect([...spread(wandSelect(image, 2, 0, { tolerance: 255, contiguous: false }), image)]).toEqual([1, 1, 1]);
  });

  it('contiguous is the connected part of global that holds the clicked pixel (so contiguous ⊆ global)', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 200; trial++) {
      const image = patchImage(rng, size, 2 + rng.nextInt(3));
      const [x, y] = [rng.nextInt(size.width), rng.nextInt(size.height)];
      const tolerance = [0, 20, 120][trial % 3]!;
      const global = spread(wandSelect(image, x, y, { tolerance, contiguous: false }), size);
      const contiguous = spread(wandSelect(image, x, y, { tolerance, contiguous: true }), size);
      expect(global[y * size.width + x]).toBe(1);
      expect([...contiguous], `trial ${trial}`).toEqual([...component(global, y * size.width + x, size)]);
    }
  });

  it('picks nothing outside the image or at a fractional pixel', () => {
    const image = patchImage(createRng(1), size);
    expect(wandSelect(image, -1, 0, { tolerance: 255, contiguous: true })).toBeNull();
    expect(wandSelect(image, 0, size.height, { tolerance: 255, contiguous: false })).toBeNull();
    expect(wandSelect(image, 0.5, 0, { tolerance: 255, contiguous: false })).toBeNull();
  });
});
