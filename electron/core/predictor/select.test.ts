import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeRandomModel } from '../model/fixture';
import { ModelFolderError } from '../model/errors';
import { availableBackends, BackendUnavailableError, createPredictor, parseBackendName } from './select';

let dir: string;
beforeAll(async () => {
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'select-')), 'tiny');
  await writeRandomModel(dir);
});
const noEnv = {};
/** Probed once, before the tests are collected, so a test that needs a missing backend can be skipped by name. */
const backends = await availableBackends();
const missing = backends.find((b) => !b.available);

describe('createPredictor', () => {
  it('auto picks the first available backend and says why', async () => {
    const available = backends.filter((b) => b.available);
    const opened = await createPredictor(dir, { env: noEnv });
    try {
      expect(opened.backend).toBe(available[0]?.name);
      expect(opened.predictor.backend).toBe(opened.backend);
      expect(opened.reason).toMatch(new RegExp(`^${opened.backend}: auto \\(`));
      if (opened.backend !== 'tfjs-node-gpu') expect(opened.reason).toContain('skipped tfjs-node-gpu: ');
    } finally {
      await opened.predictor.dispose();
    }
  });

  it('takes the backend from the option, then from GIBBS_BACKEND', async () => {
    const fromOption = await createPredictor(dir, { backend: 'wasm', env: { GIBBS_BACKEND: 'onnxruntime' } });
    expect(fromOption.backend).toBe('wasm');
    expect(fromOption.reason).toBe('wasm: requested by the backend option');
    await fromOption.predictor.dispose();
    // an explicit 'auto' (the app's default) still lets the env var decide
    const fromEnv = await createPredictor(dir, { backend: 'auto', env: { GIBBS_BACKEND: 'onnxruntime' } });
    expect(fromEnv.predictor.backend).toBe('onnxruntime');
    expect(fromEnv.reason).toBe('onnxruntime: requested by GIBBS_BACKEND');
    await fromEnv.predictor.dispose();
  });

  it('rejects an unknown backend name, listing the valid ones', async () => {
    await expect(createPredictor(dir, { env: { GIBBS_BACKEND: 'cuda' } })).rejects.toThrow(
      'unknown backend "cuda" from GIBBS_BACKEND; valid: auto, tfjs-node-gpu, onnxruntime, tfjs-node, wasm',
    );
    expect(() => parseBackendName('tfjs')).toThrow(RangeError);
  });

  // where every backend loads there is nothing to refuse: reported as skipped, not passed
  it.skipIf(!missing)('says why a requested backend cannot run', async () => {
    const { name, reason } = missing!;
    const attempt = createPredictor(dir, { backend: name, env: noEnv });
    await expect(attempt).rejects.toThrow(BackendUnavailableError);
    await expect(createPredictor(dir, { backend: name, env: noEnv })).rejects.toThrow(
      `backend "${name}" was requested by the backend option but cannot run here: ${reason}`,
    );
  });

  it('passes model folder errors through', async () => {
    await expect(createPredictor(path.join(dir, '..', 'missing'), { env: noEnv })).rejects.toThrow('is not a model folder');
    await expect(createPredictor(path.dirname(dir), { env: noEnv })).rejects.toThrow(ModelFolderError);
  });
});

describe('availableBackends', () => {
  it('lists every backend once, in auto order, with a reason', async () => {
    expect(backends.map((b) => b.name)).toEqual(['tfjs-node-gpu', 'onnxruntime', 'tfjs-node', 'wasm']);
    expect(backends.every((b) => b.reason.length > 0)).toBe(true);
    expect(backends.find((b) => b.name === 'onnxruntime')?.available).toBe(true);
  });
});
