import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LevelImage } from '../../../electron/core/image/level-image';
import { useDocumentStore } from './document';

const W = 8;
const img = (fill: number): LevelImage => ({ width: W, height: W, channels: 1, levels: 2, data: new Uint8Array(W * W).fill(fill) });
const holes = (doc: ReturnType<typeof useDocumentStore>) => doc.holeCount;

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
    doc.load('a.png', null, img(0));
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

  it('records invert, clear, accept and image loads as single steps', () => {
    paint(0, 0);
    doc.invert(); // 3 -> 61
    expect(holes(doc)).toBe(61);
    doc.clearMask(); // 61 -> 0
    expect(holes(doc)).toBe(0);
    const frame = img(1);
    doc.accept(frame, 'Accept frame 3');
    expect(doc.image).toBe(frame); // a reference, not a copy
    doc.load('b.png', null, img(1));
    expect(doc.name).toBe('b.png');
    doc.undo(); // load undone
    expect(doc.name).toBe('a.png');
    doc.undo(); // accept undone
    expect(doc.image?.data[0]).toBe(0);
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
