import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { beforeEach, describe, expect, it } from 'vitest';
import { fixtureCard, FIXTURE_DEFAULTS, randomWeights, modelOnnx, writeRandomModel } from './testing/fixture';
import { loadModelFolder, probeSize } from './load';
import { ModelCardError, ModelFolderError, ModelGraphError } from './errors';
import type { ModelCard } from './card';

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'load-'));
  dir = path.join(root, 'tiny');
  await writeRandomModel(dir, { blocks: 2, dilations: [1, 2, 2, 1] });
});

const cardFile = () => path.join(dir, 'card.json');
const onnxFile = () => path.join(dir, 'model.onnx');
const editCard = async (edit: (card: Record<string, unknown>) => void) => {
  const card = JSON.parse(await readFile(cardFile(), 'utf8')) as Record<string, unknown>;
  edit(card);
  await writeFile(cardFile(), JSON.stringify(card));
};
/** Replace model.onnx with the graph of a card that differs from card.json. */
const writeOnnxFor = async (changes: Partial<typeof FIXTURE_DEFAULTS>) => {
  const other: ModelCard = fixtureCard('tiny', { ...FIXTURE_DEFAULTS, blocks: 2, dilations: [1, 2, 2, 1], ...changes });
  await writeFile(onnxFile(), modelOnnx(other, randomWeights(other, 3)));
};

