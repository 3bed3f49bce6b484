/**
 * The rectangle and lasso gestures on the canvas, apart from the DOM: pointer positions in, a
 * finished shape (or nothing) out. The lasso is freehand when dragged and a polygon when
 * clicked corner by corner (closed by clicking its first corner, a double click or Enter).
 */
import type { Point } from './mask-polygon';
import type { SelectMode } from './mask-selection';

export type Shape = { kind: 'rect'; a: Point; b: Point; mode: SelectMode } | { kind: 'lasso'; points: Point[]; mode: SelectMode };

/** What to draw while a gesture is under way: the outline, closed for a rectangle. */
export interface Outline {
  points: Point[];
  closed: boolean;
  mode: SelectMode;
}

/** Screen pixels: a press that moves less is a click; a click this close to the first corner closes the polygon. */
export const CLICK_SLOP = 4;
export const CLOSE_RADIUS = 8;
/** Screen pixels between the points a freehand drag keeps. */
const FREEHAND_STEP = 2;

/** A pointer position, in image pixels (`at`) and in screen pixels (`screen`, for the slop distances). */
export interface Pointer {
  at: Point;
  screen: Point;
}

const far = (a: Point, b: Point, d: number) => Math.hypot(a.x - b.x, a.y - b.y) > d;

export function selectionGesture() {
  let rect: { a: Point; b: Point; mode: SelectMode } | null = null;
  /** `presses`: how many times the button went down on this lasso; `dragged`: whether this press (at `pressAt`) moved past the slop. */
  let lasso: { points: Point[]; screens: Point[]; mode: SelectMode; presses: number; pressed: boolean; pressAt: Point; dragged: boolean; hover: Point | null } | null = null;

  function finishLasso(): Shape | null {
    const done = lasso;
    lasso = null;
    return done && done.points.length >= 3 ? { kind: 'lasso', points: done.points, mode: done.mode } : null;
  }

  return {
    active: () => rect !== null || lasso !== null,

    down(tool: 'rect' | 'lasso', { at, screen }: Pointer, mode: SelectMode): Shape | null {
      if (tool === 'rect') {
        rect = { a: at, b: at, mode };
        return null;
      }
      if (!lasso) {
        lasso = { points: [at], screens: [screen], mode, presses: 1, pressed: true, pressAt: screen, dragged: false, hover: null };
        return null;
      }
      if (lasso.points.length >= 3 && !far(screen, lasso.screens[0]!, CLOSE_RADIUS)) return finishLasso();
      lasso.points.push(at);
      lasso.screens.push(screen);
      lasso.presses++;
      lasso.pressed = true;
      lasso.pressAt = screen;
      lasso.dragged = false;
      return null;
    },

    move({ at, screen }: Pointer): void {
      if (rect) rect.b = at;
      if (!lasso) return;
      lasso.hover = at;
      if (!lasso.pressed || (!lasso.dragged && !far(screen, lasso.pressAt, CLICK_SLOP))) return;
      lasso.dragged = true;
      if (!far(screen, lasso.screens.at(-1)!, FREEHAND_STEP)) return;
      lasso.points.push(at);
      lasso.screens.push(screen);
    },

    /** A dragged rectangle, or a lasso dragged from its first press (freehand), is done on release. */
    up(): Shape | null {
      if (rect) {
        const done = rect;
        rect = null;
        return { kind: 'rect', ...done };
      }
      if (!lasso) return null;
      lasso.pressed = false;
      // a drag after clicked corners only adds to the polygon
      return lasso.presses === 1 && lasso.dragged ? finishLasso() : null;
    },

    /** Enter or a double click: the polygon closes on its corners so far. */
    close: (): Shape | null => finishLasso(),

    cancel(): boolean {
      const had = rect !== null || lasso !== null;
      rect = null;
      lasso = null;
      return had;
    },

    outline(): Outline | null {
      if (rect) return { points: [rect.a, { x: rect.b.x, y: rect.a.y }, rect.b, { x: rect.a.x, y: rect.b.y }], closed: true, mode: rect.mode };
      if (!lasso) return null;
      const points = lasso.hover && !lasso.pressed ? [...lasso.points, lasso.hover] : lasso.points;
      return { points, closed: false, mode: lasso.mode };
    },
  };
}

export type SelectionGesture = ReturnType<typeof selectionGesture>;
