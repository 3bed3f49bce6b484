import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import { ModelGraphError } from './errors';

// onnx-proto is CommonJS: its namespace arrives as the default export under ESM
const { onnx } = onnxProto;

/** A dimension: a fixed size, a named dynamic axis (`N`), or unknown. */
export type Dim = number | string | null;

export interface ValueInfo {
  readonly name: string;
  readonly shape: readonly Dim[];
}

export interface Initializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

export interface GraphNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Integer and integer-list attributes (dilations, pads, axis, perm…), as lists. */
  readonly ints: Readonly<Record<string, readonly number[]>>;
}

/** What the loader and the tfjs backends need from model.onnx. */
export interface OnnxGraph {
  /** Default-domain opset version. */
  readonly opset: number;
  /** Runtime inputs (initializers listed as inputs by old exporters are left out). */
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  readonly nodes: readonly GraphNode[];
  readonly initializers: ReadonlyMap<string, Initializer>;
}

type Int64 = number | { toString(): string };
const toNumber = (value: Int64): number => (typeof value === 'number' ? value : Number(value.toString()));

const FLOAT = onnx.TensorProto.DataType.FLOAT;

/** Decode ONNX bytes; `file` names the file in errors. */
export function readOnnxGraph(bytes: Uint8Array, file: string): OnnxGraph {
  const { model, graph } = decode(bytes, file);
  const initializers = new Map<string, Initializer>();
  for (const tensor of graph.initializer ?? []) {
    const init = readInitializer(tensor, file);
    initializers.set(init.name, init);
  }
  return {
    opset: defaultOpset(model),
    inputs: (graph.input ?? []).filter((v) => !initializers.has(v.name ?? '')).map(readValueInfo),
    outputs: (graph.output ?? []).map(readValueInfo),
    nodes: (graph.node ?? []).map(readNode),
    initializers,
  };
}

/** What a graph shows the caller: its opset, runtime inputs and outputs. */
export type OnnxInterface = Pick<OnnxGraph, 'opset' | 'inputs' | 'outputs'>;

/**
 * The interface of a graph whose weights are not float32 (an int8 variant): only onnxruntime
 * runs it, so its nodes and weights are left to onnxruntime; weights stored outside the file
 * are refused, as for model.onnx.
 */
export function readOnnxInterface(bytes: Uint8Array, file: string): OnnxInterface {
  const { model, graph } = decode(bytes, file);
  const names = new Set<string>();
  for (const tensor of graph.initializer ?? []) {
    if (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
      throw new ModelGraphError(file, `initializer ${tensor.name ?? ''}`, 'uses external data; a graph keeps all its weights inside its file');
    }
    names.add(tensor.name ?? '');
  }
  return {
    opset: defaultOpset(model),
    inputs: (graph.input ?? []).filter((v) => !names.has(v.name ?? '')).map(readValueInfo),
    outputs: (graph.output ?? []).map(readValueInfo),
  };
}

function decode(bytes: Uint8Array, file: string): { model: Onnx.ModelProto; graph: Onnx.IGraphProto } {
  let model: Onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new ModelGraphError(file, undefined, `is not an ONNX model (${(error as Error).message})`);
  }
  if (!model.graph) throw new ModelGraphError(file, 'graph', 'is missing');
  return { model, graph: model.graph };
}

function defaultOpset(model: Onnx.ModelProto): number {
  const opset = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  return opset?.version == null ? 0 : toNumber(opset.version);
}

function readValueInfo(info: Onnx.IValueInfoProto): ValueInfo {
  const dims = info.type?.tensorType?.shape?.dim ?? [];
  const shape = dims.map((d): Dim => {
    if (d.dimParam) return d.dimParam;
    if (d.dimValue != null) return toNumber(d.dimValue);
    return null;
  });
  return { name: info.name ?? '', shape };
}

function readNode(node: Onnx.INodeProto): GraphNode {
  const ints: Record<string, number[]> = {};
  for (const attr of node.attribute ?? []) {
    if (!attr.name) continue;
    if (attr.ints && attr.ints.length > 0) ints[attr.name] = attr.ints.map(toNumber);
    else if (attr.type === onnx.AttributeProto.AttributeType.INT && attr.i != null) ints[attr.name] = [toNumber(attr.i)];
  }
  return { opType: node.opType ?? '', inputs: node.input ?? [], outputs: node.output ?? [], ints };
}

/** float32 initializer from raw_data (little-endian bytes) or float_data. */
export function readInitializer(tensor: Onnx.ITensorProto, file: string): Initializer {
  const name = tensor.name ?? '';
  const field = `initializer ${name}`;
  if (tensor.dataType !== FLOAT) throw new ModelGraphError(file, field, `must be float32, got ONNX data type ${tensor.dataType}`);
  if (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw new ModelGraphError(file, field, 'uses external data; the format keeps all weights inside model.onnx');
  }
  const dims = (tensor.dims ?? []).map(toNumber);
  const size = dims.reduce((a, b) => a * b, 1);
  const data = tensor.rawData && tensor.rawData.length > 0 ? floatsFromBytes(tensor.rawData) : Float32Array.from(tensor.floatData ?? []);
  if (data.length !== size) throw new ModelGraphError(file, field, `holds ${data.length} values for dims [${dims.join(', ')}]`);
  // a NaN weight would turn every logit NaN, which the sampler cannot tell from a real distribution
  const bad = data.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) throw new ModelGraphError(file, field, `holds a non-finite weight (${data[bad]}) at index ${bad}`);
  return { name, dims, data };
}

/** Little-endian float32 bytes → Float32Array, whatever the host's byte order or the bytes' alignment. */
function floatsFromBytes(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength >> 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}
