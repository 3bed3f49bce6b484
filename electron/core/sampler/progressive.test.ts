import { describe, expect, it } from 'vitest';
import type { LevelImage } from '../image/level-image';
import { AUTO_PASSES } from './budget';
import { annealedGibbs, type GibbsResult, type GibbsStep } from './gibbs';
import { BASELINE_PARAMS, DEFAULT_PARAMS, type GibbsParams, type SamplerKind } from './params';
import type { Predict } from './predict';
import { chainRngs, createRng } from './rng';
import { runSampler } from './run-sampler';
import { REVEAL_PLANS, revealCounts, yaoSchedule } from './schedule';
import { frontierModel, K, knownSpy, leftNeighbourModel, randomImage, randomMask, uniformModel } from './testing/fake-models';

const PROGRESSIVE = ['confidence', 'entropy', 'ancestral-budget'] as const;

interface Recording {
  steps: GibbsStep[];
  inits: Uint8Array[];
  result: GibbsResult;
}

async function record(predict: Predict, start: LevelImage, mask: Uint8Array, params: GibbsParams, seed: number, chains = 1, signal?: AbortSignal): Promise<Recording> {
  const steps: GibbsStep[] = [];
  const inits: Uint8Array[] = [];
  const result = await runSampler(predict, start, mask, params, {
    rngs: chainRngs(seed, chains),
    signal,
    onInit: (x) => inits.push(x),
    onStep: (s) => steps.push(s),
  });
  return { steps, inits, result };
}

/** The pixels of chain `b` a pass was told are unknown (every channel of a pixel goes together). */
const unknownPixels = (known: Uint8Array, pixels: number, C: number, b = 0): number[] =>
  [...Array(pixels).keys()].filter((p) => !known[(b * pixels + p) * C]);

/** The order a one-pixel-per-pass fill committed the hole in, read off what each pass was told. */
function commitOrder(passes: Uint8Array[], pixels: number, C: number): number[] {
  const unknown = passes.map((known) => unknownPixels(known, pixels, C));
  return unknown.map((now, t) => now.find((p) => !(unknown[t + 1] ?? []).includes(p))!);
}

const holeOf = (mask: Uint8Array): number[] => [...mask.keys()].filter((p) => mask[p]);

/** A 5×1 row whose first pixel is known (level 2) and the rest is the hole. */
const ROW: LevelImage = { width: 5, height: 1, channels: 1, levels: K, data: new Uint8Array([2, 0, 0, 0, 0]) };
const ROW_HOLE = new Uint8Array([0, 1, 1, 1, 1]);

