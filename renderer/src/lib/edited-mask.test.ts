import { describe, expect, it } from 'vitest';
import { applyMaskEdits, changedEdit, editsDiffer, maskCache, unionRect, type MaskEdit } from './edited-mask';

const size = { width: 5, height: 4 };
const edit = (x: number, y: number, width: number, height: number, value: number): MaskEdit => ({ rect: { x, y, width, height }, values: new Uint8Array(width * height).fill(value) });

describe('edited mask', () => {
  const base = new Uint8Array(20);

  it('pastes edits in order over a copy of the base', () => {
    const mask = applyMaskEdits(base, size, [edit(0, 0, 2, 2, 1), edit(1, 1, 2, 2, 0)]);
    expect([...mask]).toEqual([1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(base.every((v) => v === 0)).toBe(true);
    expect(applyMaskEdits(base, size, [])).toBe(base);
  });

  it('cuts new values to the pixels they change', () => {
    const mask = new Uint8Array(20);
    mask[6] = 1; // (1, 1)
    const values = new Uint8Array([1, 0, 0, 0, 0, 1, 0, 0, 0]); // over (1,1)–(3,3): (3, 2) joins
    expect(changedEdit(mask, size, { x: 1, y: 1, width: 3, height: 3 }, values)).toEqual({ rect: { x: 3, y: 2, width: 1, height: 1 }, values: new Uint8Array([1]) });
    expect(changedEdit(mask, size, { x: 1, y: 1, width: 1, height: 1 }, new Uint8Array([1]))).toBeNull();
    const all = new Uint8Array(20).fill(1);
    expect(changedEdit(new Uint8Array(20), size, { x: 0, y: 0, width: 5, height: 4 }, all)!.values).toBe(all); // nothing to cut
  });

  it('says where two edit lists over one base can differ: the edits past their common start', () => {
    const [a, b, c] = [edit(0, 0, 1, 1, 1), edit(3, 2, 2, 2, 1), edit(1, 3, 1, 1, 0)];
    expect(editsDiffer([a, b], [a])).toEqual(b.rect); // undo of b
    expect(editsDiffer([a, b], [a, c])).toEqual({ x: 1, y: 2, width: 4, height: 2 }); // b undone, c done
    expect(editsDiffer([a], [a])).toBeNull();
    const masks = [applyMaskEdits(base, size, [a, b]), applyMaskEdits(base, size, [a, c])];
    masks[0]!.forEach((v, i) => {
      const [x, y] = [i % size.width, Math.floor(i / size.width)];
      if (v !== masks[1]![i]) expect(x >= 1 && x < 5 && y >= 2 && y < 4).toBe(true);
    });
  });

  it('unites rectangles', () => {
    expect(unionRect(null, { x: 1, y: 2, width: 3, height: 1 })).toEqual({ x: 1, y: 2, width: 3, height: 1 });
    expect(unionRect({ x: 1, y: 2, width: 3, height: 1 }, { x: 0, y: 3, width: 1, height: 1 })).toEqual({ x: 0, y: 2, width: 4, height: 2 });
  });

  it('remembers one list only, and takes a seeded mask as is', () => {
    const cache = maskCache();
    const list = [edit(0, 0, 1, 1, 1)];
    expect(cache.get(base, size, list)).toBe(cache.get(base, size, list));
    const stamped = new Uint8Array(20).fill(1);
    const next = [...list, edit(0, 0, 5, 4, 1)];
    cache.seed(base, next, stamped);
    expect(cache.get(base, size, next)).toBe(stamped);
    expect(cache.get(base, size, list)[1]).toBe(0); // recomputed from the base
  });
});
