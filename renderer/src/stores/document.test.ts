import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../../electron/core/image/png';
import type { Rect } from '../../../electron/core/region/working-region';
import type { Patch } from '../lib/patched-image';
import { useDocumentStore } from './document';

const W = 8;
const rgba = (width: number, height: number, fill: number): RgbaImage => ({ width, height, data: new Uint8Array(width * height * 4).fill(fill) });
const img = (fill: number) => rgba(W, W, fill);
const patch = (rect: Rect, fill: number): Patch => ({ rect, pixels: rgba(rect.width, rect.height, fill) });
const holes = (doc: ReturnType<typeof useDocumentStore>) => doc.holeCount;
const red = (image: RgbaImage | null, x: number, y: number) => image!.data[(y * image!.width + x) * 4];

/** Bytes of the distinct buffers a value holds, walking objects and arrays (what the history keeps alive). */
function heldBytes(value: unknown, seen = new Set<ArrayBufferLike>()): number {
  if (ArrayBuffer.isView(value)) {
    if (seen.has(value.buffer)) return 0;
    seen.add(value.buffer);
    return value.buffer.byteLength;
  }
  if (value === null || typeof value !== 'object') return 0;
  return Object.values(value).reduce((n: number, v) => n + heldBytes(v, seen), 0);
}

describe('document store history', () => {
  let doc: ReturnType<typeof useDocumentStore>;
  // domain verbs, tldraw-style
  // a size-1 stroke through pixel centres: (x,y) … (x+2,y), 3 pixels
  const paint = (x: number, y = 1) => {
    doc.beginStroke({ x: x + 0.5, y: y + 0.5 }, 1, false);
    doc.dab({ x: x + 2.5, y: y + 0.5 }, 1);
    doc.endStroke();
  };

  beforeEach(() => {
    setActivePinia(createPinia());
    doc = useDocumentStore();
    doc.load('a.png', img(0));
  });

  it('makes one stroke one undo step', () => {
    paint(1); // 0 -> 3 pixels
    expect(holes(doc)).toBe(3);
    doc.undo(); // 3 -> 0
    expect(holes(doc)).toBe(0);
    doc.redo(); // 0 -> 3
    expect(holes(doc)).toBe(3);
  });

  it('undoes strokes one by one and redoes them in order', () => {
    paint(0, 0); // a
    paint(0, 4); // b
    expect(holes(doc)).toBe(6);
    doc.undo(); // b undone
    expect(holes(doc)).toBe(3);
    doc.undo(); // a undone
    expect(holes(doc)).toBe(0);
    doc.redo();
    doc.redo();
    expect(holes(doc)).toBe(6);
  });

  it('bails a stroke on Escape without leaving a step', () => {
    paint(0, 0);
    const before = doc.steps.length;
    doc.beginStroke({ x: 0.5, y: 5.5 }, 1, false);
    doc.dab({ x: 5.5, y: 5.5 }, 1);
    expect(holes(doc)).toBe(3 + 6);
    expect(doc.cancelStroke()).toBe(true);
    expect(holes(doc)).toBe(3);
    expect(doc.steps.length).toBe(before);
    expect(doc.canRedo).toBe(false);
  });

  it('drops a stroke that changed nothing', () => {
    paint(0, 0);
    const before = doc.steps.length;
    paint(0, 0); // same pixels again
    expect(doc.steps.length).toBe(before);
  });

  it('clears the redo stack on a new edit', () => {
    paint(0, 0);
    doc.undo();
    expect(doc.canRedo).toBe(true);
    paint(0, 3);
    expect(doc.canRedo).toBe(false);
  });

  it('tells the canvas which rectangle the last dab could touch', () => {
    doc.beginStroke({ x: 3.5, y: 3.5 }, 1, false);
    const edit = doc.lastDab()!;
    expect(edit.to).toBe(doc.mask);
    expect(edit.rect.x <= 3 && edit.rect.y <= 3 && edit.rect.x + edit.rect.width > 3 && edit.rect.y + edit.rect.height > 3).toBe(true);
    expect(edit.rect.width * edit.rect.height).toBeLessThan(W * W);
    doc.endStroke();
  });

  it('records invert, clear, accept and image loads as single steps', () => {
    paint(0, 0);
    doc.invert(); // 3 -> 61
    expect(holes(doc)).toBe(61);
    doc.clearMask(); // 61 -> 0
    expect(holes(doc)).toBe(0);
    const result = patch({ x: 2, y: 2, width: 3, height: 3 }, 9);
    doc.accept(result, 'Accept frame 3');
    expect(doc.patches.at(-1)).toBe(result); // a reference, not a copy
    doc.load('b.png', img(1));
    expect(doc.name).toBe('b.png');
    doc.undo(); // load undone
    expect(doc.name).toBe('a.png');
    doc.undo(); // accept undone
    expect(red(doc.image, 3, 3)).toBe(0);
    doc.undo(); // clear undone
    expect(holes(doc)).toBe(61);
    doc.undo(); // invert undone
    expect(holes(doc)).toBe(3);
    expect(doc.steps.map((s) => s.name)).toEqual(['Open a.png', 'Brush stroke', 'Invert mask', 'Clear mask', 'Accept frame 3', 'Open b.png']);
    expect(doc.steps.map((s) => s.done)).toEqual([true, true, false, false, false, false]);
  });

  it('jumps to a step from the history panel', () => {
    paint(0, 0);
    paint(0, 3);
    doc.jumpTo(doc.steps[0]!.id);
    expect(holes(doc)).toBe(0);
    doc.jumpTo(doc.steps[2]!.id);
    expect(holes(doc)).toBe(6);
  });

  it('serialises its history', () => {
    paint(0, 0);
    const json = JSON.parse(JSON.stringify(doc.historyJSON()));
    expect(json.undos.map((e: { type: string }) => e.type)).toEqual(['stop', 'diff', 'stop', 'diff']);
  });
});

