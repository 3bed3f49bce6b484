import type { PredictInput } from '../predictor/predictor';

export type { PredictInput };

/** The model as the sampler sees it: opaque, only ever called. Returns N·H·W·C·K logits. */
export type Predict = (input: PredictInput) => Promise<Float32Array>;
