import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { GibbsStep } from '../../../electron/core/sampler/gibbs';
import { DEFAULT_PARAMS } from '../../../electron/core/sampler/params';
import { installFakeApi } from '../testing/fake-api';
import { MAX_RUNS, useChainStore } from './chain';

const fake = installFakeApi();
const W = 4;
const image = { width: W, height: 1, channels: 1, levels: 2, data: new Uint8Array(W) };
const mask = new Uint8Array([1, 1, 0, 0]);
const frame = (v: number) => new Uint8Array(W).fill(v);
const step = (n: number, steps = 3): GibbsStep => ({ n, steps, alpha: 0.9 - n / 10, blockSize: [1], meanLogProb: [-n], image: frame(n % 2) });
const settle = () => new Promise((r) => setTimeout(r, 25)); // the store redraws at most once per frame

describe('chain store', () => {
  let chain: ReturnType<typeof useChainStore>;
  const start = () => chain.start({ image, mask, params: { ...DEFAULT_PARAMS }, seed: 5, chains: 1, label: 'test' });

  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
    chain = useChainStore();
  });

  it('collects the init frame and one frame per step, and follows the newest', async () => {
    const run = await start();
    fake.emit({ type: 'init', id: run.id, image: frame(1) });
    fake.emit({ type: 'step', id: run.id, step: step(0) });
    fake.emit({ type: 'step', id: run.id, step: step(1) });
    await settle();
    expect(chain.frameCount).toBe(3);
    expect(chain.currentIndex).toBe(2);
    expect(chain.progress).toMatchObject({ n: 2, N: 3, alpha: 0.8 });
    expect(chain.isRunning).toBe(true);
    fake.emit({ type: 'step', id: run.id, step: step(2) });
    fake.emit({ type: 'done', id: run.id, result: { image: frame(0), stepsDone: 3, steps: 3, cancelled: false } });
    await settle();
    expect(chain.activeRun?.status).toBe('done');
    expect(chain.isRunning).toBe(false);
  });

  it('keeps frames that arrive before the start call returns', async () => {
    fake.beforeReply = (id) => {
      fake.emit({ type: 'init', id, image: frame(1) }); // the sampler beat the invoke reply
      fake.emit({ type: 'step', id, step: step(0) });
    };
    await start();
    await settle();
    expect(chain.frameCount).toBe(2);
  });

  it('scrubs, steps and clamps the timeline', async () => {
    const run = await start();
    fake.emit({ type: 'init', id: run.id, image: frame(1) });
    [0, 1, 2].forEach((n) => fake.emit({ type: 'step', id: run.id, step: step(n) }));
    await settle();
    chain.scrub(1);
    expect(chain.currentIndex).toBe(1);
    expect(chain.currentImage?.data[0]).toBe(0); // step 0 wrote frame(0)
    chain.stepFrame(+5);
    expect(chain.currentIndex).toBe(3);
    chain.scrub(-4);
    expect(chain.currentIndex).toBe(0);
  });

  it('cancel keeps the frames so far and ends as cancelled when the sampler confirms', async () => {
    const run = await start();
    fake.emit({ type: 'init', id: run.id, image: frame(1) });
    fake.emit({ type: 'step', id: run.id, step: step(0) });
    await chain.cancel();
    expect(fake.cancelled).toEqual([run.id]);
    await settle();
    expect(chain.activeRun?.status).toBe('cancelling');
    fake.emit({ type: 'done', id: run.id, result: { image: frame(0), stepsDone: 1, steps: 3, cancelled: true } });
    await settle();
    expect(chain.activeRun?.status).toBe('cancelled');
    expect(chain.frameCount).toBe(2);
  });

  it('stores frames once: the current image is a view on the stored buffer', async () => {
    const run = await start();
    const init = frame(1);
    fake.emit({ type: 'init', id: run.id, image: init });
    await settle();
    expect(chain.currentImage?.data.buffer).toBe(init.buffer);
  });

  it('keeps memory bounded: old finished runs give way, the one on screen never does', async () => {
    for (let i = 0; i < MAX_RUNS + 3; i++) {
      const run = await start();
      fake.emit({ type: 'done', id: run.id, result: { image: frame(0), stepsDone: 0, steps: 3, cancelled: false } });
      await settle();
    }
    expect(chain.runs.length).toBe(MAX_RUNS);
    expect(chain.activeRun?.id).toBe(chain.runs.at(-1)!.id);
  });
});
