import type { ModelCard } from '../model/card';

/** The inference engines a model can run on. */
export type BackendName = 'tfjs-node-gpu' | 'tfjs-node' | 'onnxruntime' | 'wasm';

export const BACKEND_NAMES: readonly BackendName[] = ['tfjs-node-gpu', 'onnxruntime', 'tfjs-node', 'wasm'];

/** What the sampler hands the model: a batch of level images and which values are known. */
export interface PredictInput {
  /** N·H·W·C category indices 0…K−1, channel-last. */
  levels: Uint8Array;
  /** N·H·W·C flags: 1 = the value is context, 0 = predict it. */
  known: Uint8Array;
  batch: number;
  height: number;
  width: number;
}

/** One loaded model on one backend. Holds no state between forward passes. */
export interface Predictor {
  readonly backend: BackendName;
  readonly card: ModelCard;
  /** N·H·W·C·K logits, NHWC; a fresh array the caller owns. */
  predict(input: PredictInput): Promise<Float32Array>;
  /** Free the session or weights; predict must not be called afterwards. */
  dispose(): Promise<void>;
}
