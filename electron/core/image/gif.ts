import * as gifencModule from 'gifenc';
import type { Palette } from 'gifenc';
import type { RgbaImage } from './png';
import { rgbaWords } from './png-encode';

type Gifenc = typeof gifencModule;

/** gifenc's CommonJS build (what Node loads) has its API only on `default`; its ESM build (what Vite bundles) has named exports. */
const gifenc: Gifenc = 'GIFEncoder' in gifencModule ? gifencModule : (gifencModule as unknown as { default: Gifenc }).default;

const RGB_MASK = 0x00ffffff;

/** Every distinct RGB colour of the frames in first-seen order, or null past 256 (a K-level chain usually stays under). */
function exactPalette(frames: readonly RgbaImage[]): Map<number, number> | null {
  const indexOf = new Map<number, number>();
  for (const frame of frames) {
    for (const word of rgbaWords(frame.data)) {
      const rgb = word & RGB_MASK; // GIF colours are opaque: alpha is dropped
      if (indexOf.has(rgb)) continue;
      if (indexOf.size === 256) return null;
      indexOf.set(rgb, indexOf.size);
    }
  }
  return indexOf;
}

/** The frames as palette indices against one shared palette, so every frame uses the global colour table. */
function indexFrames(frames: readonly RgbaImage[]): { palette: Palette; indices: Uint8Array[] } {
  const exact = exactPalette(frames);
  if (exact) {
    // little-endian RGBA words: red is the low byte
    const palette = [...exact.keys()].map((rgb) => [rgb & 0xff, (rgb >>> 8) & 0xff, (rgb >>> 16) & 0xff]);
    const indices = frames.map((frame) => Uint8Array.from(rgbaWords(frame.data), (word) => exact.get(word & RGB_MASK)!));
    return { palette, indices };
  }
  // quantise all frames together so the palette does not flicker between frames
  const all = new Uint8Array(frames.length * frames[0]!.data.length);
  frames.forEach((frame, i) => all.set(frame.data, i * frame.data.length));
  const palette = gifenc.quantize(all, 256);
  return { palette, indices: frames.map((frame) => gifenc.applyPalette(frame.data, palette)) };
}

/**
 * An animated GIF of equally sized frames with one global palette: exact when the frames hold at most
 * 256 colours, else quantised over all frames. `delayMs` is rounded to GIF's 10 ms; `loops` is the
 * Netscape loop count (0 loops forever, -1 plays once).
 */
export function encodeGif(frames: readonly RgbaImage[], delayMs: number, loops = 0): Uint8Array {
  const first = frames[0];
  if (!first) throw new RangeError('a GIF needs at least one frame');
  if (frames.some((f) => f.width !== first.width || f.height !== first.height)) throw new RangeError('GIF frames must all be the same size');
  if (!Number.isInteger(loops) || loops < -1 || loops > 0xffff) throw new RangeError(`loop count must be an integer from -1 to 65535, got ${loops}`);
  const { palette, indices } = indexFrames(frames);
  const gif = gifenc.GIFEncoder();
  indices.forEach((index, i) => {
    // gifenc writes the first frame's palette as the global table and reads `repeat` only there
    gif.writeFrame(index, first.width, first.height, i === 0 ? { palette, delay: delayMs, repeat: loops } : { delay: delayMs });
  });
  gif.finish();
  return gif.bytes();
}
