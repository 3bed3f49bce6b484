import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadModelFolder } from '../model/load';
import { listModelIds } from '../model/resolve';
import type { PredictInput } from './predictor';
import { createOnnxRuntimePredictor } from './onnxruntime';
import { availableBackends } from './select';
import { createTfjsPredictor } from './tfjs';

const MODELS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../models');
const ids = await listModelIds(MODELS);
const tfjsBackend = (await availableBackends()).some((b) => b.name === 'wasm' && b.available) ? 'wasm' : 'cpu';

/**
 * The bundled models are PyTorch exports; the tfjs backends rebuild them from the card. This holds
 * the two routes to the same logits on the real weights, at the native size and at one the net
 * must pad (a U-Net's sides are multiples of 2^(levels−1)).
 */
describe.each(ids)('shipped model %s', (id) => {
  it(`loads, and onnxruntime and tfjs-${tfjsBackend} agree`, async () => {
    const model = await loadModelFolder(path.join(MODELS, id));
    const onnx = await createOnnxRuntimePredictor(model);
    const tfjs = await createTfjsPredictor(model, tfjsBackend);
    try {
      for (const [height, width] of [[model.card.height, model.card.width], [13, 10]] as const) {
        const input = halfKnown(height, width, model.card.channels, model.card.levels);
        const [a, b] = [await onnx.predict(input), await tfjs.predict(input)];
        expect(a.length).toBe(height * width * model.card.channels * model.card.levels);
        const diff = a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);
        expect(diff, `${height}×${width}`).toBeLessThanOrEqual(1e-4);
      }
    } finally {
      await Promise.all([onnx.dispose(), tfjs.dispose()]);
    }
  }, 60_000);
});

function halfKnown(height: number, width: number, channels: number, levels: number): PredictInput {
  const count = height * width * channels;
  return {
    levels: Uint8Array.from({ length: count }, (_, i) => (i * 7919) % levels),
    known: Uint8Array.from({ length: count }, (_, i) => (Math.floor(i / channels) * 2654435761) % 7 < 4 ? 1 : 0),
    batch: 1,
    height,
    width,
  };
}
