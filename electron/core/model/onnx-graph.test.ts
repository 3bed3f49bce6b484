import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureCard, FIXTURE_DEFAULTS, randomWeights, modelOnnx, writeRandomModel } from './testing/fixture';
import { readOnnxGraph } from './onnx-graph';
import { ModelGraphError } from './errors';

describe('readOnnxGraph', () => {
  const opts = { ...FIXTURE_DEFAULTS, channels: 3 as const, levels: 4, blocks: 2, dilations: [1, 2, 4, 1] };
  const card = fixtureCard('g', opts);
  const weights = randomWeights(card, 7);

  it('reads inputs, outputs and dynamic axes', () => {
    const graph = readOnnxGraph(modelOnnx(card, weights), 'g.onnx');
    expect(graph.opset).toBe(13);
    expect(graph.inputs).toEqual([
      { name: 'x', shape: ['N', 'H', 'W', 12] },
      { name: 'known', shape: ['N', 'H', 'W', 3] },
    ]);
    expect(graph.outputs).toEqual([{ name: 'logits', shape: ['N', 'H', 'W', 12] }]);
    expect(graph.nodes.find((n) => n.inputs[1] === 'blocks.1.conv1.weight')?.ints['dilations']).toEqual([4, 4]);
  });

  it.each(['raw', 'float'] as const)('reads %s initializers bit for bit with their dims', (storage) => {
    const graph = readOnnxGraph(modelOnnx(card, weights, storage), 'g.onnx');
    const stem = graph.initializers.get('stem.weight');
    expect(stem?.dims).toEqual([8, 15, 3, 3]);
    expect(stem?.data).toEqual(weights.get('stem.weight'));
    expect(graph.initializers.get('head.bias')?.data).toEqual(weights.get('head.bias'));
    expect(graph.initializers.size).toBe(12); // stem, 2 blocks × 2 convs, head; weight + bias each
  });

  it('reads raw_data that is not 4-byte aligned inside the file', async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'onnx-graph-')), 'm');
    await writeRandomModel(dir, opts);
    const bytes = await readFile(path.join(dir, 'model.onnx'));
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    expect(readOnnxGraph(shifted, 'g.onnx').initializers.get('stem.bias')?.data.length).toBe(8);
  });

  it('rejects bytes that are not ONNX, naming the file', () => {
    expect(() => readOnnxGraph(new Uint8Array([0xff, 0xff, 0xff]), 'models/x/model.onnx')).toThrow(ModelGraphError);
    expect(() => readOnnxGraph(new Uint8Array([0xff, 0xff, 0xff]), 'models/x/model.onnx')).toThrow(/^models\/x\/model\.onnx: /);
  });
});
