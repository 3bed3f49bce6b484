import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GibbsStep } from '../../../electron/core/sampler/gibbs';
import { DEFAULT_PARAMS } from '../../../electron/core/sampler/params';
import { workingRegion } from '../../../electron/core/region/working-region';
import { placeRegion } from '../lib/placement';
import { installFakeApi, noMaps } from '../testing/fake-api';
import { frameBudget, MAX_RUNS, useChainStore } from './chain';

const fake = installFakeApi();
const W = 4;
const image = { width: W, height: 1, channels: 1, levels: 2, data: new Uint8Array(W) };
const mask = new Uint8Array([1, 1, 0, 0]);
const picture = { width: W, height: 1, data: new Uint8Array(W * 4) };
const place = placeRegion(picture, picture, mask, workingRegion({ x: 0, y: 0, width: W, height: 1 }, 'native', { width: W, height: 1 }), { feather: 0, smooth: false });
const frame = (v: number) => new Uint8Array(W).fill(v);
const step = (n: number, steps = 3): GibbsStep => ({ n, steps, alpha: 0.9 - n / 10, blockSize: [1], meanLogProb: [-n], image: frame(n % 2), maps: noMaps() });
const settle = () => new Promise((r) => setTimeout(r, 25)); // the store redraws at most once per frame

