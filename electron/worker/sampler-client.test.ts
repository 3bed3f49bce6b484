import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SampleJob } from '../core/job/protocol';
import { writeRandomModel } from '../core/model/testing/fixture';
import type { GibbsStep } from '../core/sampler/gibbs';
import { BASELINE_PARAMS } from '../core/sampler/params';
import { SamplerClient } from './sampler-client';

let client: SamplerClient;
let modelDir: string;
const W = 12;

const job = (overrides: Partial<SampleJob> = {}): SampleJob => ({
  image: { width: W, height: W, channels: 1, levels: 4, data: new Uint8Array(W * W) },
  mask: new Uint8Array(W * W).fill(1),
  params: { ...BASELINE_PARAMS, steps: 50 },
  chains: 2,
  seed: 9,
  ...overrides,
});

beforeAll(async () => {
  modelDir = path.join(await mkdtemp(path.join(tmpdir(), 'client-')), 'grey4');
  await writeRandomModel(modelDir, { height: W, width: W, channels: 1, levels: 4, features: 8, blocks: 1 });
  client = await SamplerClient.start(modelDir, 'onnxruntime');
});

afterAll(() => client.close());

describe('SamplerClient (the job API on a worker thread)', () => {
  it('reports the model and backend it loaded', () => {
    expect(client.info.backend).toBe('onnxruntime');
    expect(client.info.card.id).toBe('grey4');
  });

  it('streams the initial fill and every step, then the result; the same seed gives the same chain', async () => {
    const steps: GibbsStep[] = [];
    let inits = 0;
    const result = await client.sample(job(), { onInit: () => inits++, onStep: (s) => steps.push(s) }).done;
    expect(inits).toBe(1);
    expect(steps.map((s) => s.n)).toEqual([...Array(50).keys()]);
    expect(steps[49]!.image).toEqual(result.image);
    expect(result.image).toHaveLength(2 * W * W);
    const again = await client.sample(job()).done;
    expect(again.image).toEqual(result.image);
  });

  it.each(['confidence', 'entropy', 'ancestral-budget'] as const)('runs the %s sampler a job names on the real model: its passes, then its Gibbs steps, the context kept', async (sampler) => {
    const image = { ...job().image, data: Uint8Array.from({ length: W * W }, (_, i) => i % 4) };
    const mask = new Uint8Array(W * W).fill(1, 4 * W, 8 * W); // rows 4 to 7
    const steps: GibbsStep[] = [];
    const result = await client.sample(job({ image, mask, params: { ...BASELINE_PARAMS, sampler, steps: 6, refine: 1 } }), { onStep: (s) => steps.push(s) }).done;
    expect(steps.map((s) => s.n)).toEqual([...Array(7).keys()]);
    expect(steps.slice(0, 6).reduce((n, s) => n + s.blockSize[0]!, 0)).toBe(4 * W); // the fill commits the hole once
    expect(result).toMatchObject({ stepsDone: 7, steps: 7, cancelled: false });
    for (let b = 0; b < 2; b++) {
      for (let i = 0; i < W * W; i++) if (!mask[i]) expect(result.image[b * W * W + i]).toBe(image.data[i]);
    }
  });

  it('cancels mid-chain, keeping the frames so far', async () => {
    const steps: GibbsStep[] = [];
    const run = client.sample(job({ params: { ...BASELINE_PARAMS, steps: 100_000 } }), {
      onStep: (s) => {
        steps.push(s);
        if (s.n === 20) run.cancel();
      },
    });
    const result = await run.done;
    expect(result.cancelled).toBe(true);
    expect(result.stepsDone).toBe(steps.length);
    expect(result.image).toEqual(steps.at(-1)!.image);
  });

  it('rejects a bad job with a clear message and keeps serving', async () => {
    await expect(client.sample(job({ params: { ...BASELINE_PARAMS, eta: Number.NaN } })).done).rejects.toThrow('eta must be a finite number > 0, got NaN');
    await expect(client.sample(job({ mask: new Uint8Array(3) })).done).rejects.toThrow('the mask holds 3 pixels but the image has 144');
    await expect(client.sample(job({ image: { ...job().image, levels: 2 } })).done).rejects.toThrow(/expects 1 of 4/);
    const ok = await client.sample(job({ params: { ...BASELINE_PARAMS, steps: 3 } })).done;
    expect(ok.stepsDone).toBe(3);
  });

  // terminate() during an onnxruntime call aborts the whole process (seen in CI), so close is a request
  it('closes mid-chain again and again: runs end as cancelled, the thread ends, the process lives', async () => {
    for (let i = 0; i < 6; i++) {
      const other = await SamplerClient.start(modelDir, 'onnxruntime');
      let started!: () => void;
      const stepping = new Promise<void>((resolve) => (started = resolve));
      const run = other.sample(job({ params: { ...BASELINE_PARAMS, steps: 100_000 } }), { onStep: () => started() });
      await stepping;
      await other.close();
      const result = await run.done;
      expect(result.cancelled).toBe(true);
      expect(result.stepsDone).toBeGreaterThan(0);
    }
  });

  it('refuses a model folder it cannot load', async () => {
    await expect(SamplerClient.start('/no/such/model')).rejects.toThrow('/no/such/model: is not a model folder');
  });
});
