import { describe, expect, it } from 'vitest';
import { createRng } from '../../../electron/core/sampler/rng';
import { spread } from './mask-tools.testkit';
import { rasterisePolygon, rectanglePolygon, type Point } from './mask-polygon';

/** The crossing-number test (W. R. Franklin's PNPOLY): inside when a ray to the right crosses the edges an odd number of times. */
function inside(points: readonly Point[], px: number, py: number): boolean {
  let c = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [a, b] = [points[i]!, points[j]!];
    if (a.y > py !== b.y > py && px < ((b.x - a.x) * (py - a.y)) / (b.y - a.y) + a.x) c = !c;
  }
  return c;
}

const size = { width: 23, height: 17 };

describe('polygon raster', () => {
  it('equals the point-in-polygon test at every pixel centre, for random (self-crossing, off-image) polygons', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 300; trial++) {
      // vertices on the half-pixel grid half the time, so centres fall exactly on edges and vertices
      const snap = trial % 2 === 0;
      const coord = (n: number) => (snap ? Math.round(rng.next() * (n + 8) * 2) / 2 - 4 : rng.next() * (n + 8) - 4);
      const points = Array.from({ length: 3 + rng.nextInt(12) }, () => ({ x: coord(size.width), y: coord(size.height) }));
      const got = spread(rasterisePolygon(points, size), size);
      for (let y = 0; y < size.height; y++) {
        for (let x = 0; x < size.width; x++) expect(got[y * size.width + x], `trial ${trial} at ${x},${y}`).toBe(inside(points, x + 0.5, y + 0.5) ? 1 : 0);
      }
    }
  });

  it('takes a dragged rectangle to the pixels whose centres it covers, either way round, cut to the image', () => {
    const selection = rasterisePolygon(rectanglePolygon({ x: 6.2, y: 9.9 }, { x: 2, y: 3.5 }), size)!;
    expect(selection.rect).toEqual({ x: 2, y: 3, width: 4, height: 7 }); // centres 2.5…5.5 and 3.5…9.5
    expect(selection.values.every((v) => v === 1)).toBe(true);
    expect(rasterisePolygon(rectanglePolygon({ x: -5, y: -5 }, { x: 1, y: 40 }), size)!.rect).toEqual({ x: 0, y: 0, width: 1, height: 17 });
  });

  it('gives nothing for a polygon off the image, too thin to hold a centre, or of bad points', () => {
    expect(rasterisePolygon(rectanglePolygon({ x: 30, y: 0 }, { x: 40, y: 10 }), size)).toBeNull();
    expect(rasterisePolygon(rectanglePolygon({ x: 2.6, y: 0 }, { x: 3.4, y: 10 }), size)).toBeNull();
    expect(rasterisePolygon([{ x: 0, y: 0 }, { x: 5, y: 5 }], size)).toBeNull();
    expect(rasterisePolygon([{ x: 0, y: 0 }, { x: NaN, y: 5 }, { x: 5, y: 0 }], size)).toBeNull();
  });

  it('rasterises a long freehand lasso (tens of thousands of points)', () => {
    const points = Array.from({ length: 50_000 }, (_, k) => ({ x: 11 + 8 * Math.cos((2 * Math.PI * k) / 50_000), y: 8 + 6 * Math.sin((2 * Math.PI * k) / 50_000) }));
    const got = spread(rasterisePolygon(points, size), size);
    expect(got[8 * size.width + 11]).toBe(1);
    expect(got[0]).toBe(0);
  });
});