describe.each(PROGRESSIVE)('the %s sampler', (sampler) => {
  const params = (overrides: Partial<GibbsParams> = {}): GibbsParams => ({ ...BASELINE_PARAMS, sampler, temperature: 1, ...overrides });

  it('takes exactly its budget of passes, one record each, committing revealCounts(…) pixels a pass for good', async () => {
    const [w, h, C] = [6, 6, 3];
    const mask = randomMask(w, h, 3, 0.6);
    const size = holeOf(mask).length;
    for (const plan of ['cosine', 'linear'] as const) {
      const spy = knownSpy(leftNeighbourModel);
      const { steps, result } = await record(spy.predict, randomImage(w, h, C), mask, params({ steps: 7, plan }), 4, 2);
      const counts = revealCounts(size, 7, plan);
      expect(spy.passes).toHaveLength(7);
      expect(result).toMatchObject({ stepsDone: 7, steps: 7, cancelled: false });
      expect(steps.map((s) => s.n)).toEqual([...Array(7).keys()]);
      steps.forEach((s, t) => {
        expect(s.steps).toBe(7);
        expect(s.blockSize).toEqual([counts[t], counts[t]]);
        expect(s.alpha).toBeCloseTo(counts[t]! / size, 12);
      });
      for (let b = 0; b < 2; b++) {
        const unknown = spy.passes.map((known) => unknownPixels(known, w * h, C, b));
        expect(unknown[0]).toEqual(holeOf(mask)); // the whole hole starts unknown
        unknown.forEach((now, t) => expect(now).toHaveLength(size - counts.slice(0, t).reduce((a, n) => a + n, 0)));
        unknown.slice(1).forEach((now, t) => expect(now.every((p) => unknown[t]!.includes(p))).toBe(true)); // never re-masked
      }
    }
  });

  it('starts from an empty hole and draws every hole pixel exactly once', async () => {
    const [w, h] = [7, 5];
    const start = randomImage(w, h, 1, 2);
    const mask = randomMask(w, h, 8, 0.7);
    const hole = holeOf(mask);
    const { inits, steps, result } = await record(frontierModel, start, mask, params({ steps: 9 }), 5);
    for (const p of hole) expect(inits[0]![p]).toBe(0); // level 0 on screen, unknown to the model
    for (const p of hole) {
      const values = [inits[0]!, ...steps.map((s) => s.image)].map((x) => x[p]);
      const drawnAt = values.findIndex((v) => v !== 0); // the fake model never draws 0
      expect(drawnAt).toBeGreaterThan(0);
      expect(new Set(values.slice(drawnAt)).size).toBe(1); // committed for good
    }
    expect(steps.at(-1)!.image).toEqual(result.image);
  });

  it('never changes a pixel outside the mask, bit for bit (random masks, sizes, chains, budgets, plans)', async () => {
    for (let trial = 0; trial < 20; trial++) {
      const rng = createRng(300 + trial);
      const [w, h, c] = [1 + rng.nextInt(9), 1 + rng.nextInt(9), rng.next() < 0.5 ? 1 : 3];
      const start = randomImage(w, h, c, trial);
      const mask = randomMask(w, h, 400 + trial, rng.next());
      const p = params({ steps: rng.next() < 0.3 ? null : 1 + rng.nextInt(12), plan: REVEAL_PLANS[rng.nextInt(REVEAL_PLANS.length)]!, temperature: rng.next() * 2, refine: rng.nextInt(3) });
      const chains = 1 + rng.nextInt(3);
      const { steps, inits, result } = await record(leftNeighbourModel, start, mask, p, trial, chains);
      for (const frame of [...inits, ...steps.map((s) => s.image), result.image]) {
        for (let b = 0; b < chains; b++) {
          for (let i = 0; i < w * h; i++) {
            if (mask[i]) continue;
            for (let ch = 0; ch < c; ch++) expect(frame[(b * w * h + i) * c + ch]).toBe(start.data[i * c + ch]);
          }
        }
      }
    }
  });

  it('reproduces a run from its seed, and chain i is the same whatever the batch', async () => {
    const start = randomImage(7, 7, 3);
    const mask = randomMask(7, 7, 11, 0.6);
    const p = params({ steps: 6, refine: 2 });
    const a = await record(leftNeighbourModel, start, mask, p, 42, 3);
    const b = await record(leftNeighbourModel, start, mask, p, 42, 3);
    const single = await record(leftNeighbourModel, start, mask, p, 42, 1);
    const other = await record(leftNeighbourModel, start, mask, p, 43, 3);
    expect(b).toEqual(a);
    expect(a.result.image.subarray(0, start.data.length)).toEqual(single.result.image);
    a.steps.forEach((s, n) => expect(s.image.subarray(0, start.data.length)).toEqual(single.steps[n]!.image));
    expect(other.result.image).not.toEqual(a.result.image);
  });

  it('stops at a pass boundary when cancelled, its image the last frame', async () => {
    const controller = new AbortController();
    const steps: GibbsStep[] = [];
    const result = await runSampler(leftNeighbourModel, randomImage(8, 8, 1), randomMask(8, 8, 4, 0.8), params({ steps: 20 }), {
      rngs: [createRng(5)],
      signal: controller.signal,
      onStep: (s) => {
        steps.push(s);
        if (s.n === 2) controller.abort();
      },
    });
    expect(result).toMatchObject({ cancelled: true, stepsDone: 3, steps: 20 });
    expect(result.image).toEqual(steps[2]!.image);
  });

  it('finishes the pass under way when cancelled during it, then runs the model no more', async () => {
    const controller = new AbortController();
    let passes = 0;
    const aborting: Predict = (input) => {
      if (++passes === 2) controller.abort();
      return leftNeighbourModel(input);
    };
    const steps: GibbsStep[] = [];
    const result = await runSampler(aborting, randomImage(8, 8, 3), randomMask(8, 8, 6, 0.8), params({ steps: 20 }), {
      rngs: chainRngs(1, 2),
      signal: controller.signal,
      onStep: (s) => steps.push(s),
    });
    expect(passes).toBe(2);
    expect(result).toMatchObject({ cancelled: true, stepsDone: 2 });
    expect(steps).toHaveLength(2); // the pass under way committed all its pixels, none half
    expect(result.image).toEqual(steps[1]!.image);
  });

  it('does nothing when cancelled before it starts, or for an empty mask', async () => {
    const controller = new AbortController();
    controller.abort();
    const start = randomImage(4, 4, 1);
    const cancelled = await runSampler(leftNeighbourModel, start, randomMask(4, 4, 1, 0.5), params(), { rngs: [createRng(1)], signal: controller.signal });
    expect(cancelled).toMatchObject({ cancelled: true, stepsDone: 0 });
    expect(cancelled.image).toEqual(start.data);
    const empty = await record(leftNeighbourModel, start, new Uint8Array(16), params(), 1);
    expect(empty.steps).toHaveLength(0);
    expect(empty.result).toMatchObject({ image: start.data, stepsDone: 0, steps: 0, cancelled: false });
  });

  it('reports the mean log-probability per drawn value', async () => {
    const { steps } = await record(uniformModel, randomImage(5, 5, 3), randomMask(5, 5, 9, 0.5), params({ steps: 4, refine: 2 }), 2, 2);
    expect(steps).toHaveLength(6);
    for (const s of steps) s.meanLogProb.forEach((lp) => expect(lp).toBeCloseTo(-Math.log(K), 6));
  });

  it('spends at most one pass per hole pixel, and AUTO_PASSES when the budget is auto', async () => {
    const small = await record(leftNeighbourModel, ROW, ROW_HOLE, params({ steps: 100 }), 1);
    expect(small.steps.map((s) => s.blockSize[0])).toEqual([1, 1, 1, 1]);
    const big = { width: 12, height: 12, channels: 1, levels: K, data: new Uint8Array(144) };
    const spy = knownSpy(leftNeighbourModel);
    const auto = await record(spy.predict, big, new Uint8Array(144).fill(1), params({ steps: null }), 1);
    expect(spy.passes).toHaveLength(AUTO_PASSES);
    expect(auto.result.steps).toBe(AUTO_PASSES);
  });

  it('refines the filled hole with annealed Gibbs steps, numbered on, α over them', async () => {
    const spy = knownSpy(leftNeighbourModel);
    const p = params({ steps: 4, refine: 5, alphaMax: 0.9, alphaMin: 0.2, eta: 1 });
    const { steps, result } = await record(spy.predict, randomImage(6, 6, 1), randomMask(6, 6, 2, 0.6), p, 7);
    expect(spy.passes).toHaveLength(9);
    expect(result).toMatchObject({ stepsDone: 9, steps: 9 });
    expect(steps.map((s) => [s.n, s.steps])).toEqual([...Array(9).keys()].map((n) => [n, 9]));
    steps.slice(4).forEach((s, i) => expect(s.alpha).toBe(yaoSchedule(i, 5, p)));
  });
});