describe('document store: the original at full size, accepted results as patches', () => {
  let doc: ReturnType<typeof useDocumentStore>;
  const original = rgba(300, 200, 0);
  original.data.forEach((_, i) => (original.data[i] = (i * 7) % 251));

  beforeEach(() => {
    setActivePinia(createPinia());
    doc = useDocumentStore();
    doc.load('photo.png', original);
  });

  it('keeps the original itself, at its size, until a result is accepted', () => {
    expect(doc.image).toBe(original);
    expect(doc.mask?.length).toBe(300 * 200);
  });

  it('pastes an accepted result over its region only; undo, redo and jumps bring each picture back', () => {
    doc.accept(patch({ x: 10, y: 20, width: 4, height: 5 }, 255), 'Accept a'); // a
    doc.accept(patch({ x: 12, y: 22, width: 4, height: 4 }, 128), 'Accept b'); // b over a
    const picture = doc.image!;
    expect([red(picture, 10, 20), red(picture, 12, 22), red(picture, 15, 25)]).toEqual([255, 128, 128]);
    let changed = 0;
    for (let i = 0; i < picture.data.length; i++) if (picture.data[i] !== original.data[i]) changed++;
    expect(changed).toBeLessThanOrEqual((4 * 5 + 4 * 4) * 4); // nothing outside the two regions
    expect(original.data[0]).toBe(0); // the original is never written
    doc.undo(); // b undone
    expect([red(doc.image, 12, 22), red(doc.image, 15, 25)]).toEqual([255, original.data[(25 * 300 + 15) * 4]]);
    doc.redo(); // b again
    expect(red(doc.image, 12, 22)).toBe(128);
    doc.jumpTo(doc.steps[0]!.id); // back to the open
    expect(doc.image).toBe(original);
  });

  it('keeps a 16-bit original once: its picture at 16 bits follows accepts, undo and a new open', () => {
    const deep = Uint16Array.from(original.data, (v, i) => (v << 8) | (i & 255));
    doc.load('deep.png', original, deep);
    doc.accept(patch({ x: 10, y: 20, width: 4, height: 5 }, 255), 'Accept a');
    const at = (x: number, y: number) => doc.picture16()!.data[(y * 300 + x) * 4];
    expect([at(10, 20), at(0, 0), at(9, 20), at(14, 20)]).toEqual([65535, deep[0], deep[(20 * 300 + 9) * 4], deep[(20 * 300 + 14) * 4]]);
    expect(doc.picture16()!.data).not.toBe(deep); // a copy: the original is never written
    doc.undo();
    expect(doc.picture16()!.data).toEqual(deep);
    doc.load('flat.png', original);
    expect(doc.picture16()).toBeNull();
    doc.undo();
    expect(doc.picture16()!.data).toEqual(deep);
    expect(() => doc.load('bad.png', original, deep.subarray(4))).toThrow(/16-bit samples do not match/);
  });

  it('refuses a result that does not fit the image, and changes nothing', () => {
    const steps = doc.steps.length;
    expect(() => doc.accept(patch({ x: 298, y: 0, width: 4, height: 4 }, 1), 'Accept')).toThrow(/does not fit the 300×200 image/);
    expect(() => doc.accept({ rect: { x: 0, y: 0, width: 4, height: 4 }, pixels: rgba(3, 4, 1) }, 'Accept')).toThrow(/does not fit/);
    expect(doc.steps.length).toBe(steps);
    expect(doc.image).toBe(original);
  });

  it('keeps memory bounded: history holds region-sized patches and stroke boxes, never a whole picture or mask per step', () => {
    const strokes = 30;
    for (let i = 0; i < strokes; i++) {
      doc.beginStroke({ x: 10.5 + 9 * i, y: 50.5 }, 5, false);
      doc.dab({ x: 14.5 + 9 * i, y: 52.5 }, 5);
      doc.endStroke();
    }
    const accepts = 40;
    for (let i = 0; i < accepts; i++) doc.accept(patch({ x: i, y: i, width: 28, height: 28 }, i), `Accept ${i}`);
    const imageBytes = 300 * 200 * 4;
    const maskBytes = 300 * 200;
    const patchBytes = 28 * 28 * 4;
    const edits = doc.records.maskEdits;
    expect(edits).toHaveLength(strokes);
    for (const edit of edits) expect(edit.values.length).toBeLessThanOrEqual(16 * 16); // a stroke's bounding box
    const editBytes = edits.reduce((n, e) => n + e.values.byteLength, 0);
    const held = heldBytes(doc.historyJSON());
    // the original, the opened (empty) mask, each stroke's box once and each patch once
    expect(held).toBe(imageBytes + maskBytes + editBytes + accepts * patchBytes);
    // 70 steps together cost less than one more picture and mask (a copy per step: 40 pictures and 30 masks)
    expect(held).toBeLessThan(2 * imageBytes + 2 * maskBytes);
    expect(doc.holeCount).toBeGreaterThan(strokes * 20);
  });

  it('brings every mask back through undo and redo of strokes kept as boxes', () => {
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      doc.beginStroke({ x: 20.5 + 30 * i, y: 20.5 }, 3, false);
      doc.dab({ x: 40.5 + 30 * i, y: 60.5 }, 3);
      doc.endStroke();
      seen.push(doc.holeCount);
    }
    doc.beginStroke({ x: 0.5, y: 40.5 }, 7, true); // an erase across all five
    doc.dab({ x: 299.5, y: 40.5 }, 7);
    doc.endStroke();
    expect(doc.holeCount).toBeLessThan(seen[4]!);
    const erased = doc.holeCount;
    for (let i = 4; i >= 0; i--) {
      doc.undo();
      expect(doc.holeCount).toBe(seen[i]);
    }
    doc.undo();
    expect(doc.holeCount).toBe(0);
    doc.jumpTo(doc.steps.at(-1)!.id);
    expect(doc.holeCount).toBe(erased);
  });
});
