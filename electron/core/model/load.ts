import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseCardText, sizeMultiple, slotsPerChannel, type ModelCard } from './card';
import { convAttributes, convLayers, weightShape } from './architecture';
import { ModelCardError, ModelFolderError, ModelGraphError } from './errors';
import { inferDims } from './graph-shapes';
import { readOnnxGraph, type Dim, type OnnxGraph, type OnnxInterface } from './onnx-graph';

/** A model folder that passed every check of docs/model-format.md. */
export interface LoadedModel {
  readonly dir: string;
  readonly card: ModelCard;
  /** model.onnx as read: onnxruntime runs it directly. */
  readonly onnxBytes: Uint8Array;
  /** Decoded graph: the tfjs backends take their weights from its initializers. */
  readonly graph: OnnxGraph;
}

export const CARD_FILE = 'card.json';
export const ONNX_FILE = 'model.onnx';

/** The ops the contract allows (batch norm is folded before export). */
const ALLOWED_OPS = new Set(['Concat', 'Transpose', 'Conv', 'ConvTranspose', 'Relu', 'Add']);

/** Read `dir`, check card.json, model.onnx and their agreement; errors name the file and field. */
export async function loadModelFolder(dir: string): Promise<LoadedModel> {
  await requireDirectory(dir);
  const cardFile = path.join(dir, CARD_FILE);
  const onnxFile = path.join(dir, ONNX_FILE);
  const card = parseCardText(new TextDecoder().decode(await readModelFile(cardFile)), cardFile);
  const folderName = path.basename(path.resolve(dir));
  if (card.id !== folderName) throw new ModelCardError(cardFile, 'id', `must equal the folder's name "${folderName}", got "${card.id}"`);
  const onnxBytes = await readModelFile(onnxFile);
  const graph = readOnnxGraph(onnxBytes, onnxFile);
  checkGraphAgainstCard(graph, card, onnxFile);
  return { dir, card, onnxBytes, graph };
}

async function requireDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new ModelFolderError(dir, undefined, 'is not a model folder (no such directory)');
}

/** Larger card or weights files are refused unread: the bundled nets are a few MB. */
export const MAX_MODEL_FILE_BYTES = 512 * 2 ** 20;

