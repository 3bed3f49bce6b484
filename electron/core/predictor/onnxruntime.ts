import os from 'node:os';
import * as ort from 'onnxruntime-node';
import path from 'node:path';
import { ONNX_FILE, type LoadedModel } from '../model/load';
import type { GraphBytes } from '../model/variant';
import { createEncoder } from './encode';
import type { Predictor } from './predictor';
import { serialPredictor, type RawLogits } from './serial';

/**
 * Run model.onnx (or the card's int8 graph, `graph`) directly with onnxruntime-node on the CPU, all cores, full graph optimisation.
 * Idle pool threads sleep instead of spinning: between passes the sampler, the UI and the
 * renderer need those cores, and measured here spinning doubled the step time of a busy machine.
 */
export async function createOnnxRuntimePredictor(model: LoadedModel, graph?: GraphBytes): Promise<Predictor> {
  const { bytes, file } = graph ?? { bytes: model.onnxBytes, file: path.join(model.dir, ONNX_FILE) };
  const options: ort.InferenceSession.SessionOptions & { extra: object } = {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: os.availableParallelism(),
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
  const session = await ort.InferenceSession.create(bytes, options);
  const encode = createEncoder(model.card);

  const run = async (input: Parameters<Predictor['predict']>[0]): Promise<RawLogits> => {
    const encoded = encode(input);
    const feeds = {
      x: new ort.Tensor('float32', encoded.x, encoded.shape.x),
      known: new ort.Tensor('float32', encoded.known, encoded.shape.known),
    };
    const { logits } = await session.run(feeds);
    if (!logits || !(logits.data instanceof Float32Array)) throw new Error(`${path.basename(file)} returned no float32 "logits"`);
    return { data: logits.data, dims: logits.dims };
  };

  return serialPredictor('onnxruntime', model, run, () => session.release(), file);
}
