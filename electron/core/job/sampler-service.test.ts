import { describe, expect, it } from 'vitest';
import type { Precision } from '../model/card';
import { fixtureCard, FIXTURE_DEFAULTS } from '../model/testing/fixture';
import type { Predictor } from '../predictor/predictor';
import type { SamplerEvent } from './protocol';
import { createSamplerService, type OpenPredictor } from './sampler-service';

const card = fixtureCard('tiny', FIXTURE_DEFAULTS);
const predictor: Predictor = { backend: 'onnxruntime', card, predict: () => Promise.resolve(new Float32Array()), dispose: () => Promise.resolve() };

/** Opens fp32 always; int8 only when `int8Opens`. Records what it was asked. */
function fakeOpen(int8Opens: boolean): { open: OpenPredictor; asked: Precision[] } {
  const asked: Precision[] = [];
  const open: OpenPredictor = (_dir, _backend, precision) => {
    asked.push(precision);
    if (precision === 'int8' && !int8Opens) return Promise.reject(new Error('/m/tiny/model.int8.onnx: is missing'));
    return Promise.resolve({ predictor, reason: `onnxruntime: auto (the first choice)${precision === 'int8' ? '; int8 graph' : ''}`, precision });
  };
  return { open, asked };
}

const load = (open: OpenPredictor, precision: Precision) =>
  new Promise<SamplerEvent>((resolve) => createSamplerService(open).handle({ type: 'load', modelDir: '/m/tiny', backend: 'auto', precision }, resolve));

describe('the sampler service’s load', () => {
  it('reports the graph that runs', async () => {
    const { open, asked } = fakeOpen(true);
    expect(await load(open, 'int8')).toMatchObject({ type: 'loaded', precision: 'int8', reason: 'onnxruntime: auto (the first choice); int8 graph' });
    expect(await load(open, 'fp32')).toMatchObject({ type: 'loaded', precision: 'fp32' });
    expect(asked).toEqual(['int8', 'fp32']);
  });

  it('falls back to fp32 when the int8 graph does not open, saying why in one line', async () => {
    const { open, asked } = fakeOpen(false);
    const event = await load(open, 'int8');
    expect(event).toMatchObject({ type: 'loaded', precision: 'fp32' });
    expect(event.type === 'loaded' && event.reason).toBe('onnxruntime: auto (the first choice); int8 graph refused, running fp32: /m/tiny/model.int8.onnx: is missing');
    expect(asked).toEqual(['int8', 'fp32']);
  });

  it('a model that does not open at all is a load error', async () => {
    const open: OpenPredictor = () => Promise.reject(new Error('/m/tiny/card.json: is missing'));
    expect(await load(open, 'int8')).toEqual({ type: 'load-error', message: '/m/tiny/card.json: is missing' });
  });
});
