import { sizeMultiple, type ModelCard } from '../model/card';
import type { PredictInput } from '../sampler/predict';

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
  const padded = { levels: new Uint8Array(size), known: new Uint8Array(size), batch: input.batch, height, width };
  copyImage(input.levels, input, padded.levels, padded, channels);
  copyImage(input.known, input, padded.known, padded, channels);
  return padded;
}

function crop(logits: Float32Array, input: PredictInput, height: number, width: number, perPixel: number): Float32Array {
  const out = new Float32Array(input.batch * input.height * input.width * perPixel);
  copyImage(logits, { batch: input.batch, height, width }, out, input, perPixel);
  return out;
}

interface Extent {
  readonly batch: number;
  readonly height: number;
  readonly width: number;
}

/** Copies the top-left overlap of each NHWC image in `from` into `to`, row by row. */
function copyImage<T extends Uint8Array | Float32Array>(from: T, fromSize: Extent, to: T, toSize: Extent, perPixel: number): void {
  const rows = Math.min(fromSize.height, toSize.height);
  const row = Math.min(fromSize.width, toSize.width) * perPixel;
  for (let b = 0; b < fromSize.batch; b++) {
    for (let y = 0; y < rows; y++) {
      const source = ((b * fromSize.height + y) * fromSize.width) * perPixel;
      to.set(from.subarray(source, source + row), ((b * toSize.height + y) * toSize.width) * perPixel);
    }
  }
}
