import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRandomModel } from '../model/testing/fixture';
import { loadModelFolder } from '../model/load';
import { createOnnxRuntimePredictor } from './onnxruntime';

describe('onnxruntime predictor', () => {
  it('gives overlapping predicts their own inputs and fresh outputs', async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ort-')), 'm');
    await writeRandomModel(dir, { levels: 4 });
    const predictor = await createOnnxRuntimePredictor(await loadModelFolder(dir));
    const input = (level: number) => ({ levels: new Uint8Array(64).fill(level), known: new Uint8Array(64).fill(1), batch: 1, height: 8, width: 8 });
    try {
      const one = await predictor.predict(input(1));
      const two = await predictor.predict(input(2));
      // launched together: the shared input buffer must not be overwritten mid-run
      const [a, b] = await Promise.all([predictor.predict(input(1)), predictor.predict(input(2))]);
      expect(a).toEqual(one);
      expect(b).toEqual(two);
      expect(a).not.toEqual(b);
      expect(a.buffer).not.toBe(one.buffer);
    } finally {
      await predictor.dispose();
    }
    await expect(predictor.predict(input(0))).rejects.toThrow('after dispose');
  });
});
