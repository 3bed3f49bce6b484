import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { fixtureCard, FIXTURE_DEFAULTS, modelOnnx, randomWeights, writeRandomModel, writeVariant } from '../model/testing/fixture';
import { ModelCardError, ModelFolderError, ModelGraphError } from '../model/errors';
import type { PredictInput } from '../sampler/predict';
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

describe('createPredictor with the int8 variant', () => {
  let root: string;
  let withVariant: string;
  /** A folder whose model.onnx holds the variant's weights: what the int8 graph must predict. */
  let sameAsVariant: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'select-int8-'));
    withVariant = path.join(root, 'tiny');
    await writeVariant(withVariant, await writeRandomModel(withVariant), 99);
    sameAsVariant = path.join(root, 'other', 'tiny');
    await writeRandomModel(sameAsVariant, { seed: 99 });
  });
  const input: PredictInput = { levels: new Uint8Array(64).fill(1), known: new Uint8Array(64).fill(1, 0, 32), batch: 1, height: 8, width: 8 };
  const predictOnce = async (dir: string, options: Parameters<typeof createPredictor>[1]) => {
    const opened = await createPredictor(dir, { env: noEnv, ...options });
    try {
      return { ...opened, logits: await opened.predictor.predict(input) };
    } finally {
      await opened.predictor.dispose();
    }
  };

  it('runs the card’s int8 file on onnxruntime when asked, and says so', async () => {
    const int8 = await predictOnce(withVariant, { backend: 'onnxruntime', precision: 'int8' });
    expect(int8.precision).toBe('int8');
    expect(int8.reason).toBe('onnxruntime: requested by the backend option; int8 graph');
    expect(int8.logits).toEqual((await predictOnce(sameAsVariant, { backend: 'onnxruntime' })).logits);
    const fp32 = await predictOnce(withVariant, { backend: 'onnxruntime' });
    expect(fp32.precision).toBe('fp32');
    expect(fp32.reason).toBe('onnxruntime: requested by the backend option');
    expect(fp32.logits).not.toEqual(int8.logits);
  });

  it('auto on onnxruntime takes it too', async () => {
    const opened = await predictOnce(withVariant, { precision: 'int8' });
    if (opened.backend === 'onnxruntime') expect(opened).toMatchObject({ precision: 'int8', reason: expect.stringMatching(/; int8 graph$/) as unknown });
    else expect(opened.precision).toBe('fp32');
  });

  it('the tfjs backends ignore it and say so once', async () => {
    const opened = await predictOnce(withVariant, { backend: 'wasm', precision: 'int8' });
    expect(opened.precision).toBe('fp32');
    expect(opened.reason).toBe('wasm: requested by the backend option; int8 graph ignored (only onnxruntime runs it; wasm runs model.onnx, fp32)');
    expect(opened.logits).not.toEqual((await predictOnce(sameAsVariant, { backend: 'wasm' })).logits);
  });

  it('refuses int8 for a model without the variant, in one line', async () => {
    await expect(createPredictor(dir, { backend: 'onnxruntime', precision: 'int8', env: noEnv })).rejects.toThrow(ModelCardError);
    await expect(createPredictor(dir, { backend: 'wasm', precision: 'int8', env: noEnv })).rejects.toThrow(
      `${path.join(dir, 'card.json')}: "variants.int8" is missing: model "tiny" has no int8 graph (use fp32)`,
    );
  });

  it('a missing variant file is the model’s fault, not the backend’s: refused, fp32 unaffected', async () => {
    const broken = path.join(root, 'broken', 'tiny');
    await writeVariant(broken, await writeRandomModel(broken));
    await rm(path.join(broken, 'model.int8.onnx'));
    await expect(createPredictor(broken, { backend: 'onnxruntime', precision: 'int8', env: noEnv })).rejects.toThrow(
      new ModelFolderError(path.join(broken, 'model.int8.onnx'), undefined, 'is missing'),
    );
    expect((await predictOnce(broken, { backend: 'onnxruntime' })).precision).toBe('fp32');
  });

  it('a variant onnxruntime cannot open is the model’s fault too, not a reason to try another backend', async () => {
    const broken = path.join(root, 'unrunnable', 'tiny');
    const card = await writeRandomModel(broken);
    await writeVariant(broken, card);
    // the card's interface, but weights of a narrower net than its convs' shapes say
    const narrow = fixtureCard('tiny', { ...FIXTURE_DEFAULTS, features: 4 });
    await writeFile(path.join(broken, 'model.int8.onnx'), modelOnnx(card, randomWeights(narrow, 5)));
    for (const backend of ['onnxruntime', 'auto'] as const) {
      const attempt = createPredictor(broken, { backend, precision: 'int8', env: noEnv });
      await expect(attempt).rejects.toThrow(ModelGraphError);
      await expect(createPredictor(broken, { backend, precision: 'int8', env: noEnv })).rejects.toThrow(`${path.join(broken, 'model.int8.onnx')}: does not run on onnxruntime (`);
    }
  });
});

describe('availableBackends', () => {
  it('lists every backend once, in auto order, with a reason', async () => {
    expect(backends.map((b) => b.name)).toEqual(['tfjs-node-gpu', 'onnxruntime', 'tfjs-node', 'wasm']);
    expect(backends.every((b) => b.reason.length > 0)).toBe(true);
    expect(backends.find((b) => b.name === 'onnxruntime')?.available).toBe(true);
  });
});
