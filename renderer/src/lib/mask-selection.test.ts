import { describe, expect, it } from 'vitest';
import { alphaSelection } from './mask-alpha';
import { combineSelection, selectionOf } from './mask-selection';
import { spread } from './mask-tools.testkit';

const size = { width: 4, height: 2 };

describe('selections and the mask', () => {
  const mask = new Uint8Array([1, 1, 0, 0, 0, 0, 0, 0]);
  const picked = selectionOf(new Uint8Array([0, 1, 1, 0, 0, 1, 0, 0]), size)!;

  it('cut a whole-image map to its picked pixels', () => {
    expect(picked.rect).toEqual({ x: 1, y: 0, width: 2, height: 2 });
    expect([...picked.values]).toEqual([1, 1, 1, 0]);
    expect(selectionOf(new Uint8Array(8), size)).toBeNull();
  });

  it("add to the hole or take from it where the selection changes it, and say when nothing changes", () => {
    const added = combineSelection(mask, size, picked, 'add')!;
    expect(added.rect).toEqual(picked.rect);
    expect([...added.values]).toEqual([1, 1, 1, 0]);
    const taken = combineSelection(mask, size, picked, 'subtract')!;
    expect(taken).toEqual({ rect: { x: 1, y: 0, width: 1, height: 1 }, values: new Uint8Array([0]) }); // only (1, 0) changes
    expect(combineSelection(mask, size, selectionOf(new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]), size)!, 'add')).toBeNull();
    expect(combineSelection(mask, size, selectionOf(new Uint8Array([0, 0, 0, 1, 0, 0, 0, 0]), size)!, 'subtract')).toBeNull();
  });

  it('take the transparent pixels as the hole, or those up to a threshold', () => {
    const image = { width: 4, height: 2, data: new Uint8Array([0, 0, 0, 0, 9, 9, 9, 255, 9, 9, 9, 128, 9, 9, 9, 1, ...new Array(16).fill(255)]) };
    expect([...spread(alphaSelection(image, 0), size)]).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect([...spread(alphaSelection(image, 128), size)]).toEqual([1, 0, 1, 1, 0, 0, 0, 0]);
    expect([...spread(alphaSelection(image, 1000), size)]).toEqual([1, 0, 1, 1, 0, 0, 0, 0]); // capped at 254: the opaque never
    expect(alphaSelection({ ...image, data: new Uint8Array(32).fill(255) }, 0)).toBeNull();
  });
});
