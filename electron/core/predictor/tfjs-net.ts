import * as tf from '@tensorflow/tfjs-core';
import type { ModelCard } from '../model/card';
import { convLayers, type ConvLayer } from '../model/architecture';
import type { OnnxGraph } from '../model/onnx-graph';

interface ConvWeights {
  readonly layer: ConvLayer;
  readonly filter: tf.Tensor4D; // HWIO
  readonly bias: tf.Tensor1D;
}

/** The card's resnet as tfjs ops on the current backend, weights from the ONNX initializers. */
export interface TfjsNet {
  /** x [N, H, W, C·E] and known [N, H, W, C] → logits [N, H, W, C·K]. */
  forward(x: tf.Tensor4D, known: tf.Tensor4D): tf.Tensor4D;
  dispose(): void;
}

export function buildTfjsNet(card: ModelCard, graph: OnnxGraph): TfjsNet {
  const convs = convLayers(card).map((layer) => loadConv(layer, graph));
  const [stem, ...rest] = convs;
  const head = rest.pop();
  if (!stem || !head) throw new Error('a resnet has a stem and a head');

  const forward = (x: tf.Tensor4D, known: tf.Tensor4D): tf.Tensor4D =>
    tf.tidy(() => {
      let h = conv(tf.concat([x, known], 3), stem, 'relu');
      for (let i = 0; i + 1 < rest.length; i += 2) {
        const r = h;
        const inner = conv(h, rest[i] as ConvWeights, 'relu');
        h = tf.relu(tf.add(conv(inner, rest[i + 1] as ConvWeights, 'linear'), r) as tf.Tensor4D);
      }
      return conv(h, head, 'linear');
    }) as tf.Tensor4D;

  const dispose = () => convs.forEach((c) => tf.dispose([c.filter, c.bias]));
  return { forward, dispose };
}

/** Stride 1, "same" padding (= dilation·(k−1)/2 for odd k), bias and activation fused. */
const conv = (x: tf.Tensor4D, w: ConvWeights, activation: 'relu' | 'linear'): tf.Tensor4D =>
  tf.fused.conv2d({
    x,
    filter: w.filter,
    strides: 1,
    pad: 'same',
    dataFormat: 'NHWC',
    dilations: w.layer.dilation,
    bias: w.bias,
    activation,
  });

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

/** ONNX stores conv weights OIHW; tf.conv2d wants HWIO. */
export function oihwToHwio(data: Float32Array, o: number, i: number, kh: number, kw: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let oc = 0; oc < o; oc++)
    for (let ic = 0; ic < i; ic++)
      for (let y = 0; y < kh; y++)
        for (let x = 0; x < kw; x++) out[((y * kw + x) * i + ic) * o + oc] = data[((oc * i + ic) * kh + y) * kw + x] as number;
  return out;
}
