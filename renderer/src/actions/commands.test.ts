import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { decodePngDeep, type RgbaImage } from '../../../electron/core/image/png';
import type { ModelCard } from '../../../electron/core/model/card';
import { AUTO_PASSES, stepCount } from '../../../electron/core/sampler/budget';
import { DEFAULT_PARAMS } from '../../../electron/core/sampler/params';
import { useChainStore } from '../stores/chain';
import { useExporterStore } from '../stores/exporter';
import { useDocumentStore } from '../stores/document';
import { useModelsStore } from '../stores/models';
import { useRegionStore } from '../stores/region';
import { installFakeApi, noMaps } from '../testing/fake-api';
import { useNoticesStore } from '../stores/notices';
import { useSettingsStore } from '../stores/settings';
import { useViewStore } from '../stores/view';
import { acceptFrame, continueFromFrame, inpaint, switchModel } from './commands';

const fake = installFakeApi();

/** Runs Inpaint and hands it an init frame of all ones and a done event. */
async function inpaintWithOnes() {
  await inpaint();
  const run = useChainStore().runs.at(-1)!;
  const values = new Uint8Array(run.shape.width * run.shape.height * run.shape.channels).fill(1);
  fake.emit({ type: 'init', maps: noMaps(), id: run.id, image: values });
  fake.emit({ type: 'done', id: run.id, result: { image: values, stepsDone: 0, steps: 0, cancelled: false } });
  await new Promise((r) => setTimeout(r, 25));
  return run;
}
/** The fields a run reads (the fixture card's module needs Node, the renderer's config has no Node types). */
const card = (id: string, channels: 1 | 3, levels: number) =>
  ({
    id,
    title: id,
    width: 28,
    height: 28,
    channels,
    levels,
    quantisation: { kind: 'linear', background: [255, 255, 255] },
    input: { encoding: 'onehot', layout: 'NHWC' },
    architecture: { kind: 'resnet', features: 8, blocks: 1, kernel: 3, dilations: [1, 1] },
  }) as unknown as ModelCard;
const grey2 = card('grey-2', 1, 2);
const colour8 = card('colour-8', 3, 8);
const SIZE = { width: 300, height: 200 };
/** A photo-like original: every pixel different, alpha included. */
function photo(): RgbaImage {
  const data = new Uint8Array(SIZE.width * SIZE.height * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + (i >> 9)) % 256;
  return { ...SIZE, data };
}

