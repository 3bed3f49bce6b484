import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRandomModel } from '../../core/model/fixture';
import { listModels } from './models';

describe('models:list', () => {
  it('lists the folders that load, and the ones that do not with the loader’s reason', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'models-'));
    const samples = path.join(root, 'samples');
    await mkdir(samples);
    await writeFile(path.join(samples, 'a.png'), new Uint8Array(1));
    const good = await writeRandomModel(path.join(root, 'good'));
    await writeFile(path.join(root, 'good', 'card.json'), JSON.stringify({ ...good, samples: ['a.png', 'gone.png'] }));
    await writeRandomModel(path.join(root, 'truncated'));
    const onnx = path.join(root, 'truncated', 'model.onnx');
    const bytes = await readFile(onnx);
    await writeFile(onnx, bytes.subarray(0, bytes.length >> 1));

    const list = await listModels(root, samples);
    expect(list.models.map((m) => [m.id, m.samples])).toEqual([['good', ['a.png']]]);
    expect(list.broken).toHaveLength(1);
    expect(list.broken[0]!.id).toBe('truncated');
    expect(list.broken[0]!.problem).toContain(onnx);
  });

  it('lists a model whose graph emits other logits than its card says as broken', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'models-'));
    await writeRandomModel(path.join(root, 'doubled'), { output: 'doubled' });
    const list = await listModels(root, path.join(root, 'samples'));
    expect(list.models).toEqual([]);
    expect(list.broken[0]!.problem).toMatch(/doubled.model\.onnx: "logits" comes out \[1, 3, 4, 4\]/);
  });

  it('lists a card whose samples leave the samples folder as broken, revealing nothing about those files', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'models-'));
    const card = await writeRandomModel(path.join(root, 'nosy'));
    await writeFile(path.join(root, 'nosy', 'card.json'), JSON.stringify({ ...card, samples: ['../../../../etc/passwd'] }));
    const list = await listModels(root, path.join(root, 'samples'));
    expect(list.models).toEqual([]);
    expect(list.broken).toEqual([{ id: 'nosy', problem: `${path.join(root, 'nosy', 'card.json')}: "samples.0" must be a plain file name in the samples folder, got "../../../../etc/passwd"` }]);
  });
});
