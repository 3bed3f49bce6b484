import { categoricalEntropy } from './entropy';

/**
 * What a frame says about each hole pixel beside its value (docs/algorithm.md §9): per chain,
 * per hole pixel in row-major order (the order of `holePixels`), chains back to back.
 */
export interface HoleMaps {
  /**
   * Entropy of the untempered conditional the pixel's value was drawn from, summed over its
   * channels, as a share of the most it can be (C·ln K) in 0…255: bits = e/255 · C·log2 K.
   * A pixel unknown to the pass that made the frame (a progressive sampler's unfilled pixel)
   * shows that pass's conditional; one no pass has drawn yet shows 255 (nothing known).
   */
  entropy: Uint8Array;
  /** How many steps so far changed the pixel (any channel), counted from the first frame; saturates at 65535. */
  changes: Uint16Array;
}

/** The most a map's entropy byte stands for: 255 = C·ln K nats. */
export const ENTROPY_SCALE = 255;

/** Running state behind the maps: one entropy per value (batch·H·W·C, nats) and the last frame's values. */
export interface MapState {
  entropy: Float32Array;
  changes: Uint16Array;
  previous: Uint8Array | null;
}

export function createMapState(values: number, holeSize: number, batch: number, levels: number): MapState {
  return { entropy: new Float32Array(values).fill(Math.log(levels)), changes: new Uint16Array(holeSize * batch), previous: null };
}

export interface MapShape {
  batch: number;
  pixels: number;
  channels: number;
  levels: number;
}

/**
 * After a pass: every hole value the pass was told is unknown takes the entropy of its
 * conditional. A value drawn from this pass is then known for good or until it is redrawn, so
 * each value holds the entropy of the conditional it was last drawn from.
 */
export function recordEntropy(state: MapState, shape: MapShape, hole: Int32Array, known: Uint8Array, logits: Float32Array): void {
  const { batch, pixels, channels: C, levels: K } = shape;
  for (let b = 0; b < batch; b++) {
    for (const p of hole) {
      const at = (b * pixels + p) * C;
      for (let v = at; v < at + C; v++) if (!known[v]) state.entropy[v] = categoricalEntropy(logits, v * K, K);
    }
  }
}

/** The maps of the frame `x`: entropy quantised per hole pixel, and the change counts with this frame's changes added. */
export function takeMaps(state: MapState, shape: MapShape, hole: Int32Array, x: Uint8Array): HoleMaps {
  const { batch, pixels, channels: C, levels: K } = shape;
  const entropy = new Uint8Array(hole.length * batch);
  const scale = ENTROPY_SCALE / (C * Math.log(K));
  for (let b = 0; b < batch; b++) {
    hole.forEach((p, i) => {
      const at = (b * pixels + p) * C;
      let nats = 0;
      let changed = false;
      for (let v = at; v < at + C; v++) {
        nats += state.entropy[v]!;
        if (state.previous && state.previous[v] !== x[v]) changed = true;
      }
      const j = b * hole.length + i;
      entropy[j] = Math.min(ENTROPY_SCALE, Math.max(0, Math.round(nats * scale)));
      if (changed && state.changes[j]! < 0xffff) state.changes[j]!++;
    });
  }
  state.previous = x.slice();
  return { entropy, changes: state.changes.slice() };
}

/** A map byte in bits per pixel for a model of C channels and K levels. */
export const entropyBits = (byte: number, channels: number, levels: number): number => (byte / ENTROPY_SCALE) * channels * Math.log2(levels);
