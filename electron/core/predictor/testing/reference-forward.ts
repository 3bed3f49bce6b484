import type { ModelCard } from '../../model/card';
import type { Weights } from '../../model/testing/fixture';
import type { PredictInput } from '../../sampler/predict';

/**
 * The contract's forward pass in naive loops, written from docs/model-format.md alone (no tfjs,
 * no ONNX, no shared encoder), so the conformance test can hold every backend to it.
 */
export function referenceForward(card: ModelCard, weights: Weights, input: PredictInput): Float32Array {
  const { batch: n, height: h, width: w } = input;
  const out = new Float32Array(n * h * w * card.channels * card.levels);
  for (let b = 0; b < n; b++) {
    const stem = convLayer(encodeNchw(card, input, b), h, w, weights, 'stem', 3, 1, true);
    const act = card.architecture.kind === 'unet' ? unetBody(card, weights, stem, h, w) : resnetBody(card, weights, stem, h, w);
    const logits = convLayer(act, h, w, weights, 'head', 1, 1, false);
    // NCHW → NHWC
    logits.forEach((plane, c) => plane.forEach((v, p) => (out[(b * h * w + p) * logits.length + c] = v)));
  }
  return out;
}

type Planes = number[][];

function resnetBody(card: ModelCard, weights: Weights, act: Planes, h: number, w: number): Planes {
  if (card.architecture.kind !== 'resnet') throw new Error('not a resnet');
  const { blocks, kernel, dilations } = card.architecture;
  for (let i = 0; i < blocks; i++) {
    act = residual(act, h, w, weights, `blocks.${i}`, kernel, dilations[2 * i] as number, dilations[2 * i + 1] as number);
  }
  return act;
}

/** Blocks at each level, 2×2 stride-2 conv down; blocks at the bottom; transposed conv up + skip, blocks. */
function unetBody(card: ModelCard, weights: Weights, act: Planes, h: number, w: number): Planes {
  if (card.architecture.kind !== 'unet') throw new Error('not a unet');
  const { widths, blocks, kernel } = card.architecture;
  const bottom = widths.length - 1;
  const skips: Planes[] = [];
  const blocksAt = (prefix: string, l: number, x: Planes) => {
    for (let i = 0; i < (blocks[l] as number); i++) x = residual(x, h >> l, w >> l, weights, `${prefix}.${i}`, kernel, 1, 1);
    return x;
  };
  for (let l = 0; l < bottom; l++) {
    act = blocksAt(`down.${l}.blocks`, l, act);
    skips.push(act);
    act = strided(act, h >> l, w >> l, weights, `down.${l}.strided`);
  }
  act = blocksAt('mid', bottom, act);
  for (let l = bottom - 1; l >= 0; l--) {
    const up = transposed(act, h >> (l + 1), w >> (l + 1), weights, `up.${l}.transposed`);
    const skip = skips.pop() as Planes;
    act = blocksAt(`up.${l}.blocks`, l, up.map((plane, c) => plane.map((v, p) => Math.max(0, v + (skip[c] as number[])[p]!))));
  }
  return act;
}

function residual(act: Planes, h: number, w: number, weights: Weights, name: string, k: number, d1: number, d2: number): Planes {
  const inner = convLayer(act, h, w, weights, `${name}.conv1`, k, d1, true);
  const sum = convLayer(inner, h, w, weights, `${name}.conv2`, k, d2, false);
  return sum.map((plane, c) => plane.map((v, p) => Math.max(0, v + (act[c] as number[])[p]!)));
}

/** 2×2 conv, stride 2, no padding, ReLU: out[y][x] = Σ w[o][i][ky][kx] · in[2y+ky][2x+kx]. */
function strided(input: Planes, h: number, w: number, weights: Weights, name: string): Planes {
  const weight = weights.get(`${name}.weight`) as Float32Array;
  const bias = weights.get(`${name}.bias`) as Float32Array;
  const cin = input.length;
  return Array.from(bias, (bo, o) => {
    const plane = new Array<number>((h / 2) * (w / 2));
    for (let y = 0; y < h / 2; y++) {
      for (let x = 0; x < w / 2; x++) {
        let sum = bo;
        for (let i = 0; i < cin; i++)
          for (let ky = 0; ky < 2; ky++)
            for (let kx = 0; kx < 2; kx++)
              sum += (weight[((o * cin + i) * 2 + ky) * 2 + kx] as number) * ((input[i] as number[])[(2 * y + ky) * w + 2 * x + kx] as number);
        plane[y * (w / 2) + x] = Math.max(0, sum);
      }
    }
    return plane;
  });
}

/** 2×2 transposed conv, stride 2 (IOHW weights): out[2y+ky][2x+kx] = Σ w[i][o][ky][kx] · in[y][x]; no ReLU. */
function transposed(input: Planes, h: number, w: number, weights: Weights, name: string): Planes {
  const weight = weights.get(`${name}.weight`) as Float32Array;
  const bias = weights.get(`${name}.bias`) as Float32Array;
  const cin = input.length;
  const cout = bias.length;
  return Array.from(bias, (bo, o) => {
    const plane = new Array<number>(4 * h * w).fill(bo);
    for (let i = 0; i < cin; i++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          for (let ky = 0; ky < 2; ky++)
            for (let kx = 0; kx < 2; kx++) {
              const p = (2 * y + ky) * 2 * w + 2 * x + kx;
              plane[p] = (plane[p] as number) + (weight[((i * cout + o) * 2 + ky) * 2 + kx] as number) * ((input[i] as number[])[y * w + x] as number);
            }
    return plane;
  });
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
function convLayer(input: Planes, h: number, w: number, weights: Weights, name: string, k: number, d: number, relu: boolean): number[][] {
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
