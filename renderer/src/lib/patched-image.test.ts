import { describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../../electron/core/image/png';
import type { Rect } from '../../../electron/core/region/working-region';
import { changedRects, flatten, flattener, type Patch } from './patched-image';

const rgba = (width: number, height: number, fill: number): RgbaImage => ({ width, height, data: new Uint8Array(width * height * 4).fill(fill) });
const patch = (rect: Rect, fill: number): Patch => ({ rect, pixels: rgba(rect.width, rect.height, fill) });

describe('patched image', () => {
  const base = rgba(6, 4, 0);
  const a = patch({ x: 0, y: 0, width: 2, height: 2 }, 1);
  const b = patch({ x: 1, y: 1, width: 2, height: 2 }, 2);
  const c = patch({ x: 4, y: 2, width: 2, height: 2 }, 3);

  it('pastes patches in order over a copy of the original', () => {
    const picture = flatten(base, [a, b]);
    const at = (x: number, y: number) => picture.data[(y * 6 + x) * 4];
    expect([at(0, 0), at(1, 1), at(2, 2), at(5, 3)]).toEqual([1, 2, 2, 0]);
    expect(base.data.every((v) => v === 0)).toBe(true);
    expect(flatten(base, [])).toBe(base);
  });

  it('names the rectangles past the common start, where the two pictures can differ', () => {
    expect(changedRects([a, b], [a, b, c])).toEqual([c.rect]);
    expect(changedRects([a, b, c], [a])).toEqual([b.rect, c.rect]);
    expect(changedRects([a, b], [a, c])).toEqual([b.rect, c.rect]);
    expect(changedRects([a], [a])).toEqual([]);
  });

  it('repainting those rectangles of the new picture over the old one gives the new picture', () => {
    const before = flatten(base, [a, b]);
    const after = flatten(base, [a, c]);
    const painted = { ...before, data: before.data.slice() };
    for (const r of changedRects([a, b], [a, c])) {
      for (let y = r.y; y < r.y + r.height; y++) painted.data.set(after.data.subarray((y * 6 + r.x) * 4, (y * 6 + r.x + r.width) * 4), (y * 6 + r.x) * 4);
    }
    expect(painted.data).toEqual(after.data);
  });

  it('flattens once per original and list', () => {
    const flat = flattener();
    const list = [a];
    expect(flat(base, list)).toBe(flat(base, list));
    expect(flat(base, [a])).not.toBe(flat(base, list));
  });
});