describe('loadModelFolder', () => {
  it('loads a valid folder', async () => {
    const model = await loadModelFolder(dir);
    expect(model.card.id).toBe('tiny');
    expect(model.graph.initializers.get('stem.weight')?.dims).toEqual([8, 3, 3, 3]);
    expect(model.onnxBytes.length).toBeGreaterThan(0);
  });

  it('rejects a missing folder', async () => {
    await expect(loadModelFolder(path.join(root, 'nope'))).rejects.toThrow(ModelFolderError);
  });

  it.each(['card.json', 'model.onnx'])('rejects a missing %s, naming it', async (file) => {
    await rm(path.join(dir, file));
    await expect(loadModelFolder(dir)).rejects.toThrow(`${path.join(dir, file)}: is missing`);
  });

  it.each(['card.json', 'model.onnx'])('refuses a %s that is a FIFO unread (reading one would block forever)', async (file) => {
    await rm(path.join(dir, file));
    execFileSync('mkfifo', [path.join(dir, file)]);
    await expect(loadModelFolder(dir)).rejects.toThrow(`${path.join(dir, file)}: is not a regular file`);
  });

  it('rejects malformed JSON', async () => {
    await writeFile(cardFile(), '{ "format": 1,');
    await expect(loadModelFolder(dir)).rejects.toThrow(`${cardFile()}: is not valid JSON`);
  });

  it('rejects a bad card field', async () => {
    await editCard((c) => (c['levels'] = 1.5));
    await expect(loadModelFolder(dir)).rejects.toThrow(`${cardFile()}: "levels" must be an integer 2…256, got 1.5`);
  });

  it('rejects an id that is not the folder name', async () => {
    await editCard((c) => (c['id'] = 'other'));
    await expect(loadModelFolder(dir)).rejects.toThrow(`${cardFile()}: "id" must equal the folder's name "tiny", got "other"`);
  });

  it('rejects a model.onnx that is not ONNX', async () => {
    await writeFile(onnxFile(), 'not a model');
    await expect(loadModelFolder(dir)).rejects.toThrow(ModelGraphError);
  });

  it('rejects x channels that contradict the encoding (C·E)', async () => {
    await editCard((c) => (c['input'] = { encoding: 'scalar', layout: 'NHWC' }));
    await expect(loadModelFolder(dir)).rejects.toThrow(`${onnxFile()}: "x" has 2 channels, card says C·E = 1·1`);
  });

  it('rejects known/x channels that contradict C', async () => {
    await writeOnnxFor({ channels: 3 });
    await expect(loadModelFolder(dir)).rejects.toThrow(`${onnxFile()}: "x" has 6 channels, card says C·E = 1·2`);
  });

  it('rejects logits that contradict C·K', async () => {
    await writeOnnxFor({ levels: 4, encoding: 'scalar' });
    await editCard((c) => (c['input'] = { encoding: 'scalar', layout: 'NHWC' }));
    await expect(loadModelFolder(dir)).rejects.toThrow(`${onnxFile()}: "logits" has 4 channels, card says C·K = 1·2`);
  });

  it.each([
    ['doubled', '[1, 3, 4, 4]'], // Concat(logits, logits) on channels
    ['nchw', '[1, 2, 3, 4]'], // channels first
  ] as const)('rejects a graph that declares the card\'s logits but emits them %s', async (output, dims) => {
    await writeRandomModel(dir, { blocks: 2, dilations: [1, 2, 2, 1], output });
    await expect(loadModelFolder(dir)).rejects.toThrow(`${onnxFile()}: "logits" comes out ${dims} for a 1×3×4 input; card.json needs [N, H, W, C·K] = [1, 3, 4, 2]`);
  });

  it('picks a probe size whose axes cannot be mistaken for each other', () => {
    const card = (changes: Partial<typeof FIXTURE_DEFAULTS>) => fixtureCard('x', { ...FIXTURE_DEFAULTS, ...changes });
    expect(probeSize(card({ levels: 2 }))).toEqual({ batch: 1, height: 3, width: 4 }); // C·K = 2
    expect(probeSize(card({ levels: 3 }))).toEqual({ batch: 1, height: 2, width: 4 }); // C·K = 3
    expect(probeSize(card({ channels: 3, levels: 2 }))).toEqual({ batch: 1, height: 2, width: 3 });
    expect(probeSize(card({ levels: 4, unet: { widths: [4, 6, 8], blocks: [1, 0, 1] } }))).toEqual({ batch: 1, height: 8, width: 12 });
  });

  it('rejects initializer shapes that contradict the architecture', async () => {
    await writeOnnxFor({ features: 4 });
    await expect(loadModelFolder(dir)).rejects.toThrow(
      `${onnxFile()}: "initializer stem.weight" has shape [4, 3, 3, 3], card.json "architecture" needs [8, 3, 3, 3]`,
    );
  });

  it('rejects a missing block', async () => {
    await writeOnnxFor({ blocks: 1, dilations: [1, 2] });
    await expect(loadModelFolder(dir)).rejects.toThrow(`${onnxFile()}: "initializer blocks.1.conv1.weight" is missing`);
  });

  it('rejects dilations that contradict the card', async () => {
    await writeOnnxFor({ dilations: [1, 1, 2, 1] });
    await expect(loadModelFolder(dir)).rejects.toThrow(`${onnxFile()}: "blocks.0.conv2 Conv" has dilations [1, 1]`);
  });

  describe('a U-Net folder', () => {
    const UNET = { widths: [4, 6, 8], blocks: [1, 0, 1] };
    let unetDir: string;
    beforeEach(async () => {
      unetDir = path.join(root, 'unet');
      await writeRandomModel(unetDir, { unet: UNET });
    });

    it('loads, with its transposed convs stored IOHW', async () => {
      const model = await loadModelFolder(unetDir);
      expect(model.card.architecture).toEqual({ kind: 'unet', ...UNET, kernel: 3 });
      expect(model.graph.initializers.get('up.0.transposed.weight')?.dims).toEqual([6, 4, 2, 2]);
    });

    it('rejects a transposed conv whose stride contradicts the card', async () => {
      const file = path.join(unetDir, 'model.onnx');
      const model = onnxProto.onnx.ModelProto.decode(await readFile(file));
      const up = model.graph!.node!.find((n) => n.input?.[1] === 'up.1.transposed.weight')!;
      up.attribute!.find((a) => a.name === 'strides')!.ints = [1, 1];
      await writeFile(file, onnxProto.onnx.ModelProto.encode(model).finish());
      await expect(loadModelFolder(unetDir)).rejects.toThrow(`${file}: "up.1.transposed ConvTranspose" has dilations [1, 1] pads [0, 0, 0, 0] strides [1, 1]; card.json "architecture" needs dilation 1, pad 0, stride 2`);
    });

    it('rejects a graph that runs a strided conv where the card has a transposed one', async () => {
      const file = path.join(unetDir, 'model.onnx');
      const model = onnxProto.onnx.ModelProto.decode(await readFile(file));
      model.graph!.node!.find((n) => n.input?.[1] === 'up.0.transposed.weight')!.opType = 'Conv';
      await writeFile(file, onnxProto.onnx.ModelProto.encode(model).finish());
      await expect(loadModelFolder(unetDir)).rejects.toThrow(`${file}: "graph.node" has no ConvTranspose using up.0.transposed.weight`);
    });
  });

  it('rejects a weight that no layer of the card uses (tfjs would skip what onnxruntime runs)', async () => {
    // the card's net is one block; the graph's has two, and card.json "parameters" counts them all
    await writeOnnxFor({});
    await editCard((c) => {
      c['architecture'] = { kind: 'resnet', features: 8, blocks: 1, kernel: 3, dilations: [1, 2] };
      c['parameters'] = 2578;
    });
    await expect(loadModelFolder(dir)).rejects.toThrow(`${onnxFile()}: "initializer blocks.1.conv1.weight" belongs to no layer of card.json "architecture"`);
  });

  it('rejects a NaN or infinite weight, naming the initializer', async () => {
    const card: ModelCard = fixtureCard('tiny', { ...FIXTURE_DEFAULTS, blocks: 2, dilations: [1, 2, 2, 1] });
    const weights = randomWeights(card, 3);
    weights.get('blocks.1.conv2.weight')![5] = Number.NaN;
    await writeFile(onnxFile(), modelOnnx(card, weights));
    await expect(loadModelFolder(dir)).rejects.toThrow(`${onnxFile()}: "initializer blocks.1.conv2.weight" holds a non-finite weight (NaN) at index 5`);
  });

  it('rejects a model.onnx cut short (a half-copied file)', async () => {
    const bytes = await readFile(onnxFile());
    await writeFile(onnxFile(), bytes.subarray(0, bytes.length >> 1));
    await expect(loadModelFolder(dir)).rejects.toThrow(`${onnxFile()}: is not an ONNX model`);
  });

  it('rejects a graph that imports no default-domain opset', async () => {
    const model = onnxProto.onnx.ModelProto.decode(await readFile(onnxFile()));
    model.opsetImport = [];
    await writeFile(onnxFile(), onnxProto.onnx.ModelProto.encode(model).finish());
    await expect(loadModelFolder(dir)).rejects.toThrow(`${onnxFile()}: "opset_import" does not import the default ONNX domain`);
  });

  it('rejects a parameter count that contradicts the initializers', async () => {
    await editCard((c) => (c['parameters'] = 1000));
    await expect(loadModelFolder(dir)).rejects.toThrow(ModelCardError);
    await expect(loadModelFolder(dir)).rejects.toThrow(`${cardFile()}: "parameters" is 1000, but model.onnx holds 2578`); // 224 stem + 4·584 blocks + 18 head
  });
});
