/** Rectangle and lasso selections: the pixels whose centres lie inside a polygon. */
import type { Size } from '../../../electron/core/region/working-region';
import type { Selection } from './mask-selection';

export interface Point {
  x: number;
  y: number;
}

/** The rectangle dragged from `a` to `b` (image coordinates), as a polygon. */
export const rectanglePolygon = (a: Point, b: Point): Point[] => [a, { x: b.x, y: a.y }, b, { x: a.x, y: b.y }];

/**
 * The pixels whose centres lie inside the polygon by the even–odd rule (a freehand lasso that
 * crosses itself leaves its loops' overlaps out, as a canvas's even–odd fill does), cut to the
 * image; null when none does. Each row's centre line is crossed by the edges in a sorted list,
 * and the spans between the 1st and 2nd, 3rd and 4th… crossing are filled: the crossing-number
 * point-in-polygon test, one row at a time, over the edges that span that row.
 */
export function rasterisePolygon(points: readonly Point[], size: Size): Selection | null {
  if (points.length < 3 || points.some((p) => !Number.isFinite(p.x) || !Number.isFinite(p.y))) return null;
  const box = extent(points);
  const x0 = Math.max(0, firstCentreFrom(box.x0));
  const x1 = Math.min(size.width, firstCentreFrom(box.x1));
  const y0 = Math.max(0, firstCentreFrom(box.y0));
  const y1 = Math.min(size.height, firstCentreFrom(box.y1));
  if (x1 <= x0 || y1 <= y0) return null;
  const rect = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  const values = new Uint8Array(rect.width * rect.height);
  const edges = edgesByTop(points);
  const crossings = new Float64Array(edges.length);
  let active: Edge[] = [];
  let next = 0;
  let any = false;
  for (let y = y0; y < y1; y++) {
    const cy = y + 0.5;
    // an edge crosses the centre line when top ≤ cy < bottom (half-open: a vertex on the line counts once, a horizontal edge never)
    while (next < edges.length && edges[next]!.top <= cy) active.push(edges[next++]!);
    active = active.filter((e) => e.bottom > cy);
    let n = 0;
    for (const e of active) if (e.top <= cy) crossings[n++] = (e.dx * (cy - e.y0)) / e.dy + e.x0;
    const sorted = crossings.subarray(0, n).sort();
    for (let k = 0; k + 1 < n; k += 2) {
      const from = Math.max(x0, firstCentreFrom(sorted[k]!));
      const to = Math.min(x1, firstCentreFrom(sorted[k + 1]!));
      if (to <= from) continue;
      values.fill(1, (y - y0) * rect.width + from - x0, (y - y0) * rect.width + to - x0);
      any = true;
    }
  }
  return any ? { rect, values } : null;
}

/** The polygon's bounding box (a loop: a long freehand lasso is too many points to spread into Math.min). */
function extent(points: readonly Point[]): { x0: number; y0: number; x1: number; y1: number } {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { x, y } of points) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  return { x0, y0, x1, y1 };
}

interface Edge {
  top: number;
  bottom: number;
  x0: number;
  y0: number;
  dx: number;
  dy: number;
}

/** The polygon's edges that are not horizontal, by their top. */
function edgesByTop(points: readonly Point[]): Edge[] {
  const edges: Edge[] = [];
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [a, b] = [points[i]!, points[j]!];
    if (a.y !== b.y) edges.push({ top: Math.min(a.y, b.y), bottom: Math.max(a.y, b.y), x0: a.x, y0: a.y, dx: b.x - a.x, dy: b.y - a.y });
  }
  return edges.sort((p, q) => p.top - q.top);
}

/** The first pixel column (or row) whose centre lies at or after `at`: the smallest k with k + 0.5 ≥ at. */
function firstCentreFrom(at: number): number {
  let k = Math.ceil(at - 0.5);
  while (k + 0.5 < at) k++;
  while (k - 0.5 >= at) k--;
  return k;
}
