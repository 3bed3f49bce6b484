/**
 * A picture's pixels held in horizontal strips of canvases rather than one canvas. A 4000×3000
 * photo is 48 MB of canvas: the first write into a canvas that size allocates all of it in one
 * task (70–300 ms measured in Chromium on the shared 2-core machine, the whole of the long task
 * left when a second photo opened). Strips of at most STRIP_PIXELS each cost a few milliseconds,
 * so a whole picture can be painted a strip per task, and a mask dab allocates only the strips it
 * touches.
 */
import type { Rect, Size } from '../../../electron/core/region/working-region';

/** Pixels per strip (8 MB of RGBA): allocating and filling one stays well under a frame. */
export const STRIP_PIXELS = 2_000_000;

/** What of a canvas is used here, so the strips can be tested without a DOM. */
export interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): Pick<CanvasRenderingContext2D, 'putImageData' | 'clearRect'> | null;
}

export interface Strip<C extends CanvasLike> {
  readonly canvas: C;
  /** The strip's first row in the picture. */
  readonly y: number;
  readonly height: number;
}

/** Row ranges of the strips for a picture of `size`: equal heights, the last one shorter. */
export function stripRows({ width, height }: Size, maxPixels = STRIP_PIXELS): { y: number; height: number }[] {
  const rows = Math.max(1, Math.floor(maxPixels / Math.max(1, width)));
  const out = [];
  for (let y = 0; y < height; y += rows) out.push({ y, height: Math.min(rows, height - y) });
  return out;
}

/** Rows [a, b) of `rect` inside [y0, y1), or null when they do not meet. */
function overlapRows(rect: Rect, y0: number, y1: number): { from: number; to: number } | null {
  const from = Math.max(rect.y, y0);
  const to = Math.min(rect.y + rect.height, y1);
  return to > from ? { from, to } : null;
}

export class StripCanvas<C extends CanvasLike> {
  strips: Strip<C>[] = [];
  size: Size = { width: 0, height: 0 };
  /** The bounding box of everything drawn since the strips were last blank: what a clear must cover. */
  private drawn: Rect | null = null;

  constructor(
    private readonly make: () => C,
    private readonly maxPixels = STRIP_PIXELS,
  ) {}

  /** Strips for a picture of `size`; true when they were rebuilt (then all blank). */
  fit(size: Size): boolean {
    if (size.width === this.size.width && size.height === this.size.height) return false;
    // a canvas sized to nothing gives its memory back now, not at the next garbage collection
    for (const s of this.strips) s.canvas.width = s.canvas.height = 0;
    this.strips = stripRows(size, this.maxPixels).map(({ y, height }) => {
      const canvas = this.make();
      canvas.width = size.width;
      canvas.height = height;
      return { canvas, y, height };
    });
    this.size = { width: size.width, height: size.height };
    this.drawn = null;
    return true;
  }

  /**
   * As `putImageData(data, at.x, at.y, part…)` on one canvas of the picture's size: the `part` of
   * `data` (all of it by default) lands at `at` plus its offset, cut across the strips it meets.
   */
  put(data: ImageData, at: { x: number; y: number }, part: Rect = { x: 0, y: 0, width: data.width, height: data.height }): void {
    const target = { x: at.x + part.x, y: at.y + part.y, width: part.width, height: part.height };
    for (const s of this.strips) {
      const rows = overlapRows(target, s.y, s.y + s.height);
      if (rows) s.canvas.getContext('2d')!.putImageData(data, at.x, at.y - s.y, part.x, rows.from - at.y, part.width, rows.to - rows.from);
    }
    this.drawn = this.drawn ? union(this.drawn, target) : target;
  }

  /** Blank again: only what was drawn is cleared (clearing a whole 48 MB picture took 40 ms). */
  clear(): void {
    const d = this.drawn;
    if (!d) return;
    for (const s of this.strips) {
      const rows = overlapRows(d, s.y, s.y + s.height);
      if (rows) s.canvas.getContext('2d')!.clearRect(d.x, rows.from - s.y, d.width, rows.to - rows.from);
    }
    this.drawn = null;
  }
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}
