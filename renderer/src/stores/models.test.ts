import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ModelCard } from '../../../electron/core/model/card';
import { installFakeApi } from '../testing/fake-api';
import { useModelsStore } from './models';

const fake = installFakeApi();
const card = (id: string) => ({ id, title: id, width: 8, height: 8, channels: 1, levels: 2 }) as unknown as ModelCard;

describe('models store', () => {
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
  });

  it('keeps the folders that do not load, with their reasons, and selects a usable model', async () => {
    fake.modelList = { models: [{ id: 'good', card: card('good'), samples: [] }], broken: [{ id: 'bad', problem: 'models/bad/model.onnx: is missing' }] };
    const models = useModelsStore();
    await models.refresh();
    expect(models.broken).toEqual(fake.modelList.broken);
    expect(models.selectedId).toBe('good');
    expect(models.ready).toBe(true);
  });

  it('selects nothing when no folder loads, so the reasons are what the user sees', async () => {
    fake.modelList = { models: [], broken: [{ id: 'bad', problem: 'models/bad/card.json: is not valid JSON' }] };
    const models = useModelsStore();
    await models.refresh();
    expect(models.selectedId).toBeNull();
    expect(models.broken).toHaveLength(1);
  });
});