describe('commands work on the working region of a full-size image', () => {
  let doc: ReturnType<typeof useDocumentStore>;
  let models: ReturnType<typeof useModelsStore>;
  let chain: ReturnType<typeof useChainStore>;
  const original = photo();
  const useModel = (c: ModelCard) => {
    models.selectedDir = models.loadedDir = `/models/${c.id}`;
    models.loaded = { backend: 'wasm', reason: 'test', card: c, precision: 'fp32' };
  };
  /** A 5-pixel-wide dab at (150, 100). */
  const paintHole = () => {
    doc.beginStroke({ x: 150.5, y: 100.5 }, 5, false);
    doc.endStroke();
  };

  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
    doc = useDocumentStore();
    models = useModelsStore();
    chain = useChainStore();
    useModel(grey2);
    doc.load('photo.png', original);
  });

  it('sends the sampler only the region, at the model’s size, channels and levels', async () => {
    paintHole();
    await inpaint();
    const run = chain.runs.at(-1)!;
    expect(run.place.region).toEqual({ rect: { x: 137, y: 87, width: 28, height: 28 }, scale: 'native', model: { width: 28, height: 28 } });
    expect(run.shape).toEqual({ width: 28, height: 28, channels: 1, levels: 2 });
    expect(run.mask.length).toBe(28 * 28);
    expect(run.steps).toBe(stepCount(DEFAULT_PARAMS, doc.holeCount)); // the default's budget for the whole hole, all of it inside the region
    expect(doc.image).toBe(original); // the document is never converted
  });

  it('switching the model converts nothing: the next run takes the new model’s levels', async () => {
    paintHole();
    const steps = doc.steps.length;
    useModel(colour8);
    expect(doc.steps.length).toBe(steps);
    const run = await inpaintWithOnes();
    expect(run.shape).toMatchObject({ channels: 3, levels: 8 });
    expect(doc.image).toBe(original);
  });

  it('accepting pastes the frame’s region into the image: outside the mask every pixel is the original’s, bit for bit', async () => {
    paintHole();
    await inpaintWithOnes();
    const steps = doc.steps.length;
    acceptFrame();
    expect(doc.steps.length).toBe(steps + 1);
    expect(doc.patches.at(-1)!.rect).toEqual({ x: 137, y: 87, width: 28, height: 28 });
    const picture = doc.image!;
    expect(picture.width * picture.height).toBe(SIZE.width * SIZE.height);
    let changedOutside = 0;
    let whiteInHole = 0;
    for (let i = 0; i < picture.data.length; i++) {
      if (!doc.mask![i >> 2]) changedOutside += picture.data[i] === original.data[i] ? 0 : 1;
      else whiteInHole += picture.data[i] === 255 ? 1 : 0; // level 1 of 2, opaque
    }
    expect(changedOutside).toBe(0);
    expect(whiteInHole).toBe(doc.holeCount * 4);
    doc.undo();
    expect(doc.image).toBe(original);
  });

  it('a 16-bit original exports at 16 bits, shown run and accepted alike: its own samples outside the mask, the hole’s new pixels ×257', async () => {
    const deep = Uint16Array.from(original.data, (v, i) => (v << 8) | ((i * 29 + 7) & 255)); // low bytes that vary on their own
    doc.load('deep.png', original, deep);
    paintHole();
    await inpaintWithOnes();
    chain.showChain = true;
    const exporter = useExporterStore();
    const exported = async () => {
      await exporter.exportPng();
      const bytes = fake.savedFiles.at(-1)!.bytes;
      expect(bytes[24]).toBe(16); // IHDR's bit depth
      return decodePngDeep(bytes).rgba16!;
    };
    const audit = (samples: Uint16Array) => {
      let changedOutside = 0;
      let notWhiteInHole = 0;
      for (let i = 0; i < samples.length; i++) {
        if (!doc.mask![i >> 2]) changedOutside += samples[i] === deep[i] ? 0 : 1;
        else notWhiteInHole += samples[i] === 65535 ? 0 : 1; // level 1 of 2 is 255, ×257
      }
      return { changedOutside, notWhiteInHole };
    };
    expect(audit(await exported())).toEqual({ changedOutside: 0, notWhiteInHole: 0 });
    acceptFrame();
    chain.showChain = false;
    expect(audit(await exported())).toEqual({ changedOutside: 0, notWhiteInHole: 0 });
    expect(deep[0]).toBe((original.data[0]! << 8) | 7); // the document's original is never written over
    doc.load('photo.png', original);
    await exporter.exportPng();
    expect(fake.savedFiles.at(-1)!.bytes[24]).toBe(8); // an 8-bit original stays 8-bit
  });

  it('refuses to accept a frame of a run made on another image', async () => {
    paintHole();
    await inpaintWithOnes();
    doc.load('other.png', photo());
    expect(() => acceptFrame()).toThrow(/made on another image/);
    expect(doc.patches).toHaveLength(0);
  });

  it('a branch keeps its parent’s region, even after the mask and region moved', async () => {
    paintHole();
    const parent = await inpaintWithOnes();
    useRegionStore().setRect({ x: 0, y: 0, width: 40, height: 40 });
    await continueFromFrame();
    const branch = chain.runs.at(-1)!;
    expect(branch.parent).toEqual({ runId: parent.id, frame: 0 });
    expect(branch.place.region).toEqual(parent.place.region);
    expect(branch.place.context).toBe(parent.place.context);
  });

  it('continues the frame under a progressive sampler as annealed Gibbs, and records and names what ran', async () => {
    const settings = useSettingsStore();
    expect(settings.params.sampler).not.toBe('gibbs'); // the default is progressive
    paintHole();
    const parent = await inpaintWithOnes();
    settings.setParam('temperature', 1.3);
    await continueFromFrame();
    const { job } = fake.started.at(-1)!;
    const want = { ...settings.params, sampler: 'gibbs', init: 'keep', steps: DEFAULT_PARAMS.refine || AUTO_PASSES, refine: 0 };
    expect(job.params).toEqual(want);
    expect(Array.from(job.image.data)).toEqual(Array(job.image.data.length).fill(1)); // the frame it continues
    const branch = chain.runs.at(-1)!;
    expect(branch.params).toEqual(want);
    expect(branch.steps).toBe(want.steps);
    expect(branch.label).toBe(`Gibbs ← run ${parent.id} f0`);
    settings.setParam('refine', 9);
    fake.emit({ type: 'init', maps: noMaps(), id: branch.id, image: job.image.data });
    fake.emit({ type: 'done', id: branch.id, result: { image: job.image.data, stepsDone: 0, steps: 0, cancelled: false } });
    await new Promise((r) => setTimeout(r, 25));
    await continueFromFrame();
    expect(fake.started.at(-1)!.job.params).toMatchObject({ sampler: 'gibbs', init: 'keep', steps: 9 });
  });

  it('continues the frame under Gibbs with the panel’s own parameters and preset name', async () => {
    const settings = useSettingsStore();
    settings.setParam('sampler', 'gibbs');
    settings.setParam('steps', 40);
    paintHole();
    const parent = await inpaintWithOnes();
    await continueFromFrame();
    expect(fake.started.at(-1)!.job.params).toEqual({ ...settings.params, init: 'keep' });
    expect(chain.runs.at(-1)!.label).toBe(`Custom ← run ${parent.id} f0`);
  });

  it('says when the region holds none of the mask, and starts nothing', async () => {
    paintHole();
    useRegionStore().setRect({ x: 0, y: 0, width: 28, height: 28 });
    await expect(inpaint()).rejects.toThrow(/holds none of the mask/);
    expect(fake.started).toHaveLength(0);
  });

  it('refuses a native region larger than the sampler runs', async () => {
    paintHole();
    const region = useRegionStore();
    region.scale = 'native';
    region.setRect({ x: 0, y: 0, width: 300, height: 200 });
    expect(region.region?.model).toEqual({ width: 300, height: 200 });
    expect(region.problem).toBeNull();
    doc.load('big.png', { width: 600, height: 200, data: new Uint8Array(600 * 200 * 4) });
    doc.beginStroke({ x: 300.5, y: 100.5 }, 5, false);
    doc.endStroke();
    region.setRect({ x: 0, y: 0, width: 600, height: 200 });
    await expect(inpaint()).rejects.toThrow(/past the 512 px a side the sampler runs. Choose fit scale/);
    region.scale = 'fit';
    expect(region.problem).toBeNull();
  });

  it('says why Inpaint cannot run when the model failed to load, not that it is still loading', async () => {
    paintHole();
    models.loaded = null;
    models.error = 'models/grey-2/model.onnx: is missing';
    await expect(inpaint()).rejects.toThrow('The model did not load: models/grey-2/model.onnx: is missing');
    models.error = null;
    models.selectedDir = null;
    await expect(inpaint()).rejects.toThrow(/No model: add a model folder/);
    expect(fake.started).toHaveLength(0);
  });

  it('refuses to continue from a frame made with another model, but accepts it (its pixels are plain colours)', async () => {
    paintHole();
    await inpaintWithOnes();
    useModel(colour8);
    await expect(continueFromFrame()).rejects.toThrow(/another model/);
    acceptFrame();
    expect(doc.patches).toHaveLength(1);
  });
});