describe('chain store', () => {
  let chain: ReturnType<typeof useChainStore>;
  const start = () => chain.start({ image, mask, place, params: { ...DEFAULT_PARAMS }, seed: 5, chains: 1, label: 'test' });

  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
    chain = useChainStore();
  });

  it('collects the init frame and one frame per step, and follows the newest', async () => {
    const run = await start();
    fake.emit({ type: 'init', maps: noMaps(), id: run.id, image: frame(1) });
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
      fake.emit({ type: 'init', maps: noMaps(), id, image: frame(1) }); // the sampler beat the invoke reply
      fake.emit({ type: 'step', id, step: step(0) });
    };
    await start();
    await settle();
    expect(chain.frameCount).toBe(2);
  });

  it('scrubs, steps and clamps the timeline', async () => {
    const run = await start();
    fake.emit({ type: 'init', maps: noMaps(), id: run.id, image: frame(1) });
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
    fake.emit({ type: 'init', maps: noMaps(), id: run.id, image: frame(1) });
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
    fake.emit({ type: 'init', maps: noMaps(), id: run.id, image: init });
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

  it('ends running and cancelling runs as errors when the sampler crashes; finished runs keep their status', async () => {
    const done = await start();
    fake.emit({ type: 'done', id: done.id, result: { image: frame(0), stepsDone: 3, steps: 3, cancelled: false } });
    const live = await start();
    fake.emit({ type: 'init', maps: noMaps(), id: live.id, image: frame(1) });
    await settle();
    expect(chain.isRunning).toBe(true);
    fake.emitOn('sampler:crashed', { message: 'the sampler process exited with code 9' });
    await settle();
    expect(chain.isRunning).toBe(false);
    expect(chain.activeRun).toMatchObject({ id: live.id, status: 'error' });
    expect(chain.activeRun?.error).toMatch(/sampler stopped unexpectedly.*code 9/);
    expect(chain.frameCount).toBe(1); // the frames so far stay
    expect(chain.runs.find((r) => r.id === done.id)?.status).toBe('done');
  });

  it('restores saved runs: one live when saved ends as cancelled with its frames, the saved active one is selected', async () => {
    const run = await start();
    fake.emit({ type: 'init', maps: noMaps(), id: run.id, image: frame(1) });
    fake.emit({ type: 'step', id: run.id, step: step(0) });
    await settle();
    const saved = chain.liveRuns().map((r) => ({ ...r }));
    setActivePinia(createPinia());
    chain = useChainStore();
    chain.restore(saved, run.id);
    expect(chain.runs.map((r) => [r.id, r.status, r.frameNumbers])).toEqual([[run.id, 'cancelled', [0, 1]]]);
    expect(chain.activeRun?.id).toBe(run.id);
    expect(chain.isRunning).toBe(false);
    expect(chain.showChain).toBe(false); // the document shows until a run is picked
  });

  describe('frame budget', () => {
    const saved = { ...frameBudget };
    afterEach(() => Object.assign(frameBudget, saved));
    const steps = (id: number, from: number, to: number, total = 40) => {
      for (let n = from; n < to; n++) fake.emit({ type: 'step', id, step: { ...step(n, total), image: new Uint8Array(W).fill(n + 1) } });
    };

    it('thins a run past its budget: first and latest kept, every 2nd in between, labels keep the true step', async () => {
      frameBudget.perRun = 8 * W; // 8 frames of 4 bytes
      const run = await start();
      fake.emit({ type: 'init', maps: noMaps(), id: run.id, image: frame(0) });
      steps(run.id, 0, 8); // frames 0..8: nine frames, over the budget -> thinned to the even ones
      await settle();
      expect(chain.activeRun?.frameNumbers).toEqual([0, 2, 4, 6, 8]);
      expect(chain.activeRun?.bytes).toBe(5 * W);
      steps(run.id, 8, 9); // frame 9 is off the stride-2 grid but is the latest
      await settle();
      expect(chain.activeRun?.frameNumbers).toEqual([0, 2, 4, 6, 8, 9]);
      steps(run.id, 9, 10); // 10 replaces 9
      await settle();
      expect(chain.activeRun?.frameNumbers).toEqual([0, 2, 4, 6, 8, 10]);
      steps(run.id, 10, 23); // grows past the budget again -> stride 4
      await settle();
      const numbers = chain.activeRun!.frameNumbers;
      expect(chain.activeRun?.stride).toBe(4);
      expect(numbers[0]).toBe(0);
      expect(numbers.at(-1)).toBe(23);
      expect(numbers.slice(0, -1).every((n) => n % 4 === 0)).toBe(true);
      expect(chain.activeRun!.bytes).toBeLessThanOrEqual(frameBudget.perRun);
      // the timeline shows the true frame number; the image is that step's frame
      expect(chain.currentFrame).toBe(23);
      expect(chain.lastFrame).toBe(23);
      chain.scrub(1);
      expect(chain.currentFrame).toBe(numbers[1]);
      expect(chain.currentImage?.data[0]).toBe(numbers[1]); // step n wrote n + 1 = its frame number
      expect(chain.progress?.n).toBe(23); // every step's α and log p are still kept
    });

    it('stores each frame’s maps beside it, thins them with the frames and counts their bytes', async () => {
      frameBudget.perRun = 8 * (W + 6); // a frame is 4 bytes, its maps 2 + 2·2 for the 2 hole pixels
      const mapsOf = (n: number) => ({ entropy: Uint8Array.of(n, 255 - n), changes: Uint16Array.of(n, 0) });
      const run = await start();
      fake.emit({ type: 'init', id: run.id, image: frame(0), maps: mapsOf(0) });
      for (let n = 0; n < 8; n++) fake.emit({ type: 'step', id: run.id, step: { ...step(n, 40), image: new Uint8Array(W).fill(n + 1), maps: mapsOf(n + 1) } });
      await settle();
      const stored = chain.activeRun!;
      expect(stored.frameNumbers).toEqual([0, 2, 4, 6, 8]);
      expect(stored.maps.map((m) => m.changes[0])).toEqual([0, 2, 4, 6, 8]); // the maps of the frames kept
      expect(stored.bytes).toBe(5 * (W + 6));
      chain.scrub(2);
      expect(Array.from(chain.currentMaps!.entropy)).toEqual([4, 251]);
    });

    it('keeps a scrubbed position on the same step when the run is thinned under it', async () => {
      frameBudget.perRun = 8 * W;
      const run = await start();
      fake.emit({ type: 'init', maps: noMaps(), id: run.id, image: frame(0) });
      steps(run.id, 0, 7);
      await settle();
      chain.scrub(6); // frame 6
      steps(run.id, 7, 8); // thinning
      await settle();
      expect(chain.currentFrame).toBe(6);
    });

    it('drops old finished runs past the total budget, never the one on screen', async () => {
      frameBudget.total = 10 * W;
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) {
        const run = await start();
        ids.push(run.id);
        fake.emit({ type: 'init', maps: noMaps(), id: run.id, image: frame(0) });
        steps(run.id, 0, 3, 3);
        fake.emit({ type: 'done', id: run.id, result: { image: frame(0), stepsDone: 3, steps: 3, cancelled: false } });
      }
      await settle();
      // 4 frames of 4 bytes per run: the third run pushed the total past 40 bytes
      expect(chain.runs.map((r) => r.id)).toEqual(ids.slice(1));
      expect(chain.activeRun?.id).toBe(ids[2]);
    });
  });
});
