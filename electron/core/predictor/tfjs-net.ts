import * as tf from '@tensorflow/tfjs-core';
import type { ModelCard } from '../model/card';
import { netSteps, type ConvLayer, type NetStep } from '../model/architecture';
import type { OnnxGraph } from '../model/onnx-graph';

interface ConvWeights {
  readonly layer: ConvLayer;
  readonly filter: tf.Tensor4D; // HWIO; for a transposed conv HW·out·in, as tf.conv2dTranspose wants
  readonly bias: tf.Tensor1D;
}

/** The card's net as tfjs ops on the current backend, weights from the ONNX initializers. */
export interface TfjsNet {
  /** x [N, H, W, C·E] and known [N, H, W, C] → logits [N, H, W, C·K]. */
  forward(x: tf.Tensor4D, known: tf.Tensor4D): tf.Tensor4D;
  dispose(): void;
}

type LoadedStep =
  | { readonly op: 'stem' | 'head' | 'down' | 'up'; readonly conv: ConvWeights }
  | { readonly op: 'residual'; readonly conv1: ConvWeights; readonly conv2: ConvWeights };

export function buildTfjsNet(card: ModelCard, graph: OnnxGraph): TfjsNet {
  const steps = netSteps(card).map((step) => loadStep(step, graph));
  const forward = (x: tf.Tensor4D, known: tf.Tensor4D): tf.Tensor4D =>
    tf.tidy(() => {
      let h = tf.concat([x, known], 3);
      const skips: tf.Tensor4D[] = [];
      for (const step of steps) h = apply(step, h, skips);
      return h;
    });
  const dispose = () =>
    steps.forEach((step) => (step.op === 'residual' ? [step.conv1, step.conv2] : [step.conv]).forEach((c) => tf.dispose([c.filter, c.bias])));
  return { forward, dispose };
}

/** One step of the forward pass (architecture.ts says what each op means). */
function apply(step: LoadedStep, h: tf.Tensor4D, skips: tf.Tensor4D[]): tf.Tensor4D {
  switch (step.op) {
    case 'stem':
      return conv(h, step.conv, 'relu');
    case 'head':
      return conv(h, step.conv, 'linear');
    case 'residual':
      return tf.relu(tf.add(conv(conv(h, step.conv1, 'relu'), step.conv2, 'linear'), h)) as tf.Tensor4D;
    case 'down':
      skips.push(h);
      return conv(h, step.conv, 'relu');
    case 'up': {
      const skip = skips.pop();
      if (!skip) throw new Error(`${step.conv.layer.name}: no skip left to add`);
      return tf.relu(tf.add(transposedConv(h, step.conv), skip)) as tf.Tensor4D;
    }
  }
}

/** A `same` conv (stride 1, dilation·(k−1)/2 padding) or a `down` conv (2×2, stride 2, no padding), bias and activation fused. */
const conv = (x: tf.Tensor4D, w: ConvWeights, activation: 'relu' | 'linear'): tf.Tensor4D =>
  tf.fused.conv2d({
    x,
    filter: w.filter,
    strides: w.layer.kind === 'down' ? 2 : 1,
    pad: w.layer.kind === 'down' ? 'valid' : 'same',
    dataFormat: 'NHWC',
    dilations: w.layer.dilation,
    bias: w.bias,
    activation,
  });

/** The 2×2 stride-2 transposed conv of an `up` step: each input pixel paints a 2×2 patch. */
function transposedConv(x: tf.Tensor4D, w: ConvWeights): tf.Tensor4D {
  const [n, height, width] = x.shape;
  const out = tf.conv2dTranspose(x, w.filter, [n, 2 * height, 2 * width, w.layer.outChannels], 2, 'valid');
  return tf.add(out, w.bias) as tf.Tensor4D;
}

function loadStep(step: NetStep, graph: OnnxGraph): LoadedStep {
  return step.op === 'residual'
    ? { op: 'residual', conv1: loadConv(step.conv1, graph), conv2: loadConv(step.conv2, graph) }
    : { op: step.op, conv: loadConv(step.conv, graph) };
}

function loadConv(layer: ConvLayer, graph: OnnxGraph): ConvWeights {
  const weight = initializer(graph, `${layer.name}.weight`);
  const bias = initializer(graph, `${layer.name}.bias`);
  const [o, i, kh, kw] = weight.dims as [number, number, number, number];
  return {
    layer,
    filter: tf.tensor4d(oihwToHwio(weight.data, o, i, kh, kw), [kh, kw, i, o]),
    bias: tf.tensor1d(bias.data),
  };
}

const initializer = (graph: OnnxGraph, name: string) => {
  const init = graph.initializers.get(name);
  if (!init) throw new Error(`model.onnx has no initializer ${name}`);
  return init;
};

/** ONNX stores conv weights OIHW; tf.conv2d wants HWIO. (Read as IOHW, a ConvTranspose weight
 * comes out HW·out·in, which is what tf.conv2dTranspose wants.) */
export function oihwToHwio(data: Float32Array, o: number, i: number, kh: number, kw: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let oc = 0; oc < o; oc++)
    for (let ic = 0; ic < i; ic++)
      for (let y = 0; y < kh; y++)
        for (let x = 0; x < kw; x++) out[((y * kw + x) * i + ic) * o + oc] = data[((oc * i + ic) * kh + y) * kw + x] as number;
  return out;
}
