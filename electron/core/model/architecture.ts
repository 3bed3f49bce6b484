import { slotsPerChannel, type ModelCard } from './card';

/** One conv of the resnet, named as its ONNX initializers are (`blocks.0.conv1`). */
export interface ConvLayer {
  readonly name: string;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernel: number;
  readonly dilation: number;
}

/** The convs of card.architecture in forward order: stem, blocks.i.conv{1,2}, head. */
export function convLayers(card: ModelCard): ConvLayer[] {
  const { features: f, blocks, kernel, dilations } = card.architecture;
  const inputChannels = card.channels * slotsPerChannel(card) + card.channels;
  const layers: ConvLayer[] = [{ name: 'stem', inChannels: inputChannels, outChannels: f, kernel: 3, dilation: 1 }];
  for (let i = 0; i < blocks; i++) {
    for (const j of [1, 2] as const) {
      const dilation = dilations[2 * i + j - 1] ?? 1;
      layers.push({ name: `blocks.${i}.conv${j}`, inChannels: f, outChannels: f, kernel, dilation });
    }
  }
  layers.push({ name: 'head', inChannels: f, outChannels: card.channels * card.levels, kernel: 1, dilation: 1 });
  return layers;
}

/** OIHW weight shape of a layer, as ONNX stores it. */
export const weightShape = (layer: ConvLayer): number[] => [
  layer.outChannels,
  layer.inChannels,
  layer.kernel,
  layer.kernel,
];

/** Weights plus biases of every conv. */
export const parameterCount = (card: ModelCard): number =>
  convLayers(card).reduce((sum, l) => sum + l.outChannels * l.inChannels * l.kernel * l.kernel + l.outChannels, 0);
