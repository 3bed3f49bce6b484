import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeRandomModel } from '../model/testing/fixture';
import { loadModelFolder, type LoadedModel } from '../model/load';
import { createTfjsPredictor } from './tfjs';
import { oihwToHwio } from './tfjs-net';
import { loadTfjsBackend } from './tfjs-engine';

let model: LoadedModel;
beforeAll(async () => {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'tfjs-')), 'leak');
  await writeRandomModel(dir, { channels: 3, levels: 4, blocks: 2 });
  model = await loadModelFolder(dir);
});

const input = (batch: number) => {
  const count = batch * 8 * 8 * 3;
  return {
    levels: Uint8Array.from({ length: count }, (_, i) => i % 4),
    known: Uint8Array.from({ length: count }, (_, i) => i % 3 && 1),
    batch,
    height: 8,
    width: 8,
  };
};

describe.each(['cpu', 'wasm'] as const)('tfjs predictor on %s', (backend) => {
  it('keeps tf.memory().numTensors flat across predicts and frees its weights on dispose', async () => {
    await loadTfjsBackend(backend); // tf.memory() needs a backend
    const before = tf.memory().numTensors;
    const predictor = await createTfjsPredictor(model, backend);
    const withWeights = tf.memory().numTensors;
    expect(withWeights - before).toBe(2 * 6); // stem, 2 blocks × 2, head: filter + bias each
    for (let i = 0; i < 20; i++) await predictor.predict(input(1 + (i % 3)));
    expect(tf.memory().numTensors).toBe(withWeights);
    await predictor.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(predictor.predict(input(1))).rejects.toThrow('after dispose');
  });

  it('returns a fresh array per call, unchanged by later calls', async () => {
    const predictor = await createTfjsPredictor(model, backend);
    try {
      const first = await predictor.predict(input(1));
      const copy = first.slice();
      await predictor.predict({ ...input(1), known: new Uint8Array(8 * 8 * 3) });
      expect(first).toEqual(copy);
    } finally {
      await predictor.dispose();
    }
  });
});

describe('oihwToHwio', () => {
  it('moves weight [o, i, y, x] to [y, x, i, o]', () => {
    // o=2, i=3, k=2: value encodes its OIHW index as o·1000 + i·100 + y·10 + x
    const oihw = Float32Array.from({ length: 24 }, (_, n) => {
      const [o, i, y, x] = [Math.floor(n / 12), Math.floor(n / 4) % 3, Math.floor(n / 2) % 2, n % 2];
      return o * 1000 + i * 100 + y * 10 + x;
    });
    const hwio = oihwToHwio(oihw, 2, 3, 2, 2);
    // [y=1, x=0, i=2, o=1] sits at ((1·2 + 0)·3 + 2)·2 + 1
    expect(hwio[((1 * 2 + 0) * 3 + 2) * 2 + 1]).toBe(1210);
  });
});
