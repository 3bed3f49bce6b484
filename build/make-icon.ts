/**
 * Draws the app icon (build/icon.png, 1024²): a 5×5 pixel grid on a rounded dark tile, the same
 * motif as the header logo. electron-builder derives the macOS and Windows icons from it.
 * Run: npx tsx build/make-icon.ts
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { encodePng } from '../electron/core/image/png-encode';

const SIZE = 1024;
const TILE: [number, number, number] = [0x1f, 0x25, 0x33];
const EDGE: [number, number, number] = [0x3b, 0x46, 0x60];
const WHITE: [number, number, number] = [0xe8, 0xec, 0xf4];
const PINK: [number, number, number] = [0xff, 0x3d, 0x7f];
const BLUE: [number, number, number] = [0x8a, 0xa2, 0xff];
/** The 5×5 motif: known pixels (white/blue) around an inpainted one (pink). */
const CELLS: (readonly [number, number, number] | null)[][] = [
  [WHITE, null, BLUE, null, WHITE],
  [null, WHITE, null, BLUE, null],
  [BLUE, null, PINK, null, BLUE],
  [null, BLUE, null, WHITE, null],
  [WHITE, null, BLUE, null, WHITE],
];

function insideRounded(x: number, y: number, inset: number, radius: number): boolean {
  const lo = inset + radius;
  const hi = SIZE - inset - radius;
  const dx = x < lo ? lo - x : x > hi ? x - hi : 0;
  const dy = y < lo ? lo - y : y > hi ? y - hi : 0;
  return x >= inset && y >= inset && x < SIZE - inset && y < SIZE - inset && dx * dx + dy * dy <= radius * radius;
}

const data = new Uint8Array(SIZE * SIZE * 4);
const cell = 128;
const grid = (SIZE - 5 * cell) / 2;
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    if (!insideRounded(x, y, 40, 200)) continue;
    const rgb = insideRounded(x, y, 64, 176) ? TILE : EDGE;
    const gx = Math.floor((x - grid) / cell);
    const gy = Math.floor((y - grid) / cell);
    const pad = (x - grid) % cell < 10 || (y - grid) % cell < 10;
    const c = gx >= 0 && gy >= 0 && gx < 5 && gy < 5 && !pad ? CELLS[gy]![gx] : null;
    data.set([...(c ?? rgb), 255], (y * SIZE + x) * 4);
  }
}
await writeFile(fileURLToPath(new URL('./icon.png', import.meta.url)), encodePng({ width: SIZE, height: SIZE, data }));
