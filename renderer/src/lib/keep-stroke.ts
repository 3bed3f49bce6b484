/** The keep brush's stroke: a mask over the working region's rectangle, and its preview. */
import type { HoleMask } from '../../../electron/core/image/level-image';
import type { RgbaImage } from '../../../electron/core/image/png';
import type { Rect } from '../../../electron/core/region/working-region';
import { stampLine } from './mask-ops';

type Point = { x: number; y: number };

/** The colour kept pixels show in while the stroke is drawn (the frame stays visible under it). */
const KEEP_RGBA = [64, 224, 255, 150] as const;

export function createKeepStroke(rect: Rect, start: Point, size: number) {
  let mask: HoleMask = new Uint8Array(rect.width * rect.height);
  let last = start;
  const local = (p: Point) => ({ x: p.x - rect.x, y: p.y - rect.y });

  /** Stamps the brush from the last point to `to` (image coordinates); outside the rectangle nothing is kept. */
  function dab(to: Point, brush: number): void {
    mask = stampLine(mask, rect, local(last), local(to), brush, 1) ?? mask;
    last = to;
  }

  function preview(): RgbaImage {
    const data = new Uint8Array(mask.length * 4);
    for (let i = 0; i < mask.length; i++) if (mask[i]) data.set(KEEP_RGBA, i * 4);
    return { width: rect.width, height: rect.height, data };
  }

  dab(start, size);
  return { rect, dab, preview, mask: () => mask };
}

export type KeepStroke = ReturnType<typeof createKeepStroke>;

/**
 * The keep brush on the canvas, apart from the DOM: a stroke begins on a press, grows as the
 * pointer moves and is handed to `apply` on release; Escape drops it, so nothing is kept.
 */
export function keepGesture(show: (stroke: KeepStroke | null) => void, apply: (kept: HoleMask) => void) {
  let stroke: KeepStroke | null = null;

  function begin(rect: Rect, at: Point, size: number): void {
    stroke = createKeepStroke(rect, at, size);
    show(stroke);
  }

  /** True while a stroke is drawn (it took the move). */
  function move(to: Point, size: number): boolean {
    if (!stroke) return false;
    stroke.dab(to, size);
    show(stroke);
    return true;
  }

  function end(): void {
    const done = stroke;
    if (!done) return;
    stroke = null;
    show(null);
    apply(done.mask());
  }

  /** Escape: the stroke in progress vanishes; true when there was one. */
  function cancel(): boolean {
    if (!stroke) return false;
    stroke = null;
    show(null);
    return true;
  }

  return { begin, move, end, cancel, active: () => stroke !== null };
}
