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

/** The model as the sampler sees it: opaque, only ever called. Returns N·H·W·C·K logits. */
export type Predict = (input: PredictInput) => Promise<Float32Array>;
