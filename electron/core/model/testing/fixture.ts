import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import { slotsPerChannel, type InputEncoding, type ModelCard } from '../card';
import { convAttributes, convLayers, netSteps, parameterCount, weightShape, type ConvLayer } from '../architecture';

const { onnx } = onnxProto;

/** Sizes of a random test model; every field has a tiny default. */
export interface FixtureOptions {
  readonly height: number;
  readonly width: number;
  readonly channels: 1 | 3;
  readonly levels: number;
  readonly encoding: InputEncoding;
  readonly features: number;
  readonly blocks: number;
  readonly kernel: number;
  /** 2·blocks dilations; all 1 when left out. */
  readonly dilations?: readonly number[];
  /** Makes a U-Net instead of a resnet (features, blocks and dilations then go unused). */
  readonly unet?: { readonly widths: readonly number[]; readonly blocks: readonly number[] };
  readonly seed: number;
  /** How initializers store floats: raw_data (what PyTorch writes) or float_data. */
  readonly weightStorage: 'raw' | 'float';
  /** What the graph really emits as `logits`; it always declares the card's NHWC output. */
  readonly output?: FixtureOutput;
}

/**
 * 'nhwc': the contract's logits. The others are bad models for tests: 'nchw' leaves the net's
 * channels-first layout, 'doubled' emits Concat(logits, logits) on the channel axis.
 */
export type FixtureOutput = 'nhwc' | 'nchw' | 'doubled';

export const FIXTURE_DEFAULTS: FixtureOptions = {
  height: 8,
  width: 8,
  channels: 1,
  levels: 2,
  encoding: 'onehot',
  features: 8,
  blocks: 1,
  kernel: 3,
  seed: 1,
  weightStorage: 'raw',
};

/** Conv weights (OIHW) and biases keyed by initializer name (`stem.weight`). */
export type Weights = ReadonlyMap<string, Float32Array>;

/**
 * Write a complete, valid model folder (model.onnx + card.json) with seeded random weights, so
 * tests get models without training. The folder's name becomes the card's id.
 */
export async function writeRandomModel(dir: string, options: Partial<FixtureOptions> = {}): Promise<ModelCard> {
  const opts = { ...FIXTURE_DEFAULTS, ...options };
  const card = fixtureCard(path.basename(dir), opts);
  const weights = randomWeights(card, opts.seed);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'model.onnx'), modelOnnx(card, weights, opts.weightStorage, opts.output));
  await writeFile(path.join(dir, 'card.json'), `${JSON.stringify(card, null, 2)}\n`);
  return card;
}

/**
 * Give the folder an "int8" variant for tests of the selection plumbing: an fp32 graph of the
 * same card with other weights (seed `seed`), so a pass shows which graph ran. The card's cost
 * figures are made-up test values, not measurements.
 */
export async function writeVariant(dir: string, card: ModelCard, seed = 99, file = 'model.int8.onnx'): Promise<ModelCard> {
  const withVariant: ModelCard = { ...card, variants: { int8: { file, nllChangePercent: 0.5, speedUp: 1.5, measuredBy: 'test fixture' } } };
  await writeFile(path.join(dir, file), modelOnnx(card, randomWeights(card, seed)));
  await writeFile(path.join(dir, 'card.json'), `${JSON.stringify(withVariant, null, 2)}\n`);
  return withVariant;
}

export function fixtureCard(id: string, opts: FixtureOptions): ModelCard {
  const dilations = opts.dilations ?? Array.from({ length: 2 * opts.blocks }, () => 1);
  const card: ModelCard = {
    format: 1,
    id,
    title: `Random test model ${id}`,
    height: opts.height,
    width: opts.width,
    channels: opts.channels,
    levels: opts.levels,
    quantisation: { kind: 'linear', background: [0, 0, 0] },
    input: { encoding: opts.encoding, layout: 'NHWC' },
    architecture: opts.unet
      ? { kind: 'unet', widths: opts.unet.widths, blocks: opts.unet.blocks, kernel: opts.kernel }
      : { kind: 'resnet', features: opts.features, blocks: opts.blocks, kernel: opts.kernel, dilations },
    parameters: 0,
    data: { name: 'none', source: 'random weights', licence: 'CC0-1.0', attribution: 'none', split: 'none' },
    training: { command: 'writeRandomModel', wallTimeSeconds: 0, hardware: 'none', steps: 0 },
    metrics: {},
    samples: [],
    variants: {},
  };
  return { ...card, parameters: parameterCount(card) };
}

/** Uniform weights scaled by 1/√fan-in (biases ±0.1), so logits stay O(1) at any depth we test. */
export function randomWeights(card: ModelCard, seed: number): Weights {
  const next = mulberry32(seed);
  const uniform = (n: number, scale: number) => Float32Array.from({ length: n }, () => (2 * next() - 1) * scale);
  const weights = new Map<string, Float32Array>();
  for (const layer of convLayers(card)) {
    const fanIn = layer.inChannels * layer.kernel * layer.kernel;
    weights.set(`${layer.name}.weight`, uniform(fanIn * layer.outChannels, Math.sqrt(3 / fanIn)));
    weights.set(`${layer.name}.bias`, uniform(layer.outChannels, 0.1));
  }
  return weights;
}

