import { slotsPerChannel, type ModelCard } from './card';

/**
 * One conv of the net, named as its ONNX initializers are (`blocks.0.conv1`).
 * `same`: stride 1, padding dilation·(k−1)/2; `down`: 2×2 conv, stride 2, no padding;
 * `up`: 2×2 transposed conv, stride 2 (doubles H and W).
 */
export interface ConvLayer {
  readonly name: string;
  readonly kind: 'same' | 'down' | 'up';
  /** Resolution H/2^level of a `same` conv; of the finer side of a `down` or `up` conv. */
  readonly level: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernel: number;
  readonly dilation: number;
}

/**
 * The forward pass as steps over one activation `h` and a stack of skips, so every backend
 * interprets the same list (docs/model-format.md):
 * - `stem`: h = relu(conv(concat(x, known)));  `head`: logits = conv(h)
 * - `residual`: h = relu(conv2(relu(conv1(h))) + h)
 * - `down`: push h; h = relu(conv(h));  `up`: h = relu(conv(h) + pop())
 */
export type NetStep =
  | { readonly op: 'stem' | 'head' | 'down' | 'up'; readonly conv: ConvLayer }
  | { readonly op: 'residual'; readonly conv1: ConvLayer; readonly conv2: ConvLayer };

export function netSteps(card: ModelCard): NetStep[] {
  const arch = card.architecture;
  const stemWidth = arch.kind === 'unet' ? (arch.widths[0] as number) : arch.features;
  const inputChannels = card.channels * slotsPerChannel(card) + card.channels;
  const steps: NetStep[] = [{ op: 'stem', conv: same('stem', 0, inputChannels, stemWidth, 3, 1) }];
  if (arch.kind === 'resnet') {
    for (let i = 0; i < arch.blocks; i++) {
      steps.push(residual(`blocks.${i}`, 0, arch.features, arch.kernel, arch.dilations[2 * i] ?? 1, arch.dilations[2 * i + 1] ?? 1));
    }
  } else {
    const { widths, blocks, kernel } = arch;
    const width = (l: number) => widths[l] as number;
    const levelBlocks = (prefix: string, l: number) =>
      Array.from({ length: blocks[l] as number }, (_, i) => residual(`${prefix}.${i}`, l, width(l), kernel, 1, 1));
    const bottom = widths.length - 1;
    for (let l = 0; l < bottom; l++) {
      steps.push(...levelBlocks(`down.${l}.blocks`, l));
      steps.push({ op: 'down', conv: { name: `down.${l}.strided`, kind: 'down', level: l, inChannels: width(l), outChannels: width(l + 1), kernel: 2, dilation: 1 } });
    }
    steps.push(...levelBlocks('mid', bottom));
    for (let l = bottom - 1; l >= 0; l--) {
      steps.push({ op: 'up', conv: { name: `up.${l}.transposed`, kind: 'up', level: l, inChannels: width(l + 1), outChannels: width(l), kernel: 2, dilation: 1 } });
      steps.push(...levelBlocks(`up.${l}.blocks`, l));
    }
  }
  steps.push({ op: 'head', conv: same('head', 0, stemWidth, card.channels * card.levels, 1, 1) });
  return steps;
}

const same = (name: string, level: number, inChannels: number, outChannels: number, kernel: number, dilation: number): ConvLayer => ({
  name,
  kind: 'same',
  level,
  inChannels,
  outChannels,
  kernel,
  dilation,
});

const residual = (name: string, level: number, width: number, kernel: number, d1: number, d2: number): NetStep => ({
  op: 'residual',
  conv1: same(`${name}.conv1`, level, width, width, kernel, d1),
  conv2: same(`${name}.conv2`, level, width, width, kernel, d2),
});

/** The ONNX node a layer is, and the attributes its kind fixes. */
export function convAttributes(layer: ConvLayer): { op: 'Conv' | 'ConvTranspose'; pad: number; stride: number } {
  if (layer.kind === 'same') return { op: 'Conv', pad: (layer.dilation * (layer.kernel - 1)) / 2, stride: 1 };
  return { op: layer.kind === 'up' ? 'ConvTranspose' : 'Conv', pad: 0, stride: 2 };
}

/** Every conv of the net, in forward order. */
export const convLayers = (card: ModelCard): ConvLayer[] =>
  netSteps(card).flatMap((step) => (step.op === 'residual' ? [step.conv1, step.conv2] : [step.conv]));

/** Weight shape as ONNX stores it: OIHW for Conv, IOHW for ConvTranspose. */
export const weightShape = (layer: ConvLayer): number[] =>
  layer.kind === 'up'
    ? [layer.inChannels, layer.outChannels, layer.kernel, layer.kernel]
    : [layer.outChannels, layer.inChannels, layer.kernel, layer.kernel];

/** Weights plus biases of every conv. */
export const parameterCount = (card: ModelCard): number =>
  convLayers(card).reduce((sum, l) => sum + l.outChannels * l.inChannels * l.kernel * l.kernel + l.outChannels, 0);

/**
 * FLOPs of one forward pass at height×width, batch 1 (multiply and add: 2 per weight use). A
 * `same` conv uses each weight once per pixel of its level; a `down` or `up` conv (stride = kernel)
 * once per pixel of its coarser side.
 */
export function forwardFlops(card: ModelCard, height = card.height, width = card.width): number {
  return convLayers(card).reduce((sum, l) => {
    const scale = 2 ** (l.kind === 'same' ? l.level : l.level + 1);
    return sum + 2 * (height / scale) * (width / scale) * l.inChannels * l.outChannels * l.kernel * l.kernel;
  }, 0);
}

/**
 * How far, in input pixels, a logit can see: the sum of every conv's reach at the resolution it
 * runs at (a strided or transposed 2×2 conv reaches one pixel of its finer level). A region with
 * this much context around its hole gives the hole the logits of a whole-image pass.
 */
export const receptiveFieldRadius = (card: ModelCard): number =>
  convLayers(card).reduce((sum, l) => sum + 2 ** l.level * (l.kind === 'same' ? (l.dilation * (l.kernel - 1)) / 2 : 1), 0);
