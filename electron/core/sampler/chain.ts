import type { HoleMask, LevelImage } from '../image/level-image';
import { holePixels } from '../image/level-image';
import { createMapState, recordEntropy, takeMaps, type HoleMaps, type MapState } from './maps';
import type { Predict } from './predict';
import type { Rng } from './rng';
import { temperedSample } from './tempered';

/** The state every sampler works on: a batch of chains, what the model is told is known, one random stream per chain. */
export interface Chain {
  predict: Predict;
  shape: { batch: number; height: number; width: number; channels: number; levels: number };
  hole: Int32Array;
  /** All chains back to back (batch·H·W·C levels). */
  x: Uint8Array;
  /** 1 where the next pass is told the value, per chain, pixel and channel. */
  known: Uint8Array;
  temperature: number;
  rngs: readonly Rng[];
  /** What the uncertainty and change maps of the next frame are made from. */
  maps: MapState;
}

/** One copy of `start` per random stream, everything known. */
export function createChain(predict: Predict, start: LevelImage, mask: HoleMask, temperature: number, rngs: readonly Rng[]): Chain {
  const { width, height, channels, levels } = start;
  const batch = rngs.length;
  const single = start.data.subarray(0, width * height * channels);
  const x = new Uint8Array(batch * single.length);
  for (let b = 0; b < batch; b++) x.set(single, b * single.length);
  const hole = holePixels(mask);
  return {
    predict,
    shape: { batch, height, width, channels, levels },
    hole,
    x,
    known: new Uint8Array(x.length).fill(1),
    temperature,
    rngs,
    maps: createMapState(x.length, hole.length, batch, levels),
  };
}

export const pixelCount = (c: Chain): number => c.shape.height * c.shape.width;

/** Index of a pixel's first channel in `x` and `known`. */
export const valueIndex = (c: Chain, chain: number, pixel: number): number => (chain * pixelCount(c) + pixel) * c.shape.channels;

export function setKnown(c: Chain, chain: number, pixel: number, value: 0 | 1): void {
  const at = valueIndex(c, chain, pixel);
  c.known.fill(value, at, at + c.shape.channels);
}

/** Draws one channel of one pixel from p^(1/T) into `out` (default: the image); returns its untempered log-probability. */
export function resampleChannel(c: Chain, logits: Float32Array, chain: number, pixel: number, channel: number, out = c.x): number {
  const v = valueIndex(c, chain, pixel) + channel;
  const draw = temperedSample(logits, v * c.shape.levels, c.shape.levels, c.temperature, c.rngs[chain]!.next());
  out[v] = draw.k;
  return draw.logProb;
}

/** Draws every channel of one pixel from the same pass; returns the summed untempered log-probability. */
export function resamplePixel(c: Chain, logits: Float32Array, chain: number, pixel: number, out = c.x): number {
  let logProb = 0;
  for (let ch = 0; ch < c.shape.channels; ch++) logProb += resampleChannel(c, logits, chain, pixel, ch, out);
  return logProb;
}

const mapShape = (c: Chain) => ({ batch: c.shape.batch, pixels: pixelCount(c), channels: c.shape.channels, levels: c.shape.levels });

/** One network pass over every chain: N·H·W·C·K logits. The entropies of the values it was asked for are kept for the maps. */
export async function forward(c: Chain): Promise<Float32Array> {
  const logits = await c.predict({ levels: c.x, known: c.known, batch: c.shape.batch, height: c.shape.height, width: c.shape.width });
  recordEntropy(c.maps, mapShape(c), c.hole, c.known, logits);
  return logits;
}

/** The frame's image and maps, the record's own copies (call once per emitted frame: it counts the changes). */
export const takeFrame = (c: Chain): { image: Uint8Array; maps: HoleMaps } => ({ image: c.x.slice(), maps: takeMaps(c.maps, mapShape(c), c.hole, c.x) });

/** Lets queued messages (a cancel) run between steps; setImmediate skips setTimeout's 1 ms clamp. */
export const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
