import * as tf from '@tensorflow/tfjs-core';
import type { LoadedModel } from '../model/load';
import { createEncoder } from './encode';
import type { PredictInput } from '../sampler/predict';
import type { Predictor } from './predictor';
import { serialPredictor, type RawLogits } from './serial';
import { activate, loadTfjsBackend, type TfjsBackend } from './tfjs-engine';
import { buildTfjsNet } from './tfjs-net';

/** A predictor on a tfjs backend ('cpu' only in tests: it is not a BackendName). */
export type TfjsPredictor<B extends TfjsBackend> = Omit<Predictor, 'backend'> & { readonly backend: B };

/**
 * Load the tfjs backend (throws why it cannot run here) and build the net on it. tfjs has one
 * global engine: predict re-activates this backend if another tfjs predictor switched it.
 */
export async function createTfjsPredictor<B extends TfjsBackend>(model: LoadedModel, backend: B): Promise<TfjsPredictor<B>> {
  await loadTfjsBackend(backend);
  await activate(backend);
  const net = buildTfjsNet(model.card, model.graph);
  const encode = createEncoder(model.card);
  const run = async (input: PredictInput): Promise<RawLogits> => {
    await activate(backend);
    const logits = tf.tidy(() => {
      const encoded = encode(input);
      return net.forward(tf.tensor4d(encoded.x, encoded.shape.x), tf.tensor4d(encoded.known, encoded.shape.known));
    });
    try {
      return { data: (await logits.data()) as Float32Array, dims: logits.shape };
    } finally {
      logits.dispose();
    }
  };

  return serialPredictor(backend, model, run, () => net.dispose());
}