describe('commands refuse what would go wrong later, in words a person reads', () => {
  let doc: ReturnType<typeof useDocumentStore>;
  let chain: ReturnType<typeof useChainStore>;
  let settings: ReturnType<typeof useSettingsStore>;
  const original = photo();
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
    doc = useDocumentStore();
    chain = useChainStore();
    settings = useSettingsStore();
    const models = useModelsStore();
    models.selectedDir = models.loadedDir = `/models/${grey2.id}`;
    models.loaded = { backend: 'wasm', reason: 'test', card: grey2, precision: 'fp32' };
    doc.load('photo.png', original);
    doc.beginStroke({ x: 150.5, y: 100.5 }, 5, false);
    doc.endStroke();
  });

  it('starts no run on knobs the core refuses, and names the knob as the panel does', async () => {
    settings.setParam('temperature', -1);
    await expect(inpaint()).rejects.toThrow('Fix the sampler settings first: Temperature T must be a number from 0 to 1000.');
    settings.setParam('temperature', 0.7);
    settings.setParam('alphaMin', 0.9);
    await expect(inpaint()).rejects.toThrow('α_min (0.9) must not be above α_max (0.5)');
    settings.setParam('alphaMin', 0.1);
    settings.setParam('eta', 0);
    await expect(inpaint()).rejects.toThrow('η must be a number above 0');
    settings.setParam('eta', 0.7);
    for (const chains of [0, 50]) {
      settings.chains = chains;
      await expect(inpaint()).rejects.toThrow(/Chains must be a whole number from 1 to 16/);
    }
    expect(fake.started).toHaveLength(0);
    settings.chains = 16;
    await inpaint();
    expect(fake.started).toHaveLength(1);
  });

  it('saves the document, not the frame, while Before is shown', async () => {
    await inpaintWithOnes();
    chain.showChain = true;
    useViewStore().showBefore = true;
    const exporter = useExporterStore();
    await exporter.exportPng();
    const saved = fake.savedFiles.at(-1)!;
    expect(saved.name).not.toMatch(/-run/);
    expect(decodePngDeep(saved.bytes).rgba.data).toEqual(original.data);
  });

  it('accepts nothing into an empty document (undone back past its image) and says what to do', async () => {
    await inpaintWithOnes();
    while (doc.canUndo) doc.undo();
    expect(doc.base).toBeNull();
    expect(() => acceptFrame()).toThrow(/The document is empty: redo .* or open an image/);
    expect(doc.base).toBeNull();
    expect(doc.canRedo).toBe(true); // the image is still one redo away
  });

  it('says so when switching the model cancels a running chain', async () => {
    await inpaint();
    const run = chain.runs.at(-1)!;
    await switchModel(`/models/${colour8.id}`).catch(() => {});
    expect(fake.cancelled).toEqual([run.id]);
    expect(useNoticesStore().notices.map((n) => n.text)).toContainEqual(expect.stringMatching(new RegExp(`^Run ${run.id} was cancelled to switch the model`)));
  });
});
