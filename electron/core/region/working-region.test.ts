import { describe, expect, it } from 'vitest';
import { autoRegion, growRect, maskBounds, modelSize, rectInside, windowAround, type Rect, type Size } from './working-region';

const native: Size = { width: 64, height: 64 };

function maskWith(size: Size, ...rects: Rect[]): Uint8Array {
  const mask = new Uint8Array(size.width * size.height);
  for (const r of rects) for (let y = r.y; y < r.y + r.height; y++) mask.fill(1, y * size.width + r.x, y * size.width + r.x + r.width);
  return mask;
}

/** A small deterministic generator, so property cases are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('maskBounds', () => {
  it('is null for an empty mask', () => {
    expect(maskBounds(new Uint8Array(12), { width: 4, height: 3 })).toBeNull();
  });

  it('holds every blob, corners and edges included', () => {
    const size = { width: 10, height: 7 };
    expect(maskBounds(maskWith(size, { x: 0, y: 0, width: 1, height: 1 }, { x: 9, y: 6, width: 1, height: 1 }), size)).toEqual({ x: 0, y: 0, width: 10, height: 7 });
    expect(maskBounds(maskWith(size, { x: 3, y: 2, width: 2, height: 1 }, { x: 6, y: 4, width: 1, height: 2 }), size)).toEqual({ x: 3, y: 2, width: 4, height: 4 });
  });
});

describe('maskBounds on random masks', () => {
  it('equals a pixel-by-pixel search', () => {
    const random = lcg(19);
    for (let t = 0; t < 200; t++) {
      const size = { width: 1 + Math.floor(random() * 40), height: 1 + Math.floor(random() * 40) };
      const density = random() * 0.05;
      const mask = Uint8Array.from({ length: size.width * size.height }, () => (random() < density ? 1 : 0));
      let naive: Rect | null = null;
      mask.forEach((v, i) => {
        if (!v) return;
        const [x, y] = [i % size.width, Math.floor(i / size.width)];
        const [x0, y0] = naive ? [Math.min(naive.x, x), Math.min(naive.y, y)] : [x, y];
        const [x1, y1] = naive ? [Math.max(naive.x + naive.width - 1, x), Math.max(naive.y + naive.height - 1, y)] : [x, y];
        naive = { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
      });
      expect(maskBounds(mask, size)).toEqual(naive);
    }
  });
});

describe('windowAround', () => {
  it('centres the window on the hole and moves it inside the image at the edges', () => {
    const image = { width: 200, height: 100 };
    expect(windowAround({ x: 90, y: 40, width: 20, height: 20 }, native, image)).toEqual({ x: 68, y: 18, width: 64, height: 64 });
    expect(windowAround({ x: 0, y: 0, width: 4, height: 4 }, native, image)).toEqual({ x: 0, y: 0, width: 64, height: 64 });
    expect(windowAround({ x: 196, y: 96, width: 4, height: 4 }, native, image)).toEqual({ x: 136, y: 36, width: 64, height: 64 });
  });

  it('is the whole image where the image is smaller than the window', () => {
    expect(windowAround({ x: 3, y: 3, width: 2, height: 2 }, native, { width: 28, height: 100 })).toEqual({ x: 0, y: 0, width: 28, height: 64 });
  });
});

describe('modelSize', () => {
  it('is the rectangle at native scale', () => {
    expect(modelSize({ x: 5, y: 5, width: 300, height: 200 }, 'native', native)).toEqual({ width: 300, height: 200 });
  });

  it('keeps the aspect and about the native area at fit scale, never enlarging', () => {
    const fit = modelSize({ x: 0, y: 0, width: 512, height: 256 }, 'fit', native);
    expect(fit).toEqual({ width: 91, height: 45 });
    expect(modelSize({ x: 0, y: 0, width: 40, height: 30 }, 'fit', native)).toEqual({ width: 40, height: 30 });
  });
});

describe('autoRegion', () => {
  const image = { width: 2048, height: 1536 };

  it('puts a small hole in a native-size window at native scale', () => {
    const region = autoRegion({ x: 1000, y: 700, width: 32, height: 32 }, image, native);
    expect(region).toEqual({ rect: { x: 984, y: 684, width: 64, height: 64 }, scale: 'native', model: { width: 64, height: 64 } });
  });

  it('gives a large hole a region twice its size at fit scale', () => {
    const region = autoRegion({ x: 1000, y: 700, width: 200, height: 100 }, image, native);
    expect(region.scale).toBe('fit');
    expect(region.rect).toEqual({ x: 900, y: 600, width: 400, height: 300 });
    expect(region.model.width * region.model.height).toBeLessThanOrEqual(64 * 64 * 1.05);
  });

  it('takes an explicit margin and scale', () => {
    const region = autoRegion({ x: 10, y: 10, width: 8, height: 8 }, image, native, { margin: 30, scale: 'native' });
    expect(region.rect).toEqual({ x: 0, y: 0, width: 48, height: 48 });
    expect(region.model).toEqual({ width: 48, height: 48 });
  });

  it('always lies inside the image and holds the whole hole (random masks up to 2048 px)', () => {
    const random = lcg(7);
    for (let t = 0; t < 300; t++) {
      const size = { width: 1 + Math.floor(random() * 2048), height: 1 + Math.floor(random() * 2048) };
      const hole = { x: Math.floor(random() * size.width), y: Math.floor(random() * size.height), width: 1, height: 1 };
      const bounds = { ...hole, width: 1 + Math.floor(random() * (size.width - hole.x)), height: 1 + Math.floor(random() * (size.height - hole.y)) };
      const options = random() < 0.3 ? { margin: Math.floor(random() * 200) } : {};
      const { rect, model } = autoRegion(bounds, size, native, options);
      expect(rectInside(rect, size), JSON.stringify({ size, bounds, rect })).toBe(true);
      expect(rect.x <= bounds.x && rect.y <= bounds.y).toBe(true);
      expect(rect.x + rect.width >= bounds.x + bounds.width && rect.y + rect.height >= bounds.y + bounds.height).toBe(true);
      expect(model.width >= 1 && model.height >= 1 && model.width <= rect.width && model.height <= rect.height).toBe(true);
    }
  });
});

describe('growRect', () => {
  it('cuts at the image', () => {
    expect(growRect({ x: 2, y: 3, width: 4, height: 4 }, 5, { width: 10, height: 9 })).toEqual({ x: 0, y: 0, width: 10, height: 9 });
  });
});
