import os from 'node:os';
import * as ort from 'onnxruntime-node';
import type { LoadedModel } from '../model/load';
import { createEncoder } from './encode';
import type { Predictor } from './predictor';
import { serialPredictor, type RawLogits } from './serial';

/**
 * Run model.onnx directly with onnxruntime-node on the CPU, all cores, full graph optimisation.
 * Idle pool threads sleep instead of spinning: between passes the sampler, the UI and the
 * renderer need those cores, and measured here spinning doubled the step time of a busy machine.
 */
export async function createOnnxRuntimePredictor(model: LoadedModel): Promise<Predictor> {
  const options: ort.InferenceSession.SessionOptions & { extra: object } = {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: os.availableParallelism(),
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
  const session = await ort.InferenceSession.create(model.onnxBytes, options);
  const encode = createEncoder(model.card);

  const run = async (input: Parameters<Predictor['predict']>[0]): Promise<RawLogits> => {
    const encoded = encode(input);
    const feeds = {
      x: new ort.Tensor('float32', encoded.x, encoded.shape.x),
      known: new ort.Tensor('float32', encoded.known, encoded.shape.known),
    };
    const { logits } = await session.run(feeds);
    if (!logits || !(logits.data instanceof Float32Array)) throw new Error('model.onnx returned no float32 "logits"');
    return { data: logits.data, dims: logits.dims };
  };

  return serialPredictor('onnxruntime', model, run, () => session.release());
}
