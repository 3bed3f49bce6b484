import { describe, expect, it } from 'vitest';
import type { Rect } from '../../../electron/core/region/working-region';
import { StripCanvas, stripRows, type CanvasLike } from './strip-canvas';

/** A canvas of RGBA bytes that does what putImageData and clearRect do (dirty rectangles included). */
class FakeCanvas implements CanvasLike {
  width = 0;
  height = 0;
  private pixels = new Uint8ClampedArray(0);
  private sizedAs = '';
  readonly ctx = {
    putImageData: (data: ImageData, dx: number, dy: number, sx = 0, sy = 0, sw = data.width, sh = data.height) => {
      this.ensure();
      for (let y = sy; y < sy + sh; y++)
        for (let x = sx; x < sx + sw; x++) {
          const tx = dx + x;
          const ty = dy + y;
          if (tx < 0 || ty < 0 || tx >= this.width || ty >= this.height) continue;
          this.pixels.set(data.data.subarray((y * data.width + x) * 4, (y * data.width + x) * 4 + 4), (ty * this.width + tx) * 4);
        }
    },
    clearRect: (x: number, y: number, w: number, h: number) => {
      this.ensure();
      this.cleared.push({ x, y, width: w, height: h });
      for (let ty = Math.max(0, y); ty < Math.min(this.height, y + h); ty++) this.pixels.fill(0, (ty * this.width + Math.max(0, x)) * 4, (ty * this.width + Math.min(this.width, x + w)) * 4);
    },
  };
  readonly cleared: Rect[] = [];
  getContext() {
    return this.ctx as unknown as CanvasRenderingContext2D;
  }
  private ensure(): void {
    if (this.sizedAs !== `${this.width}x${this.height}`) (this.pixels = new Uint8ClampedArray(this.width * this.height * 4)), (this.sizedAs = `${this.width}x${this.height}`);
  }
  at(x: number, y: number): number {
    this.ensure();
    return this.pixels[(y * this.width + x) * 4]!;
  }
}

/** The picture the strips hold, as one grid of red values. */
function read(strips: StripCanvas<FakeCanvas>): number[][] {
  const rows: number[][] = [];
  for (const s of strips.strips) for (let y = 0; y < s.height; y++) rows.push(Array.from({ length: strips.size.width }, (_, x) => s.canvas.at(x, y)));
  return rows;
}

const imageData = (width: number, height: number, value: (x: number, y: number) => number) => {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([value(x, y), 0, 0, 255], (y * width + x) * 4);
  return { width, height, data, colorSpace: 'srgb' } as ImageData;
};

describe('strip canvas', () => {
  it('cuts a picture into strips of at most the pixel budget, covering every row once', () => {
    expect(stripRows({ width: 4000, height: 3000 }, 2_000_000)).toEqual([0, 500, 1000, 1500, 2000, 2500].map((y) => ({ y, height: 500 })));
    expect(stripRows({ width: 10, height: 7 }, 30)).toEqual([{ y: 0, height: 3 }, { y: 3, height: 3 }, { y: 6, height: 1 }]);
    expect(stripRows({ width: 100, height: 2 }, 10)).toEqual([{ y: 0, height: 1 }, { y: 1, height: 1 }]); // a row wider than the budget still gets a strip
  });

  it('holds what one canvas of the picture size would after the same puts', () => {
    const strips = new StripCanvas(() => new FakeCanvas(), 12); // 4 px wide: 3 rows a strip
    expect(strips.fit({ width: 4, height: 7 })).toBe(true);
    expect(strips.strips.map((s) => [s.y, s.height, s.canvas.width, s.canvas.height])).toEqual([[0, 3, 4, 3], [3, 3, 4, 3], [6, 1, 4, 1]]);
    const whole = imageData(4, 7, (x, y) => 10 * y + x);
    strips.put(whole, { x: 0, y: 0 });
    expect(read(strips)).toEqual(Array.from({ length: 7 }, (_, y) => [0, 1, 2, 3].map((x) => 10 * y + x)));
    // a dab's rectangle across a strip boundary, and part of a picture (a repaint of what changed)
    strips.put(imageData(2, 3, () => 200), { x: 1, y: 2 });
    strips.put(imageData(4, 7, () => 99), { x: 0, y: 0 }, { x: 3, y: 5, width: 1, height: 2 });
    const grid = read(strips);
    expect([grid[1]![1], grid[2]![1], grid[3]![2], grid[4]![2], grid[5]![1], grid[4]![3], grid[5]![3], grid[6]![3], grid[6]![0]]).toEqual([11, 200, 200, 200, 51, 43, 99, 99, 60]);
  });

  it('clears only what was drawn, and a resize gives back the old canvases', () => {
    const strips = new StripCanvas(() => new FakeCanvas(), 12);
    strips.fit({ width: 4, height: 7 });
    strips.clear();
    expect(strips.strips.flatMap((s) => s.canvas.cleared)).toEqual([]); // nothing drawn: nothing to clear
    strips.put(imageData(1, 2, () => 255), { x: 2, y: 2 });
    strips.clear();
    expect(strips.strips.map((s) => s.canvas.cleared)).toEqual([[{ x: 2, y: 2, width: 1, height: 1 }], [{ x: 2, y: 0, width: 1, height: 1 }], []]);
    expect(read(strips).flat().every((v) => v === 0)).toBe(true);
    const old = strips.strips.map((s) => s.canvas);
    expect(strips.fit({ width: 4, height: 7 })).toBe(false);
    expect(strips.fit({ width: 3, height: 2 })).toBe(true);
    expect(old.every((c) => c.width === 0 && c.height === 0)).toBe(true);
    expect(strips.strips.map((s) => [s.y, s.height])).toEqual([[0, 2]]);
  });
});
