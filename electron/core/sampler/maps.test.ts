import { describe, expect, it } from 'vitest';
import { holePixels, type LevelImage } from '../image/level-image';
import type { GibbsStep } from './gibbs';
import { createMapState, entropyBits, takeMaps, type HoleMaps } from './maps';
import { BLOCK_SAMPLERS, DEFAULT_PARAMS, SAMPLERS, type GibbsParams } from './params';
import type { Predict } from './predict';
import { chainRngs } from './rng';
import { runSampler } from './run-sampler';
import { K, knownSpy, randomImage, randomMask } from './testing/fake-models';

const W = 6;
const H = 5;
/** Equal odds over this many of the K = 4 levels, by column: entropy ln 1, ln 3, ln 4 per value. */
const spread = (x: number) => [1, 3, 4][x % 3]!;
const expectedByte = (x: number) => Math.round((255 * Math.log(spread(x))) / Math.log(K));

/** A fake conditional whose entropy is known exactly: it depends on the column only. */
const columnModel: Predict = async ({ levels, batch, height, width }) => {
  const C = levels.length / (batch * height * width);
  const logits = new Float32Array(levels.length * K).fill(-Infinity);
  for (let v = 0; v < levels.length; v++) {
    const x = Math.floor(v / C) % width;
    for (let k = 0; k < spread(x); k++) logits[v * K + k] = 0;
  }
  return logits;
};

interface Frames {
  images: Uint8Array[];
  maps: HoleMaps[];
  steps: GibbsStep[];
}

async function run(predict: Predict, start: LevelImage, mask: Uint8Array, params: GibbsParams, chains = 1): Promise<Frames> {
  const out: Frames = { images: [], maps: [], steps: [] };
  await runSampler(predict, start, mask, params, {
    rngs: chainRngs(7, chains),
    onInit: (image, maps) => (out.images.push(image), out.maps.push(maps)),
    onStep: (step) => (out.images.push(step.image), out.maps.push(step.maps), out.steps.push(step)),
  });
  return out;
}

const p = (overrides: Partial<GibbsParams>): GibbsParams => ({ ...DEFAULT_PARAMS, steps: 8, temperature: 1, ...overrides });
const configurations: Partial<GibbsParams>[] = [
  ...BLOCK_SAMPLERS.map((blockSampler) => ({ blockSampler })),
  ...SAMPLERS.filter((s) => s !== 'gibbs').map((sampler) => ({ sampler })),
];

describe('uncertainty map', () => {
  it.each(configurations)('is the entropy of the fake conditional, per hole pixel and chain (%o)', async (overrides) => {
    for (const C of [1, 3]) {
      const mask = randomMask(W, H, 3, 0.5);
      const hole = holePixels(mask);
      const { maps } = await run(columnModel, randomImage(W, H, C), mask, p(overrides), 2);
      const last = maps.at(-1)!;
      expect(last.entropy).toHaveLength(2 * hole.length);
      // after the fill every hole pixel was drawn from a pass: its byte is ln(spread)/ln K of 255
      expect(Array.from(last.entropy)).toEqual([...hole, ...hole].map((px) => expectedByte(px % W)));
    }
  });

  it('comes from the pass that drew each pixel: the one where it was last unknown', async () => {
    // pass t is sure (entropy 0) when t is even and uniform (ln K) when odd
    let t = 0;
    const alternating: Predict = async ({ levels }) => {
      const logits = new Float32Array(levels.length * K).fill(t++ % 2 === 0 ? -Infinity : 0);
      for (let v = 0; v < levels.length; v++) logits[v * K] = 0;
      return logits;
    };
    const spy = knownSpy(alternating);
    const mask = randomMask(W, H, 5, 0.6);
    const hole = holePixels(mask);
    const { maps } = await run(spy.predict, randomImage(W, H, 1), mask, p({ init: 'uniform', steps: 12 }));
    expect(Array.from(maps[0]!.entropy)).toEqual(Array.from(hole, () => 255)); // uniform start: no pass yet, nothing known
    maps.slice(1).forEach((frame, n) => {
      const expected = Array.from(hole, (px) => {
        const last = spy.passes.slice(0, n + 1).findLastIndex((known) => !known[px]);
        return last < 0 ? 255 : last % 2 === 0 ? 0 : 255;
      });
      expect(Array.from(frame.entropy)).toEqual(expected);
    });
  });

  it('reads in bits as a share of C·log2 K', () => {
    expect(entropyBits(255, 3, 32)).toBe(15);
    expect(entropyBits(0, 1, 2)).toBe(0);
  });
});

describe('change map', () => {
  it('counts, per pixel, the frames whose value differs from the frame before (a scripted chain)', () => {
    const hole = Int32Array.from([0, 2]);
    const shape = { batch: 1, pixels: 3, channels: 2, levels: 4 };
    const state = createMapState(6, 2, 1, 4);
    const script = [
      [0, 0, 9, 9, 0, 0],
      [1, 0, 9, 9, 0, 0], // pixel 0 changes one channel
      [1, 0, 8, 8, 0, 1], // pixel 2 changes; pixel 1 is not in the hole and is never counted
      [1, 0, 8, 8, 0, 1], // nothing
      [2, 3, 8, 8, 3, 1],
    ];
    const counts = script.map((frame) => Array.from(takeMaps(state, shape, hole, Uint8Array.from(frame)).changes));
    expect(counts).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [1, 1],
      [2, 2],
    ]);
  });

  it('saturates at 65535', () => {
    const hole = Int32Array.from([0]);
    const shape = { batch: 1, pixels: 1, channels: 1, levels: 2 };
    const state = createMapState(1, 1, 1, 2);
    let maps: HoleMaps | null = null;
    for (let i = 0; i < 65_540; i++) maps = takeMaps(state, shape, hole, Uint8Array.of(i % 2));
    expect(maps!.changes[0]).toBe(65535);
  });

  it.each(configurations)('matches the changes between the frames a sampler emits, every chain (%o)', async (overrides) => {
    const C = 3;
    const mask = randomMask(W, H, 9, 0.5);
    const hole = holePixels(mask);
    const { images, maps } = await run(columnModel, randomImage(W, H, C), mask, p({ ...overrides, steps: 10, refine: 6 }), 2); // refine: progressive fills commit each pixel once
    const counts = new Array<number>(2 * hole.length).fill(0);
    images.forEach((image, f) => {
      if (f > 0) {
        for (let b = 0; b < 2; b++) {
          hole.forEach((px, i) => {
            const at = (b * W * H + px) * C;
            if ([0, 1, 2].some((ch) => image[at + ch] !== images[f - 1]![at + ch])) counts[b * hole.length + i]!++;
          });
        }
      }
      expect(Array.from(maps[f]!.changes)).toEqual(counts);
    });
    expect(counts.some((n) => n > 1)).toBe(true); // the chain moved, so a wrong count would show
  });
});
