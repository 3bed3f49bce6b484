import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LevelImage } from '../../../electron/core/image/level-image';
import type { RgbaImage } from '../../../electron/core/image/png';
import type { ModelCard } from '../../../electron/core/model/card';
import { chainRngs } from '../../../electron/core/sampler/rng';
import { runSampler } from '../../../electron/core/sampler/run-sampler';
import { leftNeighbourModel } from '../../../electron/core/sampler/testing/fake-models';
import { useChainStore, type Run } from '../stores/chain';
import { useDocumentStore } from '../stores/document';
import { useModelsStore } from '../stores/models';
import { useSettingsStore } from '../stores/settings';
import { installFakeApi, noMaps } from '../testing/fake-api';
import { continueFromFrame, freezeKept, inpaint } from '../actions/commands';
import { framePatch } from './placement';

const fake = installFakeApi();
const card = { id: 'grey-4', title: 'grey-4', width: 28, height: 28, channels: 1, levels: 4, quantisation: { kind: 'linear', background: [255, 255, 255] } } as unknown as ModelCard;
const SIZE = { width: 60, height: 50 };
const settle = () => new Promise((r) => setTimeout(r, 25));

function photo(): RgbaImage {
  const data = new Uint8Array(SIZE.width * SIZE.height * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + (i >> 7)) % 256;
  return { ...SIZE, data };
}

