import { sizeMultiple, type ModelCard } from '../model/card';
import type { PredictInput } from './predictor';

/**
 * A U-Net halves H and W at each level, so an image whose sides are not multiples of
 * 2^(levels−1) runs padded at the bottom and right. The padding is unknown (known = 0): to an
 * orderless NADE it is only more variables to marginalise over. Its logits are cropped off.
 */
export function withPadding(
  card: ModelCard,
  run: (input: PredictInput) => Promise<Float32Array>,
): (input: PredictInput) => Promise<Float32Array> {
  const multiple = sizeMultiple(card.architecture);
  if (multiple === 1) return run;
  return async (input) => {
    const height = roundUp(input.height, multiple);
    const width = roundUp(input.width, multiple);
    if (height === input.height && width === input.width) return run(input);
    const padded = await run(padInput(input, height, width, card.channels));
    return crop(padded, input, height, width, card.channels * card.levels);
  };
}

const roundUp = (n: number, multiple: number) => Math.ceil(n / multiple) * multiple;

function padInput(input: PredictInput, height: number, width: number, channels: number): PredictInput {
  const size = input.batch * height * width * channels;
  const levels = new Uint8Array(size);
  const known = new Uint8Array(size);
  const row = input.width * channels;
  for (let b = 0; b < input.batch; b++) {
    for (let y = 0; y < input.height; y++) {
      const from = (b * input.height + y) * row;
      const to = (b * height + y) * width * channels;
      levels.set(input.levels.subarray(from, from + row), to);
      known.set(input.known.subarray(from, from + row), to);
    }
  }
  return { levels, known, batch: input.batch, height, width };
}

function crop(logits: Float32Array, input: PredictInput, height: number, width: number, perPixel: number): Float32Array {
  const out = new Float32Array(input.batch * input.height * input.width * perPixel);
  const row = input.width * perPixel;
  for (let b = 0; b < input.batch; b++) {
    for (let y = 0; y < input.height; y++) {
      const from = (b * height + y) * width * perPixel;
      out.set(logits.subarray(from, from + row), (b * input.height + y) * row);
    }
  }
  return out;
}
