import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../../electron/core/image/png';
import { useDocumentStore } from './document';
import { useMaskToolsStore } from './mask-tools';

const W = 10;
const H = 8;
/** Left half red, right half blue; the top-left pixel transparent. */
function picture(): RgbaImage {
  const data = new Uint8Array(W * H * 4);
  for (let i = 0; i < W * H; i++) data.set(i % W < W / 2 ? [200, 0, 0, 255] : [0, 0, 200, 255], i * 4);
  data[3] = 0;
  return { width: W, height: H, data };
}
const at = (mask: Uint8Array | null, x: number, y: number) => mask![y * W + x];

describe('mask tools on the document', () => {
  let doc: ReturnType<typeof useDocumentStore>;
  let tools: ReturnType<typeof useMaskToolsStore>;

  beforeEach(() => {
    setActivePinia(createPinia());
    doc = useDocumentStore();
    tools = useMaskToolsStore();
    doc.load('p.png', picture());
  });

  it('makes each tool one undo step, undone and redone whole', () => {
    const names = () => doc.steps.filter((s) => s.done).map((s) => s.name);
    expect(tools.selectRectangle({ x: 1, y: 1 }, { x: 4, y: 4 })).toBe(true); // 3×3
    expect(doc.holeCount).toBe(9);
    expect(tools.selectLasso([{ x: 2, y: 0 }, { x: 3, y: 0 }, { x: 3, y: 8 }, { x: 2, y: 8 }], 'subtract')).toBe(true); // column 2 out
    expect(doc.holeCount).toBe(6);
    expect(tools.selectColour({ x: 8.7, y: 3.2 })).toBe(true); // the blue half
    expect(doc.holeCount).toBe(46);
    tools.setGrowBy(1);
    expect(tools.grow(1)).toBe(true);
    expect(names().slice(1)).toEqual(['Rectangle (add)', 'Lasso (subtract)', 'Wand (add)', 'Grow mask 1 px']);
    const counts: number[] = [];
    for (let k = 0; k < 4; k++) (doc.undo(), counts.push(doc.holeCount));
    expect(counts).toEqual([46, 6, 9, 0]);
    for (let k = 0; k < 4; k++) doc.redo();
    expect(at(doc.mask, 4, 0)).toBe(1); // grown into the red half
  });

  it('records nothing when a tool changes nothing', () => {
    const before = doc.steps.length;
    expect(tools.selectRectangle({ x: 1, y: 1 }, { x: 4, y: 4 }, 'subtract')).toBe(false);
    expect(tools.grow(1)).toBe(false); // an empty hole
    expect(tools.selectColour({ x: -3, y: 2 })).toBe(false);
    expect(doc.editMask('Off the image', { rect: { x: 8, y: 0, width: 5, height: 1 }, values: new Uint8Array(5).fill(1) })).toBe(false);
    expect(doc.steps.length).toBe(before);
  });

  it('takes the wand global or contiguous, within its tolerance', () => {
    tools.contiguous = false;
    tools.setTolerance(0);
    tools.selectColour({ x: 1, y: 1 });
    expect(doc.holeCount).toBe(W * H / 2 - 1); // the transparent red pixel differs in alpha
    tools.setTolerance(255);
    tools.selectColour({ x: 1, y: 1 });
    expect(doc.holeCount).toBe(W * H);
  });

  it('takes the hole from the alpha, and refuses settings out of range', () => {
    expect(tools.selectAlpha()).toBe(true);
    expect(doc.holeCount).toBe(1);
    expect(at(doc.mask, 0, 0)).toBe(1);
    tools.setGrowBy(NaN);
    tools.setTolerance(999);
    tools.setAlphaMax(-4);
    expect([tools.growBy, tools.tolerance, tools.alphaMax]).toEqual([4, 255, 0]);
  });

  it('waits for a brush stroke to end', () => {
    doc.beginStroke({ x: 0.5, y: 0.5 }, 1, false);
    expect(tools.selectRectangle({ x: 5, y: 5 }, { x: 8, y: 8 })).toBe(false);
    doc.endStroke();
    expect(doc.holeCount).toBe(1);
  });

  it('hands the canvas the rectangle it changed', () => {
    tools.selectRectangle({ x: 1, y: 2 }, { x: 4, y: 5 });
    expect(doc.lastDab()?.rect).toEqual({ x: 1, y: 2, width: 3, height: 3 });
    expect(doc.lastDab()?.to).toBe(doc.mask);
  });
});
