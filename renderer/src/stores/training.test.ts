import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Api, TrainingEvent } from '../../../electron/core/ipc/contract';
import type { ProgressOf } from '../../../electron/core/training/protocol';
import { newView, type TrainForm } from '../../../electron/core/training/session';
import { useNoticesStore } from './notices';
import { useTrainingStore } from './training';

/** A main side that records requests and answers what the test sets. */
function fakeMain() {
  const calls: { channel: string; req: unknown }[] = [];
  let listener: ((e: TrainingEvent) => void) | null = null;
  const answers: Record<string, (req: unknown) => unknown> = {
    'training:state': () => null,
    'training:start': (req) => newView(req as TrainForm, 'sprites'),
    'models:list': () => ({ models: [], broken: [], userRoot: '/u/models', problem: null }),
  };
  const api = {
    invoke: async (channel: string, req: unknown) => {
      calls.push({ channel, req });
      const answer = answers[channel];
      if (!answer) throw new Error(`Error invoking remote method '${channel}': Error: no answer for ${channel}`);
      return answer(req);
    },
    on: (_channel: string, l: (e: TrainingEvent) => void) => {
      listener = l;
      return () => (listener = null);
    },
  } as unknown as Api;
  Object.defineProperty(globalThis, 'api', { value: api, configurable: true });
  return { calls, answers, emit: (e: TrainingEvent) => listener?.(e) };
}

const step: ProgressOf<'step'> = { type: 'step', step: 5, loss: 0.9, lossNats: 1, lr: 1e-4, stepsPerSecond: 2, elapsed: 3, eta: 27 };

describe('the Train panel store', () => {
  let main: ReturnType<typeof fakeMain>;
  beforeEach(() => {
    main = fakeMain();
    setActivePinia(createPinia());
  });

  it('sends the form as the panel holds it, steps rounded, and follows the run from its events', async () => {
    const t = useTrainingStore();
    await t.init();
    Object.assign(t, { dataDir: '/pics', base: 'model:C:\\models\\emoji-64', unit: 'steps', amount: 99.6, examples: 'resize', title: '  sprites ' });
    await t.start();
    expect(main.calls.at(-1)).toEqual({
      channel: 'training:start',
      req: { dataDir: '/pics', base: { kind: 'model', dir: 'C:\\models\\emoji-64' }, duration: { unit: 'steps', value: 100 }, examples: 'resize', title: 'sprites' },
    });
    expect(t.active).toBe(true);
    main.emit({ type: 'progress', message: step });
    expect(t.view?.train).toEqual([[5, 0.9]]);
    // the end of a run lists the new model in the picker
    main.emit({ type: 'view', view: { ...t.view!, status: 'done' } });
    await Promise.resolve();
    expect(main.calls.some((c) => c.channel === 'models:list')).toBe(true);
  });

  it('a fresh net is named by its size; a refusal is one line in the panel, the form kept', async () => {
    const t = useTrainingStore();
    Object.assign(t, { dataDir: '/pics', base: 'fresh:small', amount: 3 });
    main.answers['training:start'] = () => {
      throw new Error("Error invoking remote method 'training:start': Error: /pics is not a folder");
    };
    await t.start();
    expect((main.calls.at(-1)!.req as TrainForm).base).toEqual({ kind: 'fresh', netSize: 'small' });
    expect(t.problem).toBe('/pics is not a folder');
    expect([t.dataDir, t.view]).toEqual(['/pics', null]);
  });

  it('refuses to send a form without a folder or with a bad duration', async () => {
    const t = useTrainingStore();
    await t.start();
    expect(t.problem).toBe('Pick a folder of images first.');
    Object.assign(t, { dataDir: '/pics', base: 'fresh:tiny', amount: Number.NaN });
    await t.start();
    expect(t.problem).toBe('Give a positive number of minutes.');
    expect(main.calls.filter((c) => c.channel === 'training:start')).toHaveLength(0);
  });

  it('fetches the newest sample sheet when the trainer reports one', async () => {
    main.answers['training:sheet'] = () => new Uint8Array([137, 80, 78, 71]);
    const t = useTrainingStore();
    await t.init();
    Object.assign(t, { dataDir: '/pics', base: 'fresh:tiny', amount: 1 });
    await t.start();
    expect(t.sheetUrl).toBeNull();
    main.emit({ type: 'progress', message: { type: 'sheet', path: '/runs/r/sheets/step-0000040.png', step: 40 } });
    await new Promise((r) => setTimeout(r, 0));
    expect(t.view?.sheetStep).toBe(40);
    expect(t.sheetUrl).toMatch(/^blob:/);
  });

  it('offers to resume a run left paused when the app last closed', async () => {
    const form: TrainForm = { dataDir: '/pics', base: { kind: 'fresh', netSize: 'tiny' }, duration: { unit: 'minutes', value: 5 }, examples: 'crop' };
    main.answers['training:state'] = () => ({ ...newView(form, 'pics'), status: 'paused', resumable: true });
    main.answers['training:sheet'] = () => null;
    const t = useTrainingStore();
    await t.init();
    expect(t.view?.status).toBe('paused');
    expect(useNoticesStore().notices.map((n) => n.text)).toEqual(['A training run (pics) is paused: open Train to resume it.']);
  });
});