describe('what each sampler commits first', () => {
  const row = async (overrides: Partial<GibbsParams>, seed = 1) => {
    const spy = knownSpy(frontierModel);
    const { result } = await record(spy.predict, ROW, ROW_HOLE, { ...BASELINE_PARAMS, steps: 4, ...overrides }, seed);
    return { order: commitOrder(spy.passes, 5, 1), image: [...result.image] };
  };

  it('confidence: the surest draw, once the choice noise is off (T = 0: the row fills from the known end)', async () => {
    expect(await row({ sampler: 'confidence', temperature: 0, choiceTemperature: 0 })).toEqual({ order: [1, 2, 3, 4], image: [2, 3, 1, 2, 3] });
  });

  it('confidence: a random order while the choice noise is large', async () => {
    const orders = await Promise.all([1, 2, 3, 4, 5, 6].map(async (seed) => (await row({ sampler: 'confidence', choiceTemperature: 1000 }, seed)).order.join()));
    expect(orders.some((order) => order !== '1,2,3,4')).toBe(true);
  });

  it('entropy: the lowest-entropy pixel first (greedy), or the highest (antigreedy, ties to the lower index)', async () => {
    expect((await row({ sampler: 'entropy', entropyOrder: 'lowest', temperature: 0 })).order).toEqual([1, 2, 3, 4]);
    // uncertain pixels first: 2 (pixel 1 is sure next to the known 0), then 4 (3 became sure next to 2), then the sure ones
    expect((await row({ sampler: 'entropy', entropyOrder: 'highest' })).order).toEqual([2, 4, 1, 3]);
  });

  it('budgeted ancestral: one pixel a pass at the full budget, in a random order per seed', async () => {
    const orders = await Promise.all([1, 2, 3, 4, 5, 6].map(async (seed) => (await row({ sampler: 'ancestral-budget' }, seed)).order));
    for (const order of orders) expect([...order].sort()).toEqual([1, 2, 3, 4]);
    expect(new Set(orders.map((o) => o.join())).size).toBeGreaterThan(1);
  });
});

describe('runSampler', () => {
  it('runs the sampler the parameters name: gibbs is annealedGibbs', async () => {
    const start = randomImage(5, 5, 1);
    const mask = randomMask(5, 5, 3, 0.5);
    const p: GibbsParams = { ...BASELINE_PARAMS, steps: 6 };
    const viaDispatch = await record(leftNeighbourModel, start, mask, p, 3);
    const steps: GibbsStep[] = [];
    const direct = await annealedGibbs(leftNeighbourModel, start, mask, p, { rngs: chainRngs(3, 1), onStep: (s) => steps.push(s) });
    expect(viaDispatch.result).toEqual(direct);
    expect(viaDispatch.steps).toEqual(steps);
    for (const sampler of ['confidence', 'entropy', 'ancestral-budget'] satisfies SamplerKind[]) {
      const other = await record(leftNeighbourModel, start, mask, { ...p, sampler }, 3);
      expect(other.inits[0]!.filter((v, i) => mask[i] && v !== 0)).toHaveLength(0); // a progressive start: the hole empty
    }
  });
});

describe('the defaults', () => {
  it('fill a large hole in AUTO_PASSES network passes plus the refine steps, not one per hole pixel', async () => {
    const [w, h] = [40, 40];
    const mask = new Uint8Array(w * h).fill(1, w * 4, w * (h - 4)); // 1280 hole pixels
    const spy = knownSpy(leftNeighbourModel);
    const { result } = await record(spy.predict, randomImage(w, h, 1), mask, { ...DEFAULT_PARAMS }, 5);
    expect(spy.passes.length).toBe(AUTO_PASSES + DEFAULT_PARAMS.refine);
    expect(result).toMatchObject({ stepsDone: spy.passes.length, cancelled: false });
  });
});
