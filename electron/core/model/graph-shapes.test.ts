import { describe, expect, it } from 'vitest';
import { inferDims } from './graph-shapes';
import type { GraphNode, OnnxGraph } from './onnx-graph';

const node = (opType: string, inputs: string[], outputs: string[], ints: Record<string, number[]> = {}): GraphNode => ({ opType, inputs, outputs, ints });
const weight = (name: string, dims: number[]) => [name, { name, dims, data: new Float32Array(dims.reduce((a, b) => a * b, 1)) }] as const;
const graph = (nodes: GraphNode[], weights: ReturnType<typeof weight>[] = []): OnnxGraph => ({ opset: 13, inputs: [], outputs: [], nodes, initializers: new Map(weights) });
const x = new Map([['x', [2, 5, 7, 3]]]);
const FILE = 'm/model.onnx';

describe('inferDims', () => {
  it('follows Transpose, Conv (padding, dilation, stride), ConvTranspose, Add and Concat by ONNX rules', () => {
    const dims = inferDims(
      graph(
        [
          node('Transpose', ['x'], ['nchw'], { perm: [0, 3, 1, 2] }),
          node('Conv', ['nchw', 'c.weight', 'c.bias'], ['conv'], { dilations: [2, 2], pads: [2, 2, 2, 2], strides: [1, 1] }),
          node('Conv', ['conv', 'd.weight'], ['down'], { pads: [0, 0, 0, 0], strides: [2, 2] }),
          node('ConvTranspose', ['down', 'u.weight'], ['up'], { strides: [2, 2] }),
          node('Add', ['conv', 'c.bias'], ['sum']),
          node('Relu', ['sum'], ['relu']),
          node('Concat', ['relu', 'conv'], ['both'], { axis: [-3] }),
          node('Transpose', ['both'], ['reversed']),
        ],
        [weight('c.weight', [4, 3, 3, 3]), weight('c.bias', [4, 1, 1]), weight('d.weight', [6, 4, 2, 2]), weight('u.weight', [6, 4, 2, 2])],
      ),
      x,
      FILE,
    );
    expect(dims.get('nchw')).toEqual([2, 3, 5, 7]);
    expect(dims.get('conv')).toEqual([2, 4, 5, 7]); // dilation 2 with pad 2 keeps the size
    expect(dims.get('down')).toEqual([2, 6, 2, 3]); // floor((5 − 2) / 2) + 1, floor((7 − 2) / 2) + 1
    expect(dims.get('up')).toEqual([2, 4, 4, 6]);
    expect(dims.get('sum')).toEqual([2, 4, 5, 7]); // the bias broadcasts
    expect(dims.get('both')).toEqual([2, 8, 5, 7]);
    expect(dims.get('reversed')).toEqual([7, 5, 8, 2]); // no perm: reversed
  });

  it.each([
    [[node('Relu', ['y'], ['r'])], [], '"graph.node Relu → r" reads "y", which no earlier node makes'],
    [[node('Add', ['x', 'b'], ['s'])], [weight('b', [4])], '"graph.node Add → s" adds [2, 5, 7, 3] to [4], which do not broadcast'],
    [[node('Concat', ['x', 'b'], ['c'], { axis: [3] })], [weight('b', [2, 5, 6, 3])], 'joins [2, 5, 7, 3] and [2, 5, 6, 3] on axis 3, which differ elsewhere'],
    [[node('Transpose', ['x'], ['t'], { perm: [0, 1, 1, 2] })], [], 'has perm [0, 1, 1, 2] for a rank 4 input'],
    [[node('Conv', ['x', 'w'], ['c'])], [weight('w', [4, 3, 1, 1])], 'takes 5 channels, its weights [4, 3, 1, 1] need 3'], // x read as NCHW: C = 5
    [[node('Conv', ['x', 'w'], ['c'])], [weight('w', [4, 5, 9, 1])], 'leaves no pixels of a [2, 5, 7, 3] input'],
    [[node('Gemm', ['x'], ['g'])], [], '"graph.node Gemm → g" is not an op the shape pass knows'],
  ])('names the node where shapes do not fit (%#)', (nodes, weights, message) => {
    expect(() => inferDims(graph(nodes, weights), x, FILE)).toThrow(message);
  });
});
