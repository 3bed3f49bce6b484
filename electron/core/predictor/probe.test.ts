import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCardText } from '../model/card';
import { ModelGraphError } from '../model/errors';
import { writeRandomModel, type FixtureOutput } from '../model/testing/fixture';
import type { LoadedModel } from '../model/load';
import { readOnnxGraph } from '../model/onnx-graph';
import { createOnnxRuntimePredictor } from './onnxruntime';
import type { PredictInput } from '../sampler/predict';
import { availableBackends, createPredictor } from './select';
import { serialPredictor } from './serial';

/** Lets a test swap in an onnxruntime predictor whose net emits Concat(logits, logits). */
const sabotage = vi.hoisted(() => ({ on: false, disposed: 0 }));
vi.mock('./onnxruntime', async (importActual) => {
  const actual = await importActual<typeof import('./onnxruntime')>();
  return {
    createOnnxRuntimePredictor: (model: LoadedModel) => {
      if (!sabotage.on) return actual.createOnnxRuntimePredictor(model);
      const perPixel = 2 * model.card.channels * model.card.levels;
      const doubled = async ({ batch, height, width }: PredictInput) => ({ data: new Float32Array(batch * height * width * perPixel), dims: [batch, height, width, perPixel] });
      return serialPredictor('onnxruntime', model, doubled, () => void sabotage.disposed++);
    },
  };
});

const gpuRuns = (await availableBackends()).some((b) => b.name === 'tfjs-node-gpu' && b.available);

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'probe-'));
  sabotage.on = false;
  sabotage.disposed = 0;
});

/** A model folder read without the loader's checks: what onnxruntime would run if the loader missed it. */
async function unchecked(output: FixtureOutput): Promise<LoadedModel> {
  const dir = path.join(root, output);
  await writeRandomModel(dir, { output });
  const onnxBytes = new Uint8Array(await readFile(path.join(dir, 'model.onnx')));
  const card = parseCardText(await readFile(path.join(dir, 'card.json'), 'utf8'), 'card.json');
  return { dir, card, onnxBytes, graph: readOnnxGraph(onnxBytes, 'model.onnx') };
}

const input = (height: number, width: number): PredictInput => ({ levels: new Uint8Array(height * width), known: new Uint8Array(height * width), batch: 1, height, width });

describe('every pass checks the logits against the card', () => {
  it.each([
    ['doubled', '[1, 5, 7, 4] (140 values)'],
    ['nchw', '[1, 2, 5, 7] (70 values)'],
  ] as const)('onnxruntime refuses a net that emits its logits %s', async (output, got) => {
    const model = await unchecked(output);
    const predictor = await createOnnxRuntimePredictor(model);
    try {
      const attempt = predictor.predict(input(5, 7));
      await expect(attempt).rejects.toThrow(ModelGraphError);
      await expect(predictor.predict(input(5, 7))).rejects.toThrow(
        `${path.join(model.dir, 'model.onnx')}: "logits" came out ${got} for a 1×5×7 input; card.json needs [N, H, W, C·K] = [1, 5, 7, 2] (70 values)`,
      );
    } finally {
      await predictor.dispose();
    }
  });

  it('onnxruntime passes a net that emits the card\'s logits', async () => {
    const predictor = await createOnnxRuntimePredictor(await unchecked('nhwc'));
    expect(await predictor.predict(input(5, 7))).toHaveLength(70);
    await predictor.dispose();
  });

  it('refuses logits whose length contradicts their dims (any backend)', async () => {
    const model = await unchecked('nhwc');
    const short = serialPredictor('cpu', model, async () => ({ data: new Float32Array(69), dims: [1, 5, 7, 2] }), () => undefined);
    await expect(short.predict(input(5, 7))).rejects.toThrow('"logits" came out [1, 5, 7, 2] (69 values)');
  });
});

describe('createPredictor runs one probe pass at load', () => {
  it('refuses a net whose real output contradicts the card, as the model\'s fault, and frees it', async () => {
    const dir = path.join(root, 'liar');
    await writeRandomModel(dir);
    sabotage.on = true;
    const requested = createPredictor(dir, { backend: 'onnxruntime', env: {} });
    await expect(requested).rejects.toThrow(ModelGraphError);
    await expect(createPredictor(dir, { backend: 'onnxruntime', env: {} })).rejects.toThrow('"logits" came out [1, 3, 4, 4] (48 values) for a 1×3×4 input');
    expect(sabotage.disposed).toBe(2);
  });

  // auto tries tfjs-node-gpu first; where it runs, onnxruntime is never reached
  it.skipIf(gpuRuns)('does not skip to another backend under auto: the model, not the backend, is at fault', async () => {
    const dir = path.join(root, 'liar');
    await writeRandomModel(dir);
    sabotage.on = true;
    await expect(createPredictor(dir, { backend: 'auto', env: {} })).rejects.toThrow(ModelGraphError);
  });
});
