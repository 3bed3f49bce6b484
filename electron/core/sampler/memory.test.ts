import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { writeRandomModel } from '../model/testing/fixture';
import { loadModelFolder } from '../model/load';
import { createOnnxRuntimePredictor } from '../predictor/onnxruntime';
import type { Predictor } from '../predictor/predictor';
import { createTfjsPredictor } from '../predictor/tfjs';
import { annealedGibbs } from './gibbs';
import { DEFAULT_PARAMS } from './params';
import { chainRngs } from './rng';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers; // typed arrays live outside the JS heap
}

/** Live tfjs tensors (0 while no tfjs backend is active: the onnxruntime case). */
const tensorCount = (): number => (tf.getBackend() ? tf.memory().numTensors : 0);

/** Runs `steps` Gibbs steps in one chain, keeping no frames, and reports heap and tensors at checkpoints. */
async function longChain(predictor: Pick<Predictor, 'card' | 'predict'>, steps: number) {
  const { height, width, channels, levels } = predictor.card;
  const image = { width, height, channels, levels, data: new Uint8Array(width * height * channels) };
  const mask = new Uint8Array(width * height).fill(1);
  const samples: { heap: number; tensors: number }[] = [];
  let at = 0;
  const checkpoints = new Set([1000, 2000, 3000, steps - 1]); // after warm-up (JIT, pools)
  const probe: Predictor['predict'] = async (x) => {
    if (checkpoints.has(at++)) samples.push({ heap: await heapAfterGc(), tensors: tensorCount() });
    return predictor.predict(x);
  };
  await annealedGibbs(probe, image, mask, { ...DEFAULT_PARAMS, steps, alphaMin: 0.3 }, { rngs: chainRngs(1, 1), onStep: () => {} });
  return samples;
}

describe('a long chain leaks nothing', () => {
  const steps = 4000;

  it.each(['onnxruntime', 'cpu', 'wasm'] as const)(`%s: heap and tensor count stay flat over ${steps} steps`, async (backend) => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'leak-')), 'leak');
    await writeRandomModel(dir, { height: 8, width: 8, channels: 3, levels: 4, features: 8, blocks: 1 });
    const model = await loadModelFolder(dir);
    const predictor = backend === 'onnxruntime' ? await createOnnxRuntimePredictor(model) : await createTfjsPredictor(model, backend);
    const tensorsBefore = backend === 'onnxruntime' ? 0 : tensorCount() - 2 * 4; // the fixture's 4 convs hold a weight and a bias each
    try {
      const samples = await longChain(predictor, steps);
      expect(samples).toHaveLength(4); // fewer checkpoints would make the comparisons below vacuous
      expect(new Set(samples.map((x) => x.tensors)).size).toBe(1);
      // heap after GC wanders by a few hundred KB; leaking one 8×8×3×4 logits array (3 KB) a step
      // would add 9 MB between the first and the last checkpoint
      const heaps = samples.map((x) => x.heap);
      expect(Math.max(...heaps) - Math.min(...heaps)).toBeLessThan(1024 * 1024);
    } finally {
      await predictor.dispose();
    }
    expect(tensorCount()).toBe(tensorsBefore);
  });
});
