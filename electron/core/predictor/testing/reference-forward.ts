import type { ModelCard } from '../../model/card';
import type { Weights } from '../../model/fixture';
import type { PredictInput } from '../predictor';

/**
 * The contract's forward pass in naive loops, written from docs/model-format.md alone (no tfjs,
 * no ONNX, no shared encoder), so the conformance test can hold every backend to it.
 */
export function referenceForward(card: ModelCard, weights: Weights, input: PredictInput): Float32Array {
  const { batch: n, height: h, width: w } = input;
  const { blocks, kernel, dilations } = card.architecture;
  const out = new Float32Array(n * h * w * card.channels * card.levels);
  for (let b = 0; b < n; b++) {
    let act = convLayer(encodeNchw(card, input, b), h, w, weights, 'stem', 3, 1, true);
    for (let i = 0; i < blocks; i++) {
      const inner = convLayer(act, h, w, weights, `blocks.${i}.conv1`, kernel, dilations[2 * i] as number, true);
      const sum = convLayer(inner, h, w, weights, `blocks.${i}.conv2`, kernel, dilations[2 * i + 1] as number, false);
      act = sum.map((plane, c) => plane.map((v, p) => Math.max(0, v + (act[c] as number[])[p]!)));
    }
    const logits = convLayer(act, h, w, weights, 'head', 1, 1, false);
    // NCHW → NHWC
    logits.forEach((plane, c) => plane.forEach((v, p) => (out[(b * h * w + p) * logits.length + c] = v)));
  }
  return out;
}

/** Channels of concat(encoded x, known) for one image: planes of H·W numbers. */
function encodeNchw(card: ModelCard, input: PredictInput, b: number): number[][] {
  const { height: h, width: w } = input;
  const c = card.channels;
  const k = card.levels;
  const slots = card.input.encoding === 'onehot' ? k : 1;
  const planes = Array.from({ length: c * slots + c }, () => new Array<number>(h * w).fill(0));
  for (let p = 0; p < h * w; p++) {
    for (let ch = 0; ch < c; ch++) {
      const i = (b * h * w + p) * c + ch;
      const known = input.known[i] ? 1 : 0;
      const level = input.levels[i] as number;
      if (card.input.encoding === 'onehot') (planes[ch * k + level] as number[])[p] = known;
      else (planes[ch] as number[])[p] = (known * level) / (k - 1);
      (planes[c * slots + ch] as number[])[p] = known;
    }
  }
  return planes;
}

/** Stride-1 conv with zero padding dilation·(k−1)/2, OIHW weights, optional ReLU. */
function convLayer(input: number[][], h: number, w: number, weights: Weights, name: string, k: number, d: number, relu: boolean): number[][] {
  const weight = weights.get(`${name}.weight`) as Float32Array;
  const bias = weights.get(`${name}.bias`) as Float32Array;
  const cin = input.length;
  const pad = (d * (k - 1)) / 2;
  return Array.from(bias, (bo, o) => {
    const plane = new Array<number>(h * w);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let sum = bo;
        for (let i = 0; i < cin; i++) {
          for (let ky = 0; ky < k; ky++) {
            const yy = y + ky * d - pad;
            if (yy < 0 || yy >= h) continue;
            for (let kx = 0; kx < k; kx++) {
              const xx = x + kx * d - pad;
              if (xx < 0 || xx >= w) continue;
              sum += (weight[((o * cin + i) * k + ky) * k + kx] as number) * ((input[i] as number[])[yy * w + xx] as number);
            }
          }
        }
        plane[y * w + x] = relu ? Math.max(0, sum) : sum;
      }
    }
    return plane;
  });
}
