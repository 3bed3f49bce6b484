import { describe, expect, it } from 'vitest';
import { selectionGesture } from './selection-gesture';

/** At zoom 2: screen = 2 × image. */
const p = (x: number, y: number) => ({ at: { x, y }, screen: { x: 2 * x, y: 2 * y } });

describe('selection gestures', () => {
  it('drags a rectangle, outlined while it is drawn', () => {
    const g = selectionGesture();
    g.down('rect', p(1, 2), 'add');
    g.move(p(5, 7));
    expect(g.outline()).toEqual({ points: [{ x: 1, y: 2 }, { x: 5, y: 2 }, { x: 5, y: 7 }, { x: 1, y: 7 }], closed: true, mode: 'add' });
    expect(g.up()).toEqual({ kind: 'rect', a: { x: 1, y: 2 }, b: { x: 5, y: 7 }, mode: 'add' });
    expect(g.active()).toBe(false);
  });

  it('closes a freehand lasso on release', () => {
    const g = selectionGesture();
    g.down('lasso', p(0, 0), 'subtract');
    for (const [x, y] of [[5, 0], [5, 5], [0, 5]] as const) g.move(p(x, y));
    expect(g.up()).toEqual({ kind: 'lasso', points: [{ x: 0, y: 0 }, { x: 5, y: 0 }, { x: 5, y: 5 }, { x: 0, y: 5 }], mode: 'subtract' });
  });

  it('builds a polygon click by click, following the pointer, closed on its first corner', () => {
    const g = selectionGesture();
    for (const [x, y] of [[0, 0], [10, 0], [10, 10]] as const) {
      expect(g.down('lasso', p(x, y), 'add')).toBeNull();
      g.move(p(x + 1, y)); // a jitter under the slop is still a click
      expect(g.up()).toBeNull();
    }
    g.move(p(3, 8));
    expect(g.outline()!.points.at(-1)).toEqual({ x: 3, y: 8 });
    expect(g.down('lasso', p(1, 1), 'add')).toEqual({ kind: 'lasso', points: [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }], mode: 'add' });
    expect(g.active()).toBe(false);
  });

  it('closes a polygon on Enter, drops one of under three corners, and cancels on Escape', () => {
    const g = selectionGesture();
    g.down('lasso', p(0, 0), 'add');
    g.up();
    g.down('lasso', p(9, 0), 'add');
    g.up();
    expect(g.close()).toBeNull();
    g.down('lasso', p(0, 0), 'add');
    expect(g.cancel()).toBe(true);
    expect(g.outline()).toBeNull();
    expect(g.cancel()).toBe(false);
  });
});
