/** Test-only: fake models and inputs for the samplers' tests (the samplers only ever call predict). */
import type { LevelImage } from '../../image/level-image';
import type { Predict, PredictInput } from '../predict';
import { createRng } from '../rng';

export const K = 4;

/** Each value leans towards (known left neighbour + 1) mod K, else towards 0. */
export const leftNeighbourModel: Predict = async ({ levels, known, batch, height, width }: PredictInput) => {
  const C = levels.length / (batch * height * width);
  const logits = new Float32Array(levels.length * K);
  for (let v = 0; v < levels.length; v++) {
    const onLeftEdge = Math.floor(v / C) % width === 0;
    const favourite = !onLeftEdge && known[v - C] ? (levels[v - C]! + 1) % K : 0;
    logits[v * K + favourite] = 2;
  }
  return logits;
};

/**
 * Sure only next to a known left neighbour: there 1 + (left mod (K−1)) by a wide margin, elsewhere
 * uniform over 1…K−1. Never 0, so a drawn pixel never looks like an empty one.
 */
export const frontierModel: Predict = async ({ levels, known, batch, height, width }: PredictInput) => {
  const C = levels.length / (batch * height * width);
  const logits = new Float32Array(levels.length * K);
  for (let v = 0; v < levels.length; v++) {
    logits[v * K] = -Infinity;
    const onLeftEdge = Math.floor(v / C) % width === 0;
    if (!onLeftEdge && known[v - C]) logits[v * K + 1 + (levels[v - C]! % (K - 1))] = 6;
  }
  return logits;
};

/** A model that draws every level equally often: p = 1/K everywhere. */
export const uniformModel: Predict = async ({ levels }) => new Float32Array(levels.length * K);

export function randomImage(width: number, height: number, channels: number, seed = 1): LevelImage {
  const rng = createRng(seed);
  const data = Uint8Array.from({ length: width * height * channels }, () => rng.nextInt(K));
  return { width, height, channels, levels: K, data };
}

export function randomMask(width: number, height: number, seed: number, density = 0.3): Uint8Array {
  const rng = createRng(seed);
  return Uint8Array.from({ length: width * height }, () => (rng.next() < density ? 1 : 0));
}

/** A predict that records what each pass was told is known, then asks `model`. */
export function knownSpy(model: Predict): { predict: Predict; passes: Uint8Array[] } {
  const passes: Uint8Array[] = [];
  return { passes, predict: (input) => (passes.push(input.known.slice()), model(input)) };
}
