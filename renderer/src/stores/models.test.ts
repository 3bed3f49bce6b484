import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ModelEntry, ModelSource } from '../../../electron/core/ipc/contract';
import type { ModelCard } from '../../../electron/core/model/card';
import { installFakeApi } from '../testing/fake-api';
import { useModelsStore } from './models';

const fake = installFakeApi();
const card = (id: string) => ({ id, title: id, width: 8, height: 8, channels: 1, levels: 2, variants: {} }) as unknown as ModelCard;
const entry = (id: string, source: ModelSource = 'bundled'): ModelEntry => ({ id, dir: `/${source}/${id}`, source, card: card(id), samples: [] });

describe('models store', () => {
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
  });

  describe('the int8 graph setting', () => {
    const INT8 = { file: 'model.int8.onnx', nllChangePercent: 0.6, speedUp: 1.8, measuredBy: 'test' };
    const withInt8 = (id: string): ModelEntry => {
      const e = entry(id);
      return { ...e, card: { ...e.card, variants: { int8: INT8 } } };
    };
    const plain = (id: string): ModelEntry => {
      const e = entry(id);
      return { ...e, card: { ...e.card, variants: {} } };
    };

    it('asks for int8 only for a model whose card has it, and the loaded info says what runs', async () => {
      fake.modelList = { ...fake.modelList, models: [withInt8('emoji-64'), plain('mine')] };
      const models = useModelsStore();
      models.precision = 'int8';
      await models.refresh();
      expect(models.hasInt8).toBe(true);
      expect(models.loaded?.precision).toBe('int8');
      await models.select('/bundled/mine');
      expect(models.hasInt8).toBe(false);
      expect(models.loaded?.precision).toBe('fp32');
      expect(fake.loads).toEqual([
        { dir: '/bundled/emoji-64', precision: 'int8' },
        { dir: '/bundled/mine', precision: 'fp32' },
      ]);
    });

    it('loads the selected model again when the setting changes its graph, and not otherwise', async () => {
      fake.modelList = { ...fake.modelList, models: [withInt8('emoji-64'), plain('mine')] };
      const models = useModelsStore();
      await models.refresh();
      await models.setPrecision('int8');
      expect(models.loaded?.precision).toBe('int8');
      await models.setPrecision('int8');
      await models.select('/bundled/mine');
      await models.setPrecision('fp32'); // mine has no int8 graph: nothing to load again
      expect(fake.loads.map((l) => `${l.dir} ${l.precision}`)).toEqual(['/bundled/emoji-64 fp32', '/bundled/emoji-64 int8', '/bundled/mine fp32']);
    });
  });

  it('keeps the folders that do not load, with their reasons, and selects a usable model', async () => {
    fake.modelList = { ...fake.modelList, models: [entry('good')], broken: [{ id: 'bad', dir: '/bundled/bad', source: 'bundled', problem: 'models/bad/model.onnx: is missing' }] };
    const models = useModelsStore();
    await models.refresh();
    expect(models.broken).toEqual(fake.modelList.broken);
    expect(models.selectedDir).toBe('/bundled/good');
    expect(models.selectedId).toBe('good');
    expect(models.ready).toBe(true);
  });

  it('selects nothing when no folder loads, so the reasons are what the user sees', async () => {
    fake.modelList = { ...fake.modelList, broken: [{ id: 'bad', dir: '/user/bad', source: 'user', problem: 'models/bad/card.json: is not valid JSON' }] };
    const models = useModelsStore();
    await models.refresh();
    expect(models.selectedDir).toBeNull();
    expect(models.broken).toHaveLength(1);
  });

  it('tells apart two models of one id from different sources, by folder', async () => {
    fake.modelList = { ...fake.modelList, models: [entry('sprites', 'user'), entry('sprites', 'added')] };
    const models = useModelsStore();
    await models.refresh();
    await models.select('/added/sprites');
    expect(models.entry?.source).toBe('added');
    expect(models.ready).toBe(true);
  });

  it('keeps the selection across a refresh while its folder is listed, and falls back when it is gone', async () => {
    fake.modelList = { ...fake.modelList, models: [entry('emoji-64'), entry('mine', 'user')] };
    const models = useModelsStore();
    await models.refresh();
    await models.select('/user/mine');
    await models.refresh();
    expect(models.selectedDir).toBe('/user/mine');
    fake.modelList = { ...fake.modelList, models: [entry('emoji-64')] };
    await models.refresh();
    expect(models.selectedDir).toBe('/bundled/emoji-64');
  });

  it('follows a renamed model it had selected, loading it from its new folder', async () => {
    fake.modelList = { ...fake.modelList, models: [entry('emoji-64'), entry('sprites', 'user')] };
    const models = useModelsStore();
    await models.refresh();
    await models.select('/user/sprites');
    await models.rename('/user/sprites', 'pixel');
    expect(models.selectedDir).toBe('/user/pixel');
    expect(models.ready).toBe(true);
  });

  it('falls back to the default model when the one it had selected is deleted', async () => {
    fake.modelList = { ...fake.modelList, models: [entry('emoji-64'), entry('sprites', 'user')] };
    const models = useModelsStore();
    await models.refresh();
    await models.select('/user/sprites');
    await models.remove('/user/sprites');
    expect(models.selectedDir).toBe('/bundled/emoji-64');
    expect(models.ready).toBe(true);
  });
});
