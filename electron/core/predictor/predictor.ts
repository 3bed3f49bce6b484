import type { ModelCard } from '../model/card';
import type { PredictInput } from '../sampler/predict';

/** The inference engines a model can run on. */
export type BackendName = 'tfjs-node-gpu' | 'tfjs-node' | 'onnxruntime' | 'wasm';

export const BACKEND_NAMES: readonly BackendName[] = ['tfjs-node-gpu', 'onnxruntime', 'tfjs-node', 'wasm'];

/** One loaded model on one backend. Holds no state between forward passes. */
export interface Predictor {
  readonly backend: BackendName;
  readonly card: ModelCard;
  /** N·H·W·C·K logits, NHWC; a fresh array the caller owns. */
  predict(input: PredictInput): Promise<Float32Array>;
  /** Free the session or weights; predict must not be called afterwards. */
  dispose(): Promise<void>;
}
