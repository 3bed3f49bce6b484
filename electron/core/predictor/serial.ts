import type { ModelCard } from '../model/card';
import { withPadding } from './pad';
import type { PredictInput } from './predictor';

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
 * take are padded (pad.ts).
 */
export function serialPredictor<B extends string>(
  backend: B,
  card: ModelCard,
  run: (input: PredictInput) => Promise<Float32Array>,
  release: () => Promise<void> | void,
): { readonly backend: B; readonly card: ModelCard; predict(input: PredictInput): Promise<Float32Array>; dispose(): Promise<void> } {
  const serial = createSerialQueue();
  const forward = withPadding(card, run);
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
