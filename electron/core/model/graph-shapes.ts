import { ModelGraphError } from './errors';
import type { GraphNode, OnnxGraph } from './onnx-graph';

type Dims = readonly number[];

/**
 * The dims each node of `graph` gives its outputs, for inputs of the given dims: a pass of the
 * graph on shapes alone, by ONNX's rules for the ops the contract allows. The loader checks
 * `logits` with it, so a graph that declares the card's output but emits another shape or
 * layout (a doubled Concat, channels first) is refused without running it. Throws a
 * ModelGraphError naming the node where the shapes do not fit.
 */
export function inferDims(graph: OnnxGraph, inputs: ReadonlyMap<string, Dims>, file: string): Map<string, Dims> {
  const dims = new Map<string, Dims>(inputs);
  for (const [name, init] of graph.initializers) dims.set(name, init.dims);
  for (const node of graph.nodes) {
    const where = `graph.node ${node.opType} → ${node.outputs.join(', ')}`;
    const args = node.inputs.filter((name) => name !== '').map((name) => {
      const d = dims.get(name);
      if (!d) throw new ModelGraphError(file, where, `reads "${name}", which no earlier node makes`);
      return d;
    });
    const out = nodeDims(node, args, (why) => new ModelGraphError(file, where, why));
    for (const name of node.outputs) dims.set(name, out);
  }
  return dims;
}

function nodeDims(node: GraphNode, args: Dims[], fault: (why: string) => Error): Dims {
  const [first = [], second = []] = args;
  switch (node.opType) {
    case 'Relu':
      return first;
    case 'Add':
      return broadcast(first, second, fault);
    case 'Transpose':
      return transpose(first, node.ints['perm'], fault);
    case 'Concat':
      return concat(args, node.ints['axis']?.[0], fault);
    case 'Conv':
    case 'ConvTranspose':
      return conv(node, first, second, fault);
    default:
      throw fault(`is not an op the shape pass knows`);
  }
}

const text = (d: Dims): string => `[${d.join(', ')}]`;

/** Numpy's multidirectional broadcast. */
function broadcast(a: Dims, b: Dims, fault: (why: string) => Error): Dims {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const x = a[i - rank + a.length] ?? 1;
    const y = b[i - rank + b.length] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw fault(`adds ${text(a)} to ${text(b)}, which do not broadcast`);
    return Math.max(x, y);
  });
}

function transpose(a: Dims, perm: readonly number[] | undefined, fault: (why: string) => Error): Dims {
  const order = perm ?? a.map((_, i) => a.length - 1 - i);
  if (order.length !== a.length || [...order].sort((p, q) => p - q).some((p, i) => p !== i)) {
    throw fault(`has perm [${order.join(', ')}] for a rank ${a.length} input`);
  }
  return order.map((p) => a[p] as number);
}

function concat(args: Dims[], axis: number | undefined, fault: (why: string) => Error): Dims {
  const [first = []] = args;
  const at = axis !== undefined && axis < 0 ? axis + first.length : axis;
  if (at === undefined || at < 0 || at >= first.length) throw fault(`has axis ${axis ?? 'missing'} for rank ${first.length} inputs`);
  const fits = args.every((d) => d.length === first.length && d.every((n, i) => i === at || n === first[i]));
  if (!fits) throw fault(`joins ${args.map(text).join(' and ')} on axis ${at}, which differ elsewhere`);
  return first.map((n, i) => (i === at ? args.reduce((sum, d) => sum + (d[i] as number), 0) : n));
}

/** NCHW in and out; weights OIHW (Conv) or IOHW (ConvTranspose), with `group` groups. */
function conv(node: GraphNode, x: Dims, w: Dims, fault: (why: string) => Error): Dims {
  if (x.length !== 4 || w.length !== 4) throw fault(`takes ${text(x)} with weights ${text(w)}; the contract's convs are 2-D`);
  const [n, c, ...spatial] = x as [number, number, number, number];
  const group = node.ints['group']?.[0] ?? 1;
  const transposed = node.opType === 'ConvTranspose';
  const inChannels = transposed ? (w[0] as number) : (w[1] as number) * group;
  if (c !== inChannels) throw fault(`takes ${c} channels, its weights ${text(w)} need ${inChannels}`);
  const outChannels = transposed ? (w[1] as number) * group : (w[0] as number);
  const kernel = node.ints['kernel_shape'] ?? w.slice(2);
  const at = (name: string, i: number, fallback: number) => node.ints[name]?.[i] ?? fallback;
  const sizes = spatial.map((size, i) => {
    const extent = at('dilations', i, 1) * ((kernel[i] ?? 1) - 1) + 1;
    const pads = at('pads', i, 0) + at('pads', i + 2, 0);
    const stride = at('strides', i, 1);
    return transposed ? stride * (size - 1) + at('output_padding', i, 0) + extent - pads : Math.floor((size + pads - extent) / stride) + 1;
  });
  if (sizes.some((s) => s < 1)) throw fault(`leaves no pixels of a ${text(x)} input`);
  return [n, outChannels, ...sizes];
}