describe('freeze (keep)', () => {
  let doc: ReturnType<typeof useDocumentStore>;
  let chain: ReturnType<typeof useChainStore>;

  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
    doc = useDocumentStore();
    chain = useChainStore();
    const models = useModelsStore();
    models.selectedDir = models.loadedDir = `/models/${card.id}`;
    models.loaded = { backend: 'wasm', reason: 'test', card, precision: 'fp32' };
    doc.load('photo.png', photo());
    doc.beginStroke({ x: 30.5, y: 25.5 }, 9, false); // a disc of hole
    doc.endStroke();
  });

  /** Inpaint, and a live chain at frame 2 of 10 whose hole holds levels 1, then 2. */
  async function liveRun(): Promise<Run> {
    await inpaint();
    const run = chain.runs.at(-1)!;
    const size = run.shape.width * run.shape.height;
    const frameOf = (level: number) => Uint8Array.from(fake.started.at(-1)!.job.image.data, (v, i) => (run.mask[i] ? level : v));
    fake.emit({ type: 'init', id: run.id, image: frameOf(1), maps: noMaps() });
    fake.emit({ type: 'step', id: run.id, step: { n: 0, steps: 10, alpha: 0.5, blockSize: [1], meanLogProb: [-1], image: frameOf(2), maps: noMaps() } });
    await settle();
    expect(chain.currentImage?.data).toHaveLength(size);
    return run;
  }

  /** The keep stroke: the left half of the region's rectangle. */
  const leftHalf = (run: Run) => {
    const { width, height } = run.place.region.rect;
    return Uint8Array.from({ length: width * height }, (_, i) => (i % width < width / 2 ? 1 : 0));
  };

  it('makes the kept pixels known in the document in one undo step, with the frame’s values', async () => {
    const run = await liveRun();
    const before = { mask: doc.mask!.slice(), image: doc.image!.data.slice(), steps: doc.steps.length };
    const shown = framePatch(run.place, chain.currentImage!);
    await freezeKept(leftHalf(run));
    expect(doc.steps).toHaveLength(before.steps + 1);
    const { rect } = run.place.region;
    let kept = 0;
    for (let y = 0; y < rect.height; y++) {
      for (let x = 0; x < rect.width; x++) {
        const p = (rect.y + y) * SIZE.width + rect.x + x;
        if (!before.mask[p]) continue;
        if (x < rect.width / 2) {
          kept++;
          expect(doc.mask![p]).toBe(0);
          expect(Array.from(doc.image!.data.subarray(p * 4, p * 4 + 4))).toEqual(Array.from(shown.data.subarray((y * rect.width + x) * 4, (y * rect.width + x) * 4 + 4)));
        } else expect(doc.mask![p]).toBe(1);
      }
    }
    expect(kept).toBeGreaterThan(0);
    doc.undo(); // one step takes back both
    expect(doc.mask).toEqual(before.mask);
    expect(doc.image!.data).toEqual(before.image);
  });

  it('continues a live Gibbs chain from the frame on screen with the smaller hole; the kept pixels never change, in it or its branches', async () => {
    useSettingsStore().setParam('sampler', 'gibbs'); // a Gibbs chain's remaining steps carry on
    const run = await liveRun();
    const frame = chain.currentImage!.data.slice();
    await freezeKept(leftHalf(run));
    expect(fake.cancelled).toEqual([run.id]);
    const { job } = fake.started.at(-1)!;
    expect(job.params).toMatchObject({ init: 'keep', steps: 10 - 1 }); // frame 1 of a 10-step chain: 9 steps left
    expect(Array.from(job.image.data)).toEqual(Array.from(frame));
    const width = run.shape.width;
    const keptPixels = [...run.mask.keys()].filter((i) => run.mask[i] && i % width < width / 2);
    expect(keptPixels.length).toBeGreaterThan(0);
    for (const i of keptPixels) expect(job.mask[i]).toBe(0);
    for (const i of run.mask.keys()) if (run.mask[i] && i % width >= width / 2) expect(job.mask[i]).toBe(1);

    // the branch, run by the real sampler: the kept pixels stay bit for bit
    const image: LevelImage = { ...job.image, data: job.image.data.slice() };
    const frames: Uint8Array[] = [];
    const result = await runSampler(leftNeighbourModel, image, job.mask, { ...job.params, temperature: 1 }, { rngs: chainRngs(job.seed, 1), onStep: (s) => frames.push(s.image) });
    expect(frames.length).toBe(9);
    for (const f of [...frames, result.image]) for (const i of keptPixels) expect(f[i]).toBe(frame[i]);
    expect(frames.some((f) => job.mask.some((m, i) => m && f[i] !== frame[i]))).toBe(true); // the rest did move

    // a branch of the branch inherits its hole
    const branch = chain.runs.at(-1)!;
    fake.emit({ type: 'init', id: branch.id, image: frames.at(-1)!, maps: noMaps() });
    fake.emit({ type: 'done', id: branch.id, result: { image: frames.at(-1)!, stepsDone: 9, steps: 9, cancelled: false } });
    fake.emit({ type: 'done', id: run.id, result: { image: frame, stepsDone: 1, steps: 10, cancelled: true } }); // the sampler confirms the cancel
    await settle();
    await continueFromFrame();
    const grandchild = fake.started.at(-1)!.job;
    expect(grandchild.mask).toEqual(job.mask);

    // and the branch's composite shows the document's kept pixels wherever its frames go
    const anyFrame = { ...branch.shape, data: new Uint8Array(branch.shape.width * branch.shape.height) };
    const patch = framePatch(branch.place, anyFrame);
    const { rect } = branch.place.region;
    for (let i = 0; i < branch.place.hole.length; i++) {
      if (!run.place.hole[i] || branch.place.hole[i]) continue; // only the kept pixels
      const p = (rect.y + Math.floor(i / rect.width)) * SIZE.width + rect.x + (i % rect.width);
      expect(Array.from(patch.data.subarray(i * 4, i * 4 + 4))).toEqual(Array.from(doc.image!.data.subarray(p * 4, p * 4 + 4)));
    }
  });

  it('runs a live progressive chain’s own budget again on the smaller hole: it refills the hole', async () => {
    useSettingsStore().setParam('sampler', 'entropy');
    const run = await liveRun();
    await freezeKept(leftHalf(run));
    expect(fake.cancelled).toEqual([run.id]);
    expect(fake.started.at(-1)!.job.params).toMatchObject({ sampler: 'entropy', init: 'keep', steps: null });
  });

  it('changes nothing when the stroke misses the hole, and refuses without a frame on screen', async () => {
    await expect(freezeKept(new Uint8Array(1))).rejects.toThrow(/pick one on the timeline/);
    const run = await liveRun();
    const steps = doc.steps.length;
    await freezeKept(new Uint8Array(run.place.region.rect.width * run.place.region.rect.height));
    expect(doc.steps).toHaveLength(steps);
    expect(fake.started).toHaveLength(1);
  });
});
