import { describe, expect, it } from 'vitest';
import type { LevelImage } from '../image/level-image';
import { annealedGibbs, type GibbsStep } from './gibbs';
import { BLOCK_SAMPLERS, DEFAULT_PARAMS, type GibbsParams } from './params';
import type { Predict } from './predict';
import { chainRngs, createRng } from './rng';
import { yaoSchedule } from './schedule';
import { K, leftNeighbourModel, randomImage as image, randomMask, uniformModel } from './testing/fake-models';

const params = (overrides: Partial<GibbsParams> = {}): GibbsParams => ({ ...DEFAULT_PARAMS, ...overrides });

async function record(
  predict: Predict,
  start: LevelImage,
  mask: Uint8Array,
  p: GibbsParams,
  seed: number,
  chains = 1,
): Promise<{ steps: GibbsStep[]; image: Uint8Array }> {
  const steps: GibbsStep[] = [];
  const result = await annealedGibbs(predict, start, mask, p, { rngs: chainRngs(seed, chains), onStep: (s) => steps.push(s) });
  return { steps, image: result.image };
}

describe('annealedGibbs', () => {
  it('emits one record per step, with α_n from the schedule and the block it resampled', async () => {
    const start = image(6, 5, 1);
    const mask = randomMask(6, 5, 2, 0.5);
    const holeSize = mask.reduce((a, b) => a + b, 0);
    const p = params();
    const { steps } = await record(leftNeighbourModel, start, mask, p, 3);
    expect(steps).toHaveLength(holeSize); // N defaults to the number of hole pixels
    steps.forEach((s, n) => {
      expect(s.n).toBe(n);
      expect(s.steps).toBe(holeSize);
      expect(s.alpha).toBe(yaoSchedule(n, holeSize, p));
      expect(s.blockSize[0]).toBeGreaterThanOrEqual(1);
      expect(s.blockSize[0]).toBeLessThanOrEqual(holeSize);
      expect(s.meanLogProb[0]).toBeLessThanOrEqual(0);
      expect(s.image).toHaveLength(start.data.length);
    });
  });

  it('hands each record its own image: later steps leave earlier frames unchanged', async () => {
    const start = image(6, 6, 3);
    const mask = randomMask(6, 6, 4, 0.6);
    const atInit: Uint8Array[] = [];
    const inits: Uint8Array[] = [];
    const atEmit: Uint8Array[] = [];
    const steps: GibbsStep[] = [];
    await annealedGibbs(leftNeighbourModel, start, mask, params({ steps: 20, temperature: 1 }), {
      rngs: chainRngs(5, 2),
      onInit: (x) => (inits.push(x), atInit.push(x.slice())),
      onStep: (s) => (steps.push(s), atEmit.push(s.image.slice())),
    });
    expect(new Set(atEmit.map((x) => x.join())).size).toBeGreaterThan(1); // the chain moved, so sharing would show
    expect(steps.map((s) => s.image)).toEqual(atEmit);
    expect(inits).toEqual(atInit);
  });

  it('reports the mean log-probability per drawn value, for every block sampler', async () => {
    for (const blockSampler of BLOCK_SAMPLERS) {
      const { steps } = await record(uniformModel, image(5, 5, 3), randomMask(5, 5, 9, 0.5), params({ steps: 8, blockSampler }), 2, 2);
      expect(steps).toHaveLength(8);
      for (const s of steps) s.meanLogProb.forEach((lp) => expect(lp, blockSampler).toBeCloseTo(-Math.log(K), 6));
    }
  });

  it('runs the chains of a batch apart: each has its own random stream', async () => {
    const start = image(6, 6, 1);
    const mask = new Uint8Array(36).fill(1, 6, 30);
    const { image: final } = await record(leftNeighbourModel, start, mask, params({ temperature: 1, init: 'uniform' }), 3, 4);
    const chains = [0, 1, 2, 3].map((b) => final.subarray(b * 36, (b + 1) * 36).join());
    expect(new Set(chains).size).toBe(4);
  });

  it('starts a uniform init from every level equally often', async () => {
    const [w, h] = [20, 20];
    const inits: Uint8Array[] = [];
    await annealedGibbs(leftNeighbourModel, image(w, h, 1), new Uint8Array(w * h).fill(1), params({ init: 'uniform', steps: 1 }), {
      rngs: [createRng(6)],
      onInit: (x) => inits.push(x),
    });
    const counts = Array.from({ length: K }, (_, k) => inits[0]!.filter((v) => v === k).length);
    const expected = (w * h) / K;
    // χ² with 3 degrees of freedom: P(χ² > 16.27) = 0.001
    expect(counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0)).toBeLessThan(16.27);
  });

  it('masks exactly the block in each forward pass and never an empty one', async () => {
    const start = image(8, 8, 3);
    const mask = randomMask(8, 8, 5);
    const unknownPerPass: number[] = [];
    const spy: Predict = (input) => {
      unknownPerPass.push(input.known.reduce((n, k) => n + (k ? 0 : 1), 0));
      return leftNeighbourModel(input);
    };
    const steps: GibbsStep[] = [];
    await annealedGibbs(spy, start, mask, params({ alphaMin: 0, alphaMax: 0.001, steps: 20, init: 'uniform' }), {
      rngs: [createRng(9)],
      onStep: (s) => steps.push(s),
    });
    expect(steps.map((s) => s.blockSize[0])).toEqual(steps.map(() => 1)); // α ≈ 0 still resamples one pixel
    expect(unknownPerPass).toEqual(steps.map((s) => s.blockSize[0]! * 3)); // all channels of each block pixel
  });

  it('never changes a pixel outside the mask, bit for bit (random masks, sizes, chains, samplers)', async () => {
    for (let trial = 0; trial < 25; trial++) {
      const rng = createRng(100 + trial);
      const [w, h, c] = [1 + rng.nextInt(9), 1 + rng.nextInt(9), rng.next() < 0.5 ? 1 : 3];
      const start = image(w, h, c, trial);
      const mask = randomMask(w, h, 200 + trial, rng.next());
      const p = params({
        steps: 1 + rng.nextInt(12),
        temperature: rng.next() * 2,
        init: (['uniform', 'model', 'border'] as const)[rng.nextInt(3)]!,
        blockSampler: BLOCK_SAMPLERS[rng.nextInt(BLOCK_SAMPLERS.length)]!,
      });
      const chains = 1 + rng.nextInt(3);
      const { steps, image: final } = await record(leftNeighbourModel, start, mask, p, trial, chains);
      for (const frame of [...steps.map((s) => s.image), final]) {
        for (let b = 0; b < chains; b++) {
          for (let i = 0; i < w * h; i++) {
            if (mask[i]) continue;
            for (let ch = 0; ch < c; ch++) expect(frame[(b * w * h + i) * c + ch]).toBe(start.data[i * c + ch]);
          }
        }
      }
    }
  });

  it('reproduces a chain from its seed, and chain i is the same whatever the batch', async () => {
    const start = image(7, 7, 3);
    const mask = randomMask(7, 7, 11, 0.6);
    const p = params({ steps: 30, temperature: 1 });
    const a = await record(leftNeighbourModel, start, mask, p, 42, 3);
    const b = await record(leftNeighbourModel, start, mask, p, 42, 3);
    const single = await record(leftNeighbourModel, start, mask, p, 42, 1);
    const other = await record(leftNeighbourModel, start, mask, p, 43, 3);
    expect(b.image).toEqual(a.image);
    expect(b.steps).toEqual(a.steps);
    expect(a.image.subarray(0, start.data.length)).toEqual(single.image);
    expect(other.image).not.toEqual(a.image);
  });

  it('follows the model: at T = 0 with all context known the fake model fills a row left to right', async () => {
    const start: LevelImage = { width: 5, height: 1, channels: 1, levels: K, data: new Uint8Array([2, 0, 0, 0, 0]) };
    const mask = new Uint8Array([0, 1, 1, 1, 1]);
    const { image: final } = await record(leftNeighbourModel, start, mask, params({ temperature: 0, steps: 200, alphaMin: 0.05 }), 1);
    expect([...final]).toEqual([2, 3, 0, 1, 2]);
  });

  it('the ancestral sampler takes one pass per block pixel', async () => {
    const start = image(6, 6, 1);
    const mask = randomMask(6, 6, 8, 0.7);
    let passes = 0;
    const counting: Predict = (input) => {
      passes++;
      return leftNeighbourModel(input);
    };
    const steps: GibbsStep[] = [];
    await annealedGibbs(counting, start, mask, params({ steps: 10, blockSampler: 'ancestral', init: 'uniform' }), {
      rngs: [createRng(2)],
      onStep: (s) => steps.push(s),
    });
    expect(passes).toBe(steps.reduce((n, s) => n + s.blockSize[0]!, 0)); // uniform init takes no pass
  });

  it('the ancestral sampler visits a block in random order', async () => {
    const unknownPerPass: number[][] = [];
    const spy: Predict = (input) => {
      unknownPerPass.push([...input.known.keys()].filter((p) => !input.known[p]));
      return leftNeighbourModel(input);
    };
    const blockSizes: number[] = [];
    await annealedGibbs(spy, image(6, 6, 1), new Uint8Array(36).fill(1), params({ steps: 5, alphaMin: 0.3, blockSampler: 'ancestral', init: 'uniform' }), {
      rngs: [createRng(12)],
      onStep: (s) => blockSizes.push(s.blockSize[0]!),
    });
    // a step's pass t sees block[t…] unknown: the pixel drawn there is the one known from pass t + 1 on
    let at = 0;
    const orders = blockSizes.map((size) => {
      const passes = unknownPerPass.slice(at, (at += size));
      const order = passes.map((unknown, t) => unknown.find((p) => !(passes[t + 1] ?? []).includes(p))!);
      expect([...order].sort((a, b) => a - b)).toEqual(passes[0]); // each block pixel once
      return order;
    });
    expect(at).toBe(unknownPerPass.length);
    expect(orders.some((order) => order.some((p, i) => i > 0 && p < order[i - 1]!))).toBe(true);
  });

  it('the channelwise sampler draws a block channel by channel, each pass seeing the channels before', async () => {
    const [w, h, C] = [5, 4, 3];
    const mask = randomMask(w, h, 6, 0.6);
    const knownPerPass: Uint8Array[] = [];
    const spy: Predict = (input) => {
      knownPerPass.push(input.known.slice());
      return leftNeighbourModel(input);
    };
    const steps: GibbsStep[] = [];
    const blocks: number[][] = [];
    await annealedGibbs(spy, image(w, h, C), mask, params({ steps: 6, blockSampler: 'channelwise', init: 'model' }), {
      rngs: [createRng(4)],
      onStep: (s) => steps.push(s),
    });
    expect(knownPerPass).toHaveLength(C * (steps.length + 1)); // the model init is a whole-hole block too
    for (let pass = 0; pass < knownPerPass.length; pass++) {
      const known = knownPerPass[pass]!;
      const channel = pass % C;
      // the pixels this step re-masked: unknown in the step's first pass
      if (channel === 0) blocks.push([...Array(w * h).keys()].filter((p) => !known[p * C]));
      const block = blocks.at(-1)!;
      for (let p = 0; p < w * h; p++) {
        for (let ch = 0; ch < C; ch++) expect(known[p * C + ch]).toBe(block.includes(p) && ch >= channel ? 0 : 1);
      }
    }
    expect(blocks.slice(1).map((b) => b.length)).toEqual(steps.map((s) => s.blockSize[0]));
    expect(blocks[0]!.length).toBe(mask.reduce((a, b) => a + b, 0));
  });

  it('keeps a colour coherent where independent draws mix it: G given R follows R', async () => {
    // a model whose R and G are each 0 or K−1 at even odds, but G copies R once R is known
    const copyRed: Predict = async ({ levels, known }) => {
      const logits = new Float32Array(levels.length * K).fill(-Infinity);
      for (let v = 0; v < levels.length; v += 2) {
        logits[v * K] = logits[v * K + K - 1] = 0;
        if (known[v]) logits[(v + 1) * K + levels[v]!] = 0;
        else logits[(v + 1) * K] = logits[(v + 1) * K + K - 1] = 0;
      }
      return logits;
    };
    const start: LevelImage = { width: 8, height: 8, channels: 2, levels: K, data: new Uint8Array(128) };
    const mask = new Uint8Array(64).fill(1);
    const mixed = (x: Uint8Array) => [...Array(64).keys()].filter((p) => x[2 * p] !== x[2 * p + 1]).length;
    const p = params({ steps: 5, temperature: 1 });
    const apart = await record(copyRed, start, mask, { ...p, blockSampler: 'independent' }, 1);
    const together = await record(copyRed, start, mask, { ...p, blockSampler: 'channelwise' }, 1);
    expect(mixed(apart.image)).toBeGreaterThan(10);
    expect(mixed(together.image)).toBe(0);
  });

  it('channelwise is the independent sampler when there is one channel', async () => {
    const start = image(6, 6, 1);
    const mask = randomMask(6, 6, 3, 0.6);
    const p = params({ steps: 12, temperature: 1 });
    const a = await record(leftNeighbourModel, start, mask, { ...p, blockSampler: 'independent' }, 8, 2);
    const b = await record(leftNeighbourModel, start, mask, { ...p, blockSampler: 'channelwise' }, 8, 2);
    expect(b).toEqual(a);
  });

  it('initialises the hole with one model pass when asked', async () => {
    let passes = 0;
    const counting: Predict = (input) => {
      passes++;
      return leftNeighbourModel(input);
    };
    const inits: Uint8Array[] = [];
    await annealedGibbs(counting, image(4, 4, 1), randomMask(4, 4, 1, 0.5), params({ init: 'model', steps: 3 }), {
      rngs: [createRng(1)],
      onInit: (x) => inits.push(x),
    });
    expect(passes).toBe(4);
    expect(inits).toHaveLength(1);
  });

  it('initialises the hole ring by ring from its border, each pass seeing the rings outside', async () => {
    const mask = new Uint8Array(36);
    for (let y = 1; y <= 4; y++) for (let x = 1; x <= 4; x++) mask[y * 6 + x] = 1; // rings of 12 and 4
    const known: number[][] = [];
    const spy: Predict = (input) => {
      known.push([...input.known]);
      return leftNeighbourModel(input);
    };
    const inits: Uint8Array[] = [];
    await annealedGibbs(spy, image(6, 6, 3), mask, params({ init: 'border', steps: 2 }), {
      rngs: chainRngs(3, 2),
      onInit: (x) => inits.push(x),
    });
    expect(known).toHaveLength(2 + 2); // two rings, then two steps
    const unknownPixels = (k: number[]): number[] =>
      [...Array(2 * 36).keys()].filter((p) => k[p * 3] === 0).map((p) => p % 36);
    const inner = [14, 15, 20, 21];
    const hole = [...mask.keys()].filter((p) => mask[p]);
    expect(unknownPixels(known[0]!)).toEqual([...hole, ...hole]); // ring 1: the whole hole unknown, both chains
    expect(unknownPixels(known[1]!)).toEqual([...inner, ...inner]); // ring 2: only the inner ring
    expect(inits).toHaveLength(1);
  });

  it('stops between rings when cancelled during a border start', async () => {
    const controller = new AbortController();
    let passes = 0;
    const aborting: Predict = (input) => {
      if (++passes === 1) controller.abort();
      return leftNeighbourModel(input);
    };
    const inits: Uint8Array[] = [];
    const result = await annealedGibbs(aborting, image(8, 8, 1), new Uint8Array(64).fill(1, 9, 55), params({ init: 'border' }), {
      rngs: [createRng(2)],
      signal: controller.signal,
      onInit: (x) => inits.push(x),
    });
    expect(result).toMatchObject({ cancelled: true, stepsDone: 0 });
    expect(passes).toBe(1);
    expect(inits).toHaveLength(0);
  });

  it('keeps the frames so far when cancelled, and stops at a step boundary', async () => {
    const controller = new AbortController();
    const steps: GibbsStep[] = [];
    const result = await annealedGibbs(leftNeighbourModel, image(8, 8, 1), randomMask(8, 8, 4, 0.8), params({ steps: 100 }), {
      rngs: [createRng(5)],
      signal: controller.signal,
      onStep: (s) => {
        steps.push(s);
        if (s.n === 9) controller.abort();
      },
    });
    expect(result).toMatchObject({ cancelled: true, stepsDone: 10, steps: 100 });
    expect(steps).toHaveLength(10);
    expect(result.image).toEqual(steps[9]!.image);
  });

  it('rolls back a half-sampled ancestral block on cancel', async () => {
    const controller = new AbortController();
    let passes = 0;
    const abortingMidStep: Predict = (input) => {
      if (++passes === 3) controller.abort();
      return leftNeighbourModel(input);
    };
    const inits: Uint8Array[] = [];
    const result = await annealedGibbs(abortingMidStep, image(6, 6, 1), new Uint8Array(36).fill(1), params({ alphaMin: 0.9, blockSampler: 'ancestral' }), {
      rngs: [createRng(3)],
      signal: controller.signal,
      onInit: (x) => inits.push(x),
    });
    expect(result).toMatchObject({ cancelled: true, stepsDone: 0 });
    expect(result.image).toEqual(inits[0]);
  });

  it('does nothing for an empty mask', async () => {
    const start = image(3, 3, 1);
    const { steps, image: final } = await record(leftNeighbourModel, start, new Uint8Array(9), params(), 1);
    expect(steps).toHaveLength(0);
    expect(final).toEqual(start.data);
  });
});
