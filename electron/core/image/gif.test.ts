import { describe, expect, it } from 'vitest';
import { encodeGif } from './gif';
import type { RgbaImage } from './png';
import { decodeGif } from './testing/gif-decode';

/** A seeded generator (mulberry32), so the noisy frames are the same every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A frame whose pixels are drawn at random from `colours`. */
function noiseFrame(width: number, height: number, colours: readonly number[][], random: () => number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...colours[Math.floor(random() * colours.length)]!, 255], i * 4);
  return { width, height, data };
}

/** K grey levels, as a K-level model would emit. */
const greys = (k: number): number[][] => Array.from({ length: k }, (_, i) => Array(3).fill(Math.round((i * 255) / (k - 1))));

describe('encodeGif', () => {
  it('writes every frame with exact pixels through one global palette, looping forever', () => {
    const random = rng(1);
    const frames = Array.from({ length: 5 }, () => noiseFrame(7, 5, greys(4), random));
    const gif = decodeGif(encodeGif(frames, 120));
    expect([gif.width, gif.height, gif.loops]).toEqual([7, 5, 0]);
    expect(gif.frames).toHaveLength(5);
    gif.frames.forEach((frame, i) => {
      expect(frame.hasLocalTable).toBe(false);
      expect(frame.delayCs).toBe(12);
      expect(frame.rgba).toEqual(frames[i]!.data);
    });
  });

  it('stays exact for 256 colours across frames and a large noisy image (LZW table resets)', () => {
    const random = rng(2);
    const colours = Array.from({ length: 256 }, (_, i) => [i, (i * 7) % 256, 255 - i]);
    const frames = Array.from({ length: 3 }, () => noiseFrame(160, 120, colours, random));
    const gif = decodeGif(encodeGif(frames, 50));
    expect(gif.frames.map((f) => f.rgba)).toEqual(frames.map((f) => f.data));
  });

  it('drops alpha, since GIF colours are opaque', () => {
    const frame: RgbaImage = { width: 2, height: 1, data: Uint8Array.of(10, 20, 30, 0, 10, 20, 30, 255) };
    const gif = decodeGif(encodeGif([frame], 100));
    expect([...gif.frames[0]!.rgba]).toEqual([10, 20, 30, 255, 10, 20, 30, 255]);
  });

  it('quantises over all frames when they hold more than 256 colours', () => {
    // each frame alone has 200 colours, together 600: a per-frame palette would not do
    const random = rng(3);
    const frames = [0, 1, 2].map((f) => {
      const colours = Array.from({ length: 200 }, (_, i) => [(i * 5) % 256, f * 100, 255 - ((i * 3) % 256)]);
      return noiseFrame(32, 32, colours, random);
    });
    const gif = decodeGif(encodeGif(frames, 100));
    expect(gif.frames).toHaveLength(3);
    expect(gif.globalTable.length).toBeLessThanOrEqual(256);
    gif.frames.forEach((frame, i) => {
      expect(frame.hasLocalTable).toBe(false);
      const error = frame.rgba.reduce((sum, v, j) => sum + Math.abs(v - frames[i]!.data[j]!), 0) / frame.rgba.length;
      expect(error).toBeLessThan(8); // mean per channel, out of 255
    });
  });

  it('writes a finite loop count, or none to play once', () => {
    const frames = [noiseFrame(2, 2, greys(2), rng(4))];
    expect(decodeGif(encodeGif(frames, 100, 3)).loops).toBe(3);
    expect(decodeGif(encodeGif(frames, 100, -1)).loops).toBeNull();
  });

  it('refuses no frames, frames of different sizes and bad loop counts', () => {
    const frame = noiseFrame(2, 2, greys(2), rng(5));
    expect(() => encodeGif([], 100)).toThrow(/at least one frame/);
    expect(() => encodeGif([frame, noiseFrame(3, 2, greys(2), rng(6))], 100)).toThrow(/same size/);
    expect(() => encodeGif([frame], 100, 1.5)).toThrow(/loop count/);
  });
});