/** A small, fast seeded PRNG (mulberry32): uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The contract's graph (opset 13): Concat, Transpose, the card's convs with Relu/Add, Transpose. */
export function modelOnnx(card: ModelCard, weights: Weights, storage: 'raw' | 'float' = 'raw', output: FixtureOutput = 'nhwc'): Uint8Array {
  const layers = convLayers(card);
  const nodes: Onnx.INodeProto[] = [
    node('Concat', ['x', 'known'], ['input_nhwc'], [intAttr('axis', 3)]),
    node('Transpose', ['input_nhwc'], ['input'], [intsAttr('perm', [0, 3, 1, 2])]),
  ];
  let h = 'input';
  const skips: string[] = [];
  netSteps(card).forEach((step, i) => {
    const out = `h${i}`;
    if (step.op === 'residual') {
      nodes.push(
        convNode(step.conv1, h, `${out}_c1`),
        node('Relu', [`${out}_c1`], [`${out}_r1`]),
        convNode(step.conv2, `${out}_r1`, `${out}_c2`),
        node('Add', [`${out}_c2`, h], [`${out}_sum`]),
        node('Relu', [`${out}_sum`], [out]),
      );
    } else if (step.op === 'up') {
      const skip = skips.pop();
      if (skip === undefined) throw new Error(`${step.conv.name}: no skip left to add`);
      nodes.push(convNode(step.conv, h, `${out}_up`), node('Add', [`${out}_up`, skip], [`${out}_sum`]), node('Relu', [`${out}_sum`], [out]));
    } else if (step.op === 'head') {
      nodes.push(convNode(step.conv, h, out));
    } else {
      if (step.op === 'down') skips.push(h);
      nodes.push(convNode(step.conv, h, `${out}_c`), node('Relu', [`${out}_c`], [out]));
    }
    h = out;
  });
  nodes.push(...outputNodes(h, output));
  const c = card.channels;
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'gibbs-inpaint fixture',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: card.id,
      node: nodes,
      input: [valueInfo('x', c * slotsPerChannel(card)), valueInfo('known', c)],
      output: [valueInfo('logits', c * card.levels)],
      initializer: layers.flatMap((l) => [
        tensor(`${l.name}.weight`, weightShape(l), weights, storage),
        tensor(`${l.name}.bias`, [l.outChannels], weights, storage),
      ]),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function outputNodes(nchw: string, output: FixtureOutput): Onnx.INodeProto[] {
  const toNhwc = (name: string) => node('Transpose', [nchw], [name], [intsAttr('perm', [0, 2, 3, 1])]);
  if (output === 'nchw') return [node('Transpose', [nchw], ['logits'], [intsAttr('perm', [0, 1, 2, 3])])];
  if (output === 'doubled') return [toNhwc('logits_once'), node('Concat', ['logits_once', 'logits_once'], ['logits'], [intAttr('axis', 3)])];
  return [toNhwc('logits')];
}

// a node is named after its output (unique in the graph), so the same card writes the same bytes
const node = (opType: string, input: string[], output: string[], attribute: Onnx.IAttributeProto[] = []): Onnx.INodeProto => ({
  name: `${opType}_${output[0]}`,
  opType,
  input,
  output,
  attribute,
});

/** Conv or ConvTranspose with the attributes its kind fixes (architecture.ts). */
const convNode = (layer: ConvLayer, input: string, output: string): Onnx.INodeProto => {
  const { op, pad, stride } = convAttributes(layer);
  return node(op, [input, `${layer.name}.weight`, `${layer.name}.bias`], [output], [
    intsAttr('kernel_shape', [layer.kernel, layer.kernel]),
    intsAttr('dilations', [layer.dilation, layer.dilation]),
    intsAttr('pads', [pad, pad, pad, pad]),
    intsAttr('strides', [stride, stride]),
  ]);
};

const intAttr = (name: string, i: number): Onnx.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i });
const intsAttr = (name: string, ints: number[]): Onnx.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.INTS,
  ints,
});

/** NHWC float32 value with dynamic N, H, W and a fixed channel count. */
const valueInfo = (name: string, channels: number): Onnx.IValueInfoProto => ({
  name,
  type: {
    tensorType: {
      elemType: onnx.TensorProto.DataType.FLOAT,
      shape: { dim: [{ dimParam: 'N' }, { dimParam: 'H' }, { dimParam: 'W' }, { dimValue: channels }] },
    },
  },
});

function tensor(name: string, dims: number[], weights: Weights, storage: 'raw' | 'float'): Onnx.ITensorProto {
  const data = weights.get(name);
  if (!data) throw new Error(`no weights for ${name}`);
  const base = { name, dims, dataType: onnx.TensorProto.DataType.FLOAT };
  return storage === 'float' ? { ...base, floatData: Array.from(data) } : { ...base, rawData: littleEndianBytes(data) };
}

function littleEndianBytes(data: Float32Array): Uint8Array {
  const bytes = new Uint8Array(4 * data.length);
  const view = new DataView(bytes.buffer);
  data.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return bytes;
}
