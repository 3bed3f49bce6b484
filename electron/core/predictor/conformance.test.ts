import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sizeMultiple, type ModelCard } from '../model/card';
import { FIXTURE_DEFAULTS, fixtureCard, randomWeights, writeRandomModel, type FixtureOptions, type Weights } from '../model/testing/fixture';
import { loadModelFolder, type LoadedModel } from '../model/load';
import type { PredictInput } from '../sampler/predict';
import type { BackendName, Predictor } from './predictor';
import { availableBackends } from './select';
import { createOnnxRuntimePredictor } from './onnxruntime';
import { createTfjsPredictor } from './tfjs';
import { referenceForward } from './testing/reference-forward';

const TOLERANCE = 1e-4;

interface Case {
  readonly label: string;
  readonly model: Partial<FixtureOptions>;
  readonly batch: number;
  readonly height: number;
  readonly width: number;
}

/** Three levels (multiples of 4), a level without blocks, channels changing at each level. */
const UNET = { widths: [4, 6, 8], blocks: [1, 0, 1] };

// native size is 8×8; 5×7 and 6×9 check that the net runs (and pads) at other sizes
const CASES: readonly Case[] = [
  { label: 'onehot C=1 K=2 batch 1', model: { channels: 1, levels: 2, encoding: 'onehot', blocks: 2, dilations: [1, 2, 2, 1] }, batch: 1, height: 8, width: 8 },
  { label: 'onehot C=3 K=4 batch 3 at 5×7', model: { channels: 3, levels: 4, encoding: 'onehot', blocks: 1, dilations: [2, 1] }, batch: 3, height: 5, width: 7 },
  { label: 'scalar C=1 K=16 batch 3 at 6×9', model: { channels: 1, levels: 16, encoding: 'scalar', blocks: 2, kernel: 5, dilations: [1, 1, 1, 2] }, batch: 3, height: 6, width: 9 },
  { label: 'scalar C=3 K=8 batch 1', model: { channels: 3, levels: 8, encoding: 'scalar', blocks: 1 }, batch: 1, height: 8, width: 8 },
  { label: 'unet onehot C=3 K=4 batch 2', model: { channels: 3, levels: 4, encoding: 'onehot', unet: UNET }, batch: 2, height: 8, width: 8 },
  { label: 'unet scalar C=1 K=8 batch 1 at 12×16', model: { channels: 1, levels: 8, encoding: 'scalar', unet: UNET }, batch: 1, height: 12, width: 16 },
  // not multiples of 4: the predictor pads with unknown pixels and crops (pad.ts)
  { label: 'unet onehot C=1 K=2 batch 2 at 6×9', model: { channels: 1, levels: 2, encoding: 'onehot', unet: UNET }, batch: 2, height: 6, width: 9 },
];

type Open = (model: LoadedModel) => Promise<Pick<Predictor, 'predict' | 'dispose'>>;
const opener = (name: BackendName | 'tfjs-cpu'): Open =>
  name === 'onnxruntime'
    ? createOnnxRuntimePredictor
    : (model) => createTfjsPredictor(model, name === 'tfjs-cpu' ? 'cpu' : name);

let root: string;
let backends: (BackendName | 'tfjs-cpu')[] = [];
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'conformance-'));
  const available = (await availableBackends()).filter((b) => b.available).map((b) => b.name);
  backends = [...available, 'tfjs-cpu'];
});
afterAll(() => console.info(`conformance ran on: ${backends.join(', ')}`));

/** Seeded random levels and known flags (about half known). */
function randomInput(c: Case, channels: number, levels: number, seed: number): PredictInput {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const count = c.batch * c.height * c.width * channels;
  return {
    levels: Uint8Array.from({ length: count }, () => Math.floor(next() * levels)),
    known: Uint8Array.from({ length: count }, () => (next() < 0.5 ? 1 : 0)),
    batch: c.batch,
    height: c.height,
    width: c.width,
  };
}

/** The reference at the input's size, or for a U-Net on a padded canvas (unknown padding, bottom and right), cropped. */
function paddedReference(card: ModelCard, weights: Weights, input: PredictInput): Float32Array {
  const m = sizeMultiple(card.architecture);
  const [h, w] = [Math.ceil(input.height / m) * m, Math.ceil(input.width / m) * m];
  const c = card.channels;
  const canvas = { levels: new Uint8Array(input.batch * h * w * c), known: new Uint8Array(input.batch * h * w * c), batch: input.batch, height: h, width: w };
  const at = (b: number, y: number, x: number, width: number, height: number) => ((b * height + y) * width + x) * c;
  for (let b = 0; b < input.batch; b++)
    for (let y = 0; y < input.height; y++)
      for (let x = 0; x < input.width; x++)
        for (let ch = 0; ch < c; ch++) {
          canvas.levels[at(b, y, x, w, h) + ch] = input.levels[at(b, y, x, input.width, input.height) + ch] as number;
          canvas.known[at(b, y, x, w, h) + ch] = input.known[at(b, y, x, input.width, input.height) + ch] as number;
        }
  const full = referenceForward(card, weights, canvas);
  const k = c * card.levels;
  const out = new Float32Array(input.batch * input.height * input.width * k);
  for (let b = 0; b < input.batch; b++)
    for (let y = 0; y < input.height; y++)
      for (let x = 0; x < input.width; x++)
        for (let i = 0; i < k; i++) out[(at(b, y, x, input.width, input.height) / c) * k + i] = full[(at(b, y, x, w, h) / c) * k + i] as number;
  return out;
}

const maxAbsDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

describe.each(CASES)('conformance: $label', (c) => {
  it('every backend matches the plain-TypeScript reference and each other', async () => {
    const seed = 11;
    const opts = { ...FIXTURE_DEFAULTS, ...c.model, seed };
    const dir = path.join(root, c.label.replace(/[^a-z0-9]+/gi, '-'));
    await writeRandomModel(dir, opts);
    const model = await loadModelFolder(dir);
    const card = fixtureCard(path.basename(dir), opts);
    const input = randomInput(c, card.channels, card.levels, 5);
    const expected = paddedReference(card, randomWeights(card, seed), input);
    // a reference that is all zeros or tiny would make the comparison vacuous
    expect(maxAbsDiff(expected, new Float32Array(expected.length))).toBeGreaterThan(0.05);

    const outputs = new Map<string, Float32Array>();
    for (const name of backends) {
      const predictor = await opener(name)(model);
      try {
        const logits = await predictor.predict(input);
        expect(logits.length, name).toBe(expected.length);
        expect(maxAbsDiff(logits, expected), `${name} vs reference`).toBeLessThanOrEqual(TOLERANCE);
        outputs.set(name, logits);
      } finally {
        await predictor.dispose();
      }
    }
    const [first, ...others] = [...outputs];
    for (const [name, logits] of others) {
      expect(maxAbsDiff(logits, first![1]), `${name} vs ${first![0]}`).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});
