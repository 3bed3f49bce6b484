import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadModelFolder } from '../model/load';
import { listModelIds } from '../model/resolve';
import type { PredictInput } from '../sampler/predict';
import { createOnnxRuntimePredictor } from './onnxruntime';
import { availableBackends, createPredictor } from './select';
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

/** The bundled int8 graphs (docs/quantisation.md): onnxruntime runs them, and their distributions stay near fp32's. */
describe.each(ids)('shipped model %s, int8 variant', (id) => {
  it('opens on onnxruntime and predicts close to model.onnx, yet not the same graph', async () => {
    const dir = path.join(MODELS, id);
    const { card } = await loadModelFolder(dir);
    if (!card.variants.int8) return expect(card.variants).toEqual({});
    const fp32 = await createPredictor(dir, { backend: 'onnxruntime', env: {} });
    const int8 = await createPredictor(dir, { backend: 'onnxruntime', precision: 'int8', env: {} });
    try {
      expect([fp32.precision, int8.precision]).toEqual(['fp32', 'int8']);
      const input = halfKnown(card.height, card.width, card.channels, card.levels);
      const [a, b] = [softmax(await fp32.predictor.predict(input), card.levels), softmax(await int8.predictor.predict(input), card.levels)];
      // mean total variation distance between the two graphs' distributions of a value, on this
      // noise input (no real image): measured 0.034 for emoji-64, under 0.02 for mnist-binary-28
      const tv = a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] as number)), 0) / 2 / (a.length / card.levels);
      expect(tv).toBeGreaterThan(0);
      expect(tv).toBeLessThan(0.05);
    } finally {
      await Promise.all([fp32.predictor.dispose(), int8.predictor.dispose()]);
    }
  }, 60_000);
});

function softmax(logits: Float32Array, levels: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let at = 0; at < logits.length; at += levels) {
    const row = logits.subarray(at, at + levels);
    const top = Math.max(...row);
    let sum = 0;
    for (let k = 0; k < levels; k++) sum += out[at + k] = Math.exp((row[k] as number) - top);
    for (let k = 0; k < levels; k++) out[at + k]! /= sum;
  }
  return out;
}

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
