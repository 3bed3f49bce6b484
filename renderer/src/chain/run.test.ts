import { describe, expect, it } from 'vitest';
import type { GibbsStep } from '../../../electron/core/sampler/gibbs';
import { DEFAULT_PARAMS } from '../../../electron/core/sampler/params';
import { workingRegion } from '../../../electron/core/region/working-region';
import { placeRegion } from '../lib/placement';
import { applyEvent, dropOldRuns, frameImage, indexAtOrBefore, newRun, progressOf, pushFrame, stepRate, type Run } from './run';
import { noMaps } from '../testing/fake-api';

const W = 4;
const mask = new Uint8Array([1, 1, 0, 0]);
const picture = { width: W, height: 1, data: new Uint8Array(W * 4) };
const place = placeRegion(picture, picture, mask, workingRegion({ x: 0, y: 0, width: W, height: 1 }, 'native', { width: W, height: 1 }), { feather: 0, smooth: false });
const shape = { width: W, height: 1, channels: 1, levels: 2 };
const run = (id = 1, chains = 1): Run => newRun({ id, label: `run ${id}`, params: { ...DEFAULT_PARAMS }, seed: 3, chains, shape, mask, place, parent: null, steps: 4 }, 0);
const frame = (v: number, chains = 1) => new Uint8Array(W * chains).fill(v);
const step = (n: number): GibbsStep => ({ n, steps: 4, alpha: 1 - n / 4, blockSize: [1], meanLogProb: [-n, -n - 2], image: frame(n + 1), maps: noMaps() });

describe('run data', () => {
  it('folds init, steps and done into the run', () => {
    const r = run();
    applyEvent(r, { type: 'init', maps: noMaps(), id: 1, image: frame(0) }, 0);
    applyEvent(r, { type: 'step', id: 1, step: step(0) }, 100);
    applyEvent(r, { type: 'step', id: 1, step: step(1) }, 200);
    expect(r.frameNumbers).toEqual([0, 1, 2]);
    expect(r.alphas).toEqual([1, 0.75]);
    expect(r.logProbs).toEqual([-1, -2]); // mean over chains
    expect(r.bytes).toBe(3 * W);
    expect(progressOf(r)).toMatchObject({ n: 2, N: 4, alpha: 0.75, fraction: 0.5, rate: 10, eta: 0.2 });
    applyEvent(r, { type: 'done', id: 1, result: { image: frame(0), stepsDone: 2, steps: 4, cancelled: true } }, 300);
    expect(r.status).toBe('cancelled');
    expect(progressOf(r).eta).toBeNull(); // a finished run has no ETA
  });

  it('records an error and keeps the frames so far', () => {
    const r = run();
    applyEvent(r, { type: 'init', maps: noMaps(), id: 1, image: frame(0) }, 0);
    applyEvent(r, { type: 'error', id: 1, message: 'boom' }, 1);
    expect(r).toMatchObject({ status: 'error', error: 'boom', frameNumbers: [0] });
  });

  it('thins past the budget: first and latest kept, the stride doubles, bytes stay within it', () => {
    const r = run();
    for (let no = 0; no <= 20; no++) pushFrame(r, frame(no), no, noMaps(), 6 * W);
    expect(r.stride).toBe(4);
    expect(r.frameNumbers).toEqual([0, 4, 8, 12, 16, 20]);
    expect(r.bytes).toBeLessThanOrEqual(6 * W);
    pushFrame(r, frame(21), 21, noMaps(), 6 * W); // a seventh frame: thinned again, to stride 8, the latest kept
    expect(r.frameNumbers).toEqual([0, 8, 16, 21]);
    pushFrame(r, frame(22), 22, noMaps(), 6 * W); // 21 is off the grid: the new latest replaces it
    expect(r.frameNumbers).toEqual([0, 8, 16, 22]);
    expect(indexAtOrBefore(r, 15)).toBe(1); // frame 8
    expect(indexAtOrBefore(r, -1)).toBe(0);
  });

  it('views one chain of a frame without copying it', () => {
    const r = run(1, 2);
    const stored = new Uint8Array([1, 1, 1, 1, 2, 2, 2, 2]);
    pushFrame(r, stored, 0, noMaps());
    const second = frameImage(r, 0, 1)!;
    expect([...second.data]).toEqual([2, 2, 2, 2]);
    expect(second.data.buffer).toBe(stored.buffer);
    expect(frameImage(r, 5, 0)).toBeNull();
  });

  it('measures steps/s over the last two seconds', () => {
    expect(stepRate([])).toBe(0);
    const slowThenFast = [0, 1000, 2000, 3000, ...Array.from({ length: 20 }, (_, i) => 3100 + i * 100)];
    expect(stepRate(slowThenFast)).toBeCloseTo(10, 5); // the first, slow seconds are out of the window
  });

  it('drops the oldest finished runs first, never a live one or the one kept', () => {
    const [a, b, c, d] = [run(1), run(2), run(3), run(4)];
    a.status = 'running';
    b.status = 'done';
    c.status = 'done';
    d.status = 'done';
    expect(dropOldRuns([a, b, c, d], 2, 2).map((r) => r.id)).toEqual([1, 2]);
    [b, c, d].forEach((r) => pushFrame(r, frame(0), 0, noMaps()));
    expect(dropOldRuns([a, b, c, d], 4, 9, 2 * W).map((r) => r.id)).toEqual([1, 3, 4]);
  });

  it('is plain data: a structured clone is the same run', () => {
    const r = run();
    applyEvent(r, { type: 'init', maps: noMaps(), id: 1, image: frame(7) }, 0);
    applyEvent(r, { type: 'step', id: 1, step: step(0) }, 5);
    expect(structuredClone(r)).toEqual(r);
  });
});
