import type { ModelCard } from '../model/card';
import type { PredictInput } from '../sampler/predict';

type Shape4 = [number, number, number, number];

/** The net's float inputs, NHWC: `x` is [N, H, W, C·E], `known` is [N, H, W, C]. */
export interface EncodedInput {
  readonly x: Float32Array;
  readonly known: Float32Array;
  readonly shape: { readonly x: Shape4; readonly known: Shape4 };
}

/** Turns levels + known flags into the contract's encoded input. */
export type Encoder = (input: PredictInput) => EncodedInput;

/**
 * Build an encoder for the card's encoding (onehot or scalar). It reuses its buffers between
 * calls — it runs on every Gibbs step — so the result is only valid until the next call.
 */
export function createEncoder(card: ModelCard): Encoder {
  const channels = card.channels;
  const levels = card.levels;
  const onehot = card.input.encoding === 'onehot';
  const slots = onehot ? levels : 1;
  let x = new Float32Array(0);
  let known = new Float32Array(0);
  // one-hot: the slot each variable set last call, so clearing costs N·H·W·C, not N·H·W·C·K
  let lastSlot = new Int32Array(0);

  return (input) => {
    const count = checkInput(input, channels);
    if (known.length !== count) {
      x = new Float32Array(count * slots);
      known = new Float32Array(count);
      lastSlot = new Int32Array(count).fill(-1);
    }
    if (onehot) encodeOnehot(input, levels, x, known, lastSlot);
    else encodeScalar(input, levels, x, known);
    const { batch: n, height: h, width: w } = input;
    return { x, known, shape: { x: [n, h, w, channels * slots], known: [n, h, w, channels] } };
  };
}

/** x[i·K + v] = known[i] for level v; every other slot 0. */
function encodeOnehot(input: PredictInput, levels: number, x: Float32Array, known: Float32Array, lastSlot: Int32Array): void {
  const { levels: values, known: flags } = input;
  for (let i = 0; i < flags.length; i++) {
    const previous = lastSlot[i] as number;
    if (previous >= 0) x[previous] = 0;
    const v = values[i] as number;
    if (v >= levels) throw new RangeError(`level ${v} at index ${i} is outside 0…${levels - 1}`);
    if (flags[i]) {
      const slot = i * levels + v;
      x[slot] = 1;
      lastSlot[i] = slot;
      known[i] = 1;
    } else {
      lastSlot[i] = -1;
      known[i] = 0;
    }
  }
}

/** x[i] = known[i] · v / (K − 1). */
function encodeScalar(input: PredictInput, levels: number, x: Float32Array, known: Float32Array): void {
  const { levels: values, known: flags } = input;
  const scale = 1 / (levels - 1);
  for (let i = 0; i < flags.length; i++) {
    const v = values[i] as number;
    if (v >= levels) throw new RangeError(`level ${v} at index ${i} is outside 0…${levels - 1}`);
    const k = flags[i] ? 1 : 0;
    known[i] = k;
    x[i] = k * v * scale;
  }
}

function checkInput(input: PredictInput, channels: number): number {
  const { batch, height, width } = input;
  if (![batch, height, width].every((n) => Number.isInteger(n) && n > 0)) {
    throw new RangeError(`batch, height and width must be positive integers, got ${batch}, ${height}, ${width}`);
  }
  const count = batch * height * width * channels;
  if (input.levels.length !== count || input.known.length !== count) {
    throw new RangeError(
      `levels and known must hold N·H·W·C = ${count} values, got ${input.levels.length} and ${input.known.length}`,
    );
  }
  return count;
}
