import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RgbaImage } from '../../../electron/core/image/png';
import type { ModelCard } from '../../../electron/core/model/card';
import { useChainStore } from '../stores/chain';
import { useDocumentStore } from '../stores/document';
import { useModelsStore } from '../stores/models';
import { installFakeApi } from '../testing/fake-api';
import { acceptFrame, continueFromFrame, inpaint } from './commands';
import { fitToModel } from './fit-to-model';

const fake = installFakeApi();
const W = 4;
const card = (id: string, channels: 1 | 3, levels: number) =>
  ({ id, title: id, width: W, height: W, channels, levels, quantisation: { kind: 'linear', background: [255, 255, 255] } }) as unknown as ModelCard;
const grey2 = card('grey-2', 1, 2);
const colour8 = card('colour-8', 3, 8);
const source: RgbaImage = { width: W, height: W, data: new Uint8Array(W * W * 4).fill(200) };

describe('commands keep the image in the loaded model’s levels', () => {
  let doc: ReturnType<typeof useDocumentStore>;
  let models: ReturnType<typeof useModelsStore>;
  const useModel = (c: ModelCard) => {
    models.selectedId = c.id;
    models.loaded = { backend: 'wasm', reason: 'test', card: c };
  };
  const paintHole = () => {
    doc.beginStroke({ x: 1.5, y: 1.5 }, 1, false);
    doc.endStroke();
  };

  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
    doc = useDocumentStore();
    models = useModelsStore();
    useModel(grey2);
    doc.load('a.png', source, fitToModel(source, grey2));
  });

  it('converts again from the source, as one step, when undo left the image in another model’s levels', async () => {
    useModel(colour8);
    doc.convert(fitToModel(source, colour8)); // grey-2 -> colour-8
    paintHole();
    doc.undo(); // the hole goes
    doc.undo(); // back to grey-2 levels, while colour-8 is loaded
    expect(doc.image).toMatchObject({ channels: 1, levels: 2 });
    paintHole();
    const steps = doc.steps.filter((s) => s.done).length;
    await inpaint();
    expect(doc.image).toMatchObject({ channels: 3, levels: 8 });
    expect(doc.steps.filter((s) => s.done).length).toBe(steps + 1); // one recorded step
    expect(doc.holeCount).toBe(1); // the mask stays: same size
    expect(fake.started).toHaveLength(1);
    doc.undo(); // that conversion is undoable on its own
    expect(doc.image).toMatchObject({ channels: 1, levels: 2 });
    expect(doc.holeCount).toBe(1);
  });

  it('refuses with a clear message when there is no source to convert from', async () => {
    doc.load('b', null, fitToModel(source, grey2));
    paintHole();
    useModel(colour8);
    await expect(inpaint()).rejects.toThrow(/needs colour with 8 levels.*open the image again/);
    expect(fake.started).toHaveLength(0);
  });

  it('says why Inpaint cannot run when the model failed to load, not that it is still loading', async () => {
    paintHole();
    models.loaded = null;
    models.error = 'models/grey-2/model.onnx: is missing';
    await expect(inpaint()).rejects.toThrow('The model did not load: models/grey-2/model.onnx: is missing');
    models.error = null;
    models.selectedId = null;
    await expect(inpaint()).rejects.toThrow(/No model: put a model folder under models/);
    expect(fake.started).toHaveLength(0);
  });

  it('refuses to accept or continue from a frame made with another model', async () => {
    paintHole();
    const run = await useChainStore().start({ image: doc.image!, mask: doc.mask!, params: {} as never, seed: 1, chains: 1, label: 'x' });
    fake.emit({ type: 'init', id: run.id, image: new Uint8Array(W * W) });
    fake.emit({ type: 'done', id: run.id, result: { image: new Uint8Array(W * W), stepsDone: 0, steps: 0, cancelled: false } });
    useModel(colour8);
    expect(() => acceptFrame()).toThrow(/another model/);
    await expect(continueFromFrame()).rejects.toThrow(/another model/);
    expect(doc.image).toMatchObject({ channels: 1, levels: 2 });
  });
});
