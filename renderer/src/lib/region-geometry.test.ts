import { describe, expect, it } from 'vitest';
import { workingRegion } from '../../../electron/core/region/working-region';
import { clampRect, describeRegion, dragRect, regionProblem, scaleForRect } from './region-geometry';

const image = { width: 100, height: 80 };
const rect = { x: 10, y: 20, width: 30, height: 20 };

describe('region geometry', () => {
  it('snaps to whole pixels and keeps a rectangle inside the image', () => {
    expect(clampRect({ x: 10.4, y: 20.6, width: 30.2, height: 19.7 }, image)).toEqual({ x: 10, y: 21, width: 30, height: 20 });
    expect(clampRect({ x: -5, y: 70, width: 30, height: 20 }, image)).toEqual({ x: 0, y: 60, width: 30, height: 20 });
    expect(clampRect({ x: 0, y: 0, width: 500, height: 0 }, image)).toEqual({ x: 0, y: 0, width: 100, height: 1 });
  });

  it('moves by whole pixels and stops at the edges without shrinking', () => {
    expect(dragRect(rect, 'move', 3.4, -2.6, image)).toEqual({ x: 13, y: 17, width: 30, height: 20 });
    expect(dragRect(rect, 'move', 500, -500, image)).toEqual({ x: 70, y: 0, width: 30, height: 20 });
  });

  it('resizes only the dragged sides, stops at the image and never crosses the opposite side', () => {
    expect(dragRect(rect, 'se', 5, 6, image)).toEqual({ x: 10, y: 20, width: 35, height: 26 });
    expect(dragRect(rect, 'nw', -50, -50, image)).toEqual({ x: 0, y: 0, width: 40, height: 40 });
    expect(dragRect(rect, 'e', 500, 0, image)).toEqual({ x: 10, y: 20, width: 90, height: 20 });
    expect(dragRect(rect, 'w', 100, 0, image)).toEqual({ x: 39, y: 20, width: 1, height: 20 });
    expect(dragRect(rect, 'n', 0, 7, image)).toEqual({ x: 10, y: 27, width: 30, height: 13 });
  });

  it('names the region and its scale the way the canvas and status bar say it', () => {
    expect(describeRegion(workingRegion({ x: 0, y: 0, width: 64, height: 64 }, 'native', { width: 64, height: 64 }))).toBe('region 64×64 at native scale');
    expect(describeRegion(workingRegion({ x: 0, y: 0, width: 400, height: 300 }, 'fit', { width: 64, height: 64 }))).toBe('region 400×300 → 74×55 (fit)');
  });

  it('picks native for a drawn rectangle no larger than the model, else fit', () => {
    expect(scaleForRect({ x: 0, y: 0, width: 32, height: 128 }, { width: 64, height: 64 })).toBe('native');
    expect(scaleForRect({ x: 0, y: 0, width: 65, height: 64 }, { width: 64, height: 64 })).toBe('fit');
  });

  it('says when a region is past what the sampler runs', () => {
    expect(regionProblem(workingRegion({ x: 0, y: 0, width: 512, height: 300 }, 'native', { width: 64, height: 64 }))).toBeNull();
    expect(regionProblem(workingRegion({ x: 0, y: 0, width: 513, height: 300 }, 'native', { width: 64, height: 64 }))).toMatch(/513×300.*Choose fit scale/);
    expect(regionProblem(workingRegion({ x: 0, y: 0, width: 4000, height: 3000 }, 'fit', { width: 64, height: 64 }))).toBeNull();
  });
});