/** A model folder's file, read only if it is a regular file within MAX_MODEL_FILE_BYTES. */
export async function readModelFile(file: string): Promise<Uint8Array> {
  try {
    // a FIFO or device named card.json would block the read forever, /dev/zero fill memory
    const info = await stat(file);
    if (!info.isFile()) throw new ModelFolderError(file, undefined, 'is not a regular file');
    if (info.size > MAX_MODEL_FILE_BYTES) throw new ModelFolderError(file, undefined, `is ${info.size} bytes, more than the ${MAX_MODEL_FILE_BYTES / 2 ** 20} MiB a model file may be`);
    return new Uint8Array(await readFile(file));
  } catch (error) {
    if (error instanceof ModelFolderError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelFolderError(file, undefined, code === 'ENOENT' ? 'is missing' : `cannot be read (${code ?? String(error)})`);
  }
}

/** Throw a ModelGraphError where model.onnx contradicts the card (`file` is model.onnx's path). */
export function checkGraphAgainstCard(graph: OnnxGraph, card: ModelCard, file: string): void {
  checkInterface(graph, card, file);
  checkOps(graph, file);
  checkInitializers(graph, card, file);
  checkConvAttributes(graph, card, file);
  checkOutputDims(graph, card, file);
}

/** The graph's inputs x, known and output logits are the card's, and it imports the default domain. */
export function checkInterface(graph: OnnxInterface, card: ModelCard, file: string): void {
  const c = card.channels;
  const e = slotsPerChannel(card);
  checkValue(graph.inputs, 'x', c * e, `C·E = ${c}·${e} from card.json "channels", "levels" and "input.encoding"`, file);
  checkValue(graph.inputs, 'known', c, `C = ${c} from card.json "channels"`, file);
  checkValue(graph.outputs, 'logits', c * card.levels, `C·K = ${c}·${card.levels} from card.json "channels" and "levels"`, file);
  if (graph.opset === 0) throw new ModelGraphError(file, 'opset_import', 'does not import the default ONNX domain (the contract is opset 13)');
}

/**
 * A small input size whose axes cannot be mistaken for each other: N = 1, H ≠ W, neither 1
 * nor C·K, both multiples the net can halve. The loader's shape pass and every predictor's
 * first pass check the logits at this size.
 */
export function probeSize(card: ModelCard): { batch: number; height: number; width: number } {
  const multiple = sizeMultiple(card.architecture);
  const sides: number[] = [];
  for (let side = multiple; sides.length < 2; side += multiple) {
    if (side > 1 && side !== card.channels * card.levels) sides.push(side);
  }
  return { batch: 1, height: sides[0] as number, width: sides[1] as number };
}

/** The dims logits must have for an input of `size`: [N, H, W, C·K]. */
export const logitsDims = (card: ModelCard, size: { batch: number; height: number; width: number }): number[] => [
  size.batch,
  size.height,
  size.width,
  card.channels * card.levels,
];

/** The declared output says nothing of what the nodes emit: pass the graph on shapes at the probe size. */
function checkOutputDims(graph: OnnxGraph, card: ModelCard, file: string): void {
  const size = probeSize(card);
  const { batch: n, height: h, width: w } = size;
  const inputs = new Map([
    ['x', [n, h, w, card.channels * slotsPerChannel(card)]],
    ['known', [n, h, w, card.channels]],
  ]);
  const got = inferDims(graph, inputs, file).get('logits');
  const want = logitsDims(card, size);
  if (!got) throw new ModelGraphError(file, 'logits', 'is made by no node');
  if (got.join() !== want.join()) {
    throw new ModelGraphError(file, 'logits', `comes out [${got.join(', ')}] for a ${n}×${h}×${w} input; card.json needs [N, H, W, C·K] = [${want.join(', ')}]`);
  }
}

function checkValue(values: OnnxGraph['inputs'], name: string, channels: number, why: string, file: string): void {
  const value = values.find((v) => v.name === name);
  if (!value) throw new ModelGraphError(file, name, `is missing (graph has ${values.map((v) => v.name).join(', ') || 'none'})`);
  const shape = value.shape;
  if (shape.length !== 4) throw new ModelGraphError(file, name, `must be rank 4 [N, H, W, channels], got [${shapeText(shape)}]`);
  if (shape.slice(0, 3).some((d) => typeof d === 'number')) {
    throw new ModelGraphError(file, name, `must have dynamic N, H, W axes, got [${shapeText(shape)}]`);
  }
  if (shape[3] !== channels) throw new ModelGraphError(file, name, `has ${shape[3]} channels, card says ${why} = ${channels}`);
}

const shapeText = (shape: readonly Dim[]): string => shape.map((d) => d ?? '?').join(', ');

function checkOps(graph: OnnxGraph, file: string): void {
  const stray = graph.nodes.find((n) => !ALLOWED_OPS.has(n.opType));
  if (stray) throw new ModelGraphError(file, 'graph.node', `holds op ${stray.opType}; only ${[...ALLOWED_OPS].join(', ')} are allowed`);
}

function checkInitializers(graph: OnnxGraph, card: ModelCard, file: string): void {
  const expected = new Set<string>();
  for (const layer of convLayers(card)) {
    expectDims(graph, `${layer.name}.weight`, weightShape(layer), file);
    expectDims(graph, `${layer.name}.bias`, [layer.outChannels], file);
    expected.add(`${layer.name}.weight`).add(`${layer.name}.bias`);
  }
  // the tfjs backends run only the card's layers: a weight they would skip makes them disagree with onnxruntime
  const stray = [...graph.initializers.keys()].find((name) => !expected.has(name));
  if (stray) throw new ModelGraphError(file, `initializer ${stray}`, 'belongs to no layer of card.json "architecture"');
  let total = 0;
  for (const init of graph.initializers.values()) total += init.data.length;
  if (total !== card.parameters) {
    throw new ModelCardError(path.join(path.dirname(file), CARD_FILE), 'parameters', `is ${card.parameters}, but ${ONNX_FILE} holds ${total}`);
  }
}

function expectDims(graph: OnnxGraph, name: string, want: readonly number[], file: string): void {
  const init = graph.initializers.get(name);
  if (!init) throw new ModelGraphError(file, `initializer ${name}`, 'is missing');
  if (init.dims.join() !== want.join()) {
    throw new ModelGraphError(file, `initializer ${name}`, `has shape [${init.dims.join(', ')}], card.json "architecture" needs [${want.join(', ')}]`);
  }
}

/** The tfjs backends build convs from the card: each conv's op, dilation, padding and stride must be the card's. */
function checkConvAttributes(graph: OnnxGraph, card: ModelCard, file: string): void {
  for (const layer of convLayers(card)) {
    const { op, pad, stride } = convAttributes(layer);
    const conv = graph.nodes.find((n) => n.inputs[1] === `${layer.name}.weight`);
    if (conv?.opType !== op) throw new ModelGraphError(file, 'graph.node', `has no ${op} using ${layer.name}.weight`);
    const dilations = conv.ints['dilations'] ?? [1, 1];
    const pads = conv.ints['pads'] ?? [0, 0, 0, 0];
    const strides = conv.ints['strides'] ?? [1, 1];
    // ConvTranspose attributes that would change its output size; the contract leaves them unset
    const extra = ['output_padding', 'output_shape'].filter((name) => (conv.ints[name] ?? []).some((v) => v !== 0));
    if (dilations.some((d) => d !== layer.dilation) || pads.some((p) => p !== pad) || strides.some((s) => s !== stride) || extra.length > 0) {
      throw new ModelGraphError(
        file,
        `${layer.name} ${op}`,
        `has dilations [${dilations.join(', ')}] pads [${pads.join(', ')}] strides [${strides.join(', ')}]${extra.map((e) => ` ${e}`).join('')}; card.json "architecture" needs dilation ${layer.dilation}, pad ${pad}, stride ${stride}`,
      );
    }
  }
}
