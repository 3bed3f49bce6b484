import type { HoleMask } from '../image/level-image';

/**
 * The hole's pixels grouped by their chessboard distance to the nearest context pixel: ring 1
 * touches the context (diagonals included), ring 2 touches ring 1, and so on inward. A mask with
 * no context at all is one ring. Pixel indices are row-major, as in `holePixels`.
 */
export function borderRings(mask: HoleMask, width: number, height: number): number[][] {
  const distance = new Int32Array(width * height).fill(-1);
  let front: number[] = [];
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) {
      distance[i] = 0;
      front.push(i);
    }
  }
  if (front.length === 0) return mask.length > 0 ? [Array.from(mask.keys())] : [];
  const rings: number[][] = [];
  while (front.length > 0) {
    const ring: number[] = [];
    for (const p of front) {
      const [x, y] = [p % width, Math.floor(p / width)];
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const [nx, ny] = [x + dx, y + dy];
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const q = ny * width + nx;
          if (distance[q] !== -1) continue;
          distance[q] = rings.length + 1;
          ring.push(q);
        }
      }
    }
    if (ring.length > 0) rings.push(ring.sort((a, b) => a - b));
    front = ring;
  }
  return rings;
}
