import path from 'node:path';
import type { ModelCard, Precision } from './card';
import { ModelCardError } from './errors';
import { CARD_FILE, checkInterface, readModelFile, type LoadedModel } from './load';
import { readOnnxInterface } from './onnx-graph';

/** The graph bytes onnxruntime runs for `precision`, and the file they came from. */
export interface GraphBytes {
  readonly precision: Precision;
  readonly file: string;
  readonly bytes: Uint8Array;
}

/**
 * model.onnx for fp32; for int8 the card's variant file, read like model.onnx (a regular file,
 * not too large) and checked for the card's inputs and logits. Its real output is checked by the
 * predictor's probe pass. A card without the variant, or a broken file, is a ModelFormatError
 * naming the file: the caller refuses, or falls back to fp32 and says why.
 */
export async function graphBytes(model: LoadedModel, precision: Precision): Promise<GraphBytes> {
  if (precision === 'fp32') return { precision, file: path.join(model.dir, 'model.onnx'), bytes: model.onnxBytes };
  const variant = model.card.variants[precision];
  if (!variant) throw new ModelCardError(path.join(model.dir, CARD_FILE), `variants.${precision}`, `is missing: model "${model.card.id}" has no ${precision} graph`);
  const file = path.join(model.dir, variant.file);
  const bytes = await readModelFile(file);
  checkInterface(readOnnxInterface(bytes, file), model.card, file);
  return { precision, file, bytes };
}

/** One line for the user: which graph a card offers beside model.onnx, and what it costs. */
export function variantSummary(card: ModelCard): string | null {
  const int8 = card.variants.int8;
  if (!int8) return null;
  const sign = int8.nllChangePercent >= 0 ? '+' : '−';
  return `int8: ${int8.speedUp.toFixed(1)}× faster, ${sign}${Math.abs(int8.nllChangePercent).toFixed(2)} % test NLL (${int8.measuredBy})`;
}
