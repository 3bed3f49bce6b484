import path from 'node:path';
import type { ModelCard } from '../model/card';
import { ModelGraphError } from '../model/errors';
import { logitsDims, ONNX_FILE, type LoadedModel } from '../model/load';
import { withPadding } from './pad';
import type { PredictInput } from '../sampler/predict';

/** What a backend's forward pass returns: the logits and the dims the net gave them. */
export interface RawLogits {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** Runs async tasks one at a time, in call order (a failed task does not stop the next). */
export type SerialQueue = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * Backends reuse their input buffers, and onnxruntime reads them on its own threads while
 * `run` is pending, so overlapping predicts must wait for each other.
 */
export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task, task);
    tail = result.catch(() => undefined);
    return result;
  };
}

/**
 * The Predictor shape both backends share: predicts and dispose run one at a time, in call order;
 * `release` frees the session or weights once, and predict fails after it. Sizes a U-Net cannot
 * take are padded (pad.ts). Every pass's logits are checked against the card, so a net that
 * emits another shape fails loudly instead of being read as the card's layout; errors name
 * `file`, the graph that runs (model.onnx unless a variant).
 */
export function serialPredictor<B extends string>(
  backend: B,
  model: LoadedModel,
  run: (input: PredictInput) => Promise<RawLogits>,
  release: () => Promise<void> | void,
  file = path.join(model.dir, ONNX_FILE),
): { readonly backend: B; readonly card: ModelCard; predict(input: PredictInput): Promise<Float32Array>; dispose(): Promise<void> } {
  const { card } = model;
  const serial = createSerialQueue();
  const forward = withPadding(card, async (input) => checkedLogits(await run(input), input, card, file));
  let disposed = false;
  return {
    backend,
    card,
    predict: (input) =>
      serial(() => {
        if (disposed) throw new Error('predict called after dispose');
        return forward(input);
      }),
    dispose: () =>
      serial(async () => {
        if (disposed) return;
        disposed = true;
        await release();
      }),
  };
}

/** The logits when they are [N, H, W, C·K] and hold that many values; else a ModelGraphError naming the graph's file. */
export function checkedLogits({ data, dims }: RawLogits, input: PredictInput, card: ModelCard, file: string): Float32Array {
  const want = logitsDims(card, input);
  const count = want.reduce((a, b) => a * b, 1);
  if (dims.join() !== want.join() || data.length !== count) {
    const size = `${input.batch}×${input.height}×${input.width}`;
    throw new ModelGraphError(file, 'logits', `came out [${dims.join(', ')}] (${data.length} values) for a ${size} input; card.json needs [N, H, W, C·K] = [${want.join(', ')}] (${count} values)`);
  }
  return data;
}
