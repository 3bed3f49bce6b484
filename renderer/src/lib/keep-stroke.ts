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
