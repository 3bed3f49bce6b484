import { describe, expect, it } from 'vitest';
import { parseRequest } from '../ipc/schemas';
import type { ProgressMessage, ProgressOf } from './protocol';
import { applyProgress, appendPoint, formatDuration, MAX_POINTS, newView, type Point, type TrainForm } from './session';

const form: TrainForm = { dataDir: '/pics', base: { kind: 'model', dir: '/app/models/emoji-64' }, duration: { unit: 'minutes', value: 10 }, examples: 'crop' };
const start: ProgressOf<'start'> = {
  type: 'start', protocol: 1, device: 'cpu', hardware: 'CPU, 2 threads', processes: 1, run: '/r', examples: 9, validation: 1,
  validationExamples: 16, skipped: 0, exampleMode: 'crop', size: [64, 64], channels: 3, levels: 32, base: 'emoji-64',
  parameters: 1000, steps: null, minutes: 10, resumedFrom: null,
};
const step = (n: number): ProgressOf<'step'> => ({ type: 'step', step: n, loss: 1 / n, lossNats: 1, lr: 1e-4, stepsPerSecond: 2, elapsed: n, eta: 9 });

describe('the Train panel view of a run', () => {
  it('plots steps and validations, and a resume keeps the points before its step', () => {
    let view = newView(form, 'pics');
    const messages: ProgressMessage[] = [start, step(1), step(2), { type: 'validation', step: 2, nll: 0.9, nllNats: 1, best: 0.9 }, step(3)];
    for (const m of messages) view = applyProgress(view, m);
    expect(view.train).toEqual([[1, 1], [2, 0.5], [3, 1 / 3]]);
    expect(view.validation).toEqual([[2, 0.9]]);
    // paused at its checkpoint of step 2: the resumed run repeats step 3
    view = applyProgress(view, { type: 'cancelled', step: 3, checkpoint: '/r/ckpt.pt', best: null, reason: 'signal' });
    expect(view).toMatchObject({ status: 'paused', resumable: true });
    view = applyProgress({ ...view, status: 'running' }, { ...start, resumedFrom: 2 });
    view = applyProgress(view, { ...step(3), loss: 0.25 });
    expect(view.train).toEqual([[1, 1], [2, 0.5], [3, 0.25]]);
    expect(applyProgress(view, { ...start }).train).toEqual([]); // a fresh start clears them
  });

  it('ends done, failed with its message, and keeps a non-finite loss off the plot', () => {
    const view = applyProgress(newView(form, 'pics'), { ...step(1), loss: null });
    expect(view.train).toEqual([]);
    expect(applyProgress(view, { type: 'error', message: 'disk full' })).toMatchObject({ status: 'failed', message: 'disk full' });
    expect(applyProgress(view, { type: 'done', model: '/m', run: '/r', steps: 1, best: 1, base: 2 }).status).toBe('done');
  });

  it('halves a full series, keeping its last point', () => {
    let points: Point[] = [];
    for (let i = 1; i <= MAX_POINTS + 1; i++) points = appendPoint(points, [i, i]);
    expect(points.length).toBe(Math.ceil((MAX_POINTS + 1) / 2));
    expect(points.at(-1)).toEqual([MAX_POINTS + 1, MAX_POINTS + 1]);
  });

  it('formats a time left', () => {
    expect([formatDuration(12.4), formatDuration(240), formatDuration(3900), formatDuration(Number.NaN)]).toEqual(['12 s', '4 min', '1 h 5 min', '–']);
  });

  it('the IPC schema refuses a form that is not one', () => {
    expect(parseRequest('training:start', form)).toEqual(form);
    expect(() => parseRequest('training:start', { ...form, base: { kind: 'model', dir: '' } })).toThrow(/training:start: base/);
    expect(() => parseRequest('training:start', { ...form, base: { kind: 'fresh', netSize: 'huge' } })).toThrow(/training:start: base/);
    expect(() => parseRequest('training:start', { ...form, duration: { unit: 'steps', value: 1.5 } })).toThrow(/duration/);
    expect(() => parseRequest('training:start', { ...form, duration: { unit: 'minutes', value: Number.NaN } })).toThrow(/duration/);
    expect(() => parseRequest('training:preview', { ...form, extra: 1 })).toThrow();
  });
});
