import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../sampler/params';
import { presetParamsOf } from '../sampler/presets';
import { isRequestChannel, MAX_USER_PRESETS, parseRequest, PayloadError } from './schemas';

const job = () => ({
  image: { width: 2, height: 1, channels: 1, levels: 2, data: new Uint8Array([0, 1]) },
  mask: new Uint8Array([1, 0]),
  params: { ...DEFAULT_PARAMS, temperature: 1, alphaMax: 0.9, init: 'uniform' },
  chains: 1,
  seed: 7,
});

describe('request schemas', () => {
  it('accepts well-formed payloads', () => {
    expect(parseRequest('sampler:start', { job: job() }).job.seed).toBe(7);
    expect(parseRequest('models:list', undefined)).toBeUndefined();
    expect(parseRequest('training:python', { python: ' /usr/bin/python3 ' }).python).toBe('/usr/bin/python3');
    expect(parseRequest('training:python', { python: null }).python).toBeNull();
    expect(parseRequest('file:save', { kind: 'gif', suggestedName: 'chain.gif', bytes: new Uint8Array(3) }).kind).toBe('gif');
  });

  it('rejects wrong types, extra keys and out-of-range values, naming the field', () => {
    expect(() => parseRequest('sampler:start', { job: { ...job(), seed: -1 } })).toThrow(/job\.seed/);
    expect(() => parseRequest('sampler:start', { job: { ...job(), mask: [1, 0] } })).toThrow(PayloadError);
    expect(() => parseRequest('sampler:cancel', { runId: 1, extra: true })).toThrow(PayloadError);
    expect(() => parseRequest('model:load', { id: 'emoji-64' })).toThrow(/model:load: dir: Invalid key/);
    expect(() => parseRequest('model:load', { dir: '' })).toThrow(/model:load: dir/);
    expect(() => parseRequest('models:rename', { dir: '/u/models/a', name: '../escape' })).toThrow(/models:rename: name: a model name is letters/);
    expect(() => parseRequest('training:python', { python: '   ' })).toThrow(/training:python: python/);
    expect(() => parseRequest('sampler:start', { job: { ...job(), params: { ...job().params, temperature: Number.NaN } } })).toThrow(/temperature/);
  });

  it('checks the sampler and its knobs in a job, by the rules the sampler itself checks', () => {
    const start = (over: object) => () => parseRequest('sampler:start', { job: { ...job(), params: { ...job().params, ...over } } });
    expect(start({ sampler: 'confidence', plan: 'linear', choiceTemperature: 0, entropyOrder: 'highest', refine: 5 })).not.toThrow();
    expect(start({ sampler: 'maskgit' })).toThrow('sampler:start: job.params.sampler: sampler must be one of gibbs, confidence, entropy, ancestral-budget, got maskgit');
    expect(start({ plan: 'exponential' })).toThrow(/job\.params\.plan: plan must be one of cosine, linear/);
    expect(start({ choiceTemperature: -1 })).toThrow(/choiceTemperature must be in \[0, 1000\], got -1/);
    expect(start({ refine: 1.5 })).toThrow(/refine must be an integer in \[0, 1000000\], got 1.5/);
    expect(start({ steps: 'auto' })).toThrow(/job\.params\.steps/);
    const { refine: _, ...withoutRefine } = job().params;
    expect(() => parseRequest('sampler:start', { job: { ...job(), params: withoutRefine } })).toThrow('sampler:start: job.params.refine: refine is missing');
    expect(start({ colour: 'red' })).toThrow('sampler:start: job.params.colour: colour is not a parameter');
  });

  it('refuses α_min > α_max in a job and in a preset, which every run would then fail on', () => {
    const params = { ...job().params, alphaMin: 0.95 };
    expect(() => parseRequest('sampler:start', { job: { ...job(), params } })).toThrow(/alphaMin \(0.95\) must not exceed alphaMax \(0.9\)/);
    const preset = { id: 'p', name: 'P', params: { ...presetParamsOf(DEFAULT_PARAMS), alphaMax: 0.5, alphaMin: 0.9 } };
    expect(() => parseRequest('presets:change', { op: 'add', presets: [preset] })).toThrow(/alphaMin \(0.9\) must not exceed alphaMax \(0.5\)/);
    expect(parseRequest('presets:change', { op: 'add', presets: [{ ...preset, params: { ...preset.params, alphaMin: 0.5 } }] })).toMatchObject({ op: 'add' });
  });

  it('takes preset changes by id, one op at a time, at most MAX_USER_PRESETS added at once', () => {
    const preset = { id: 'p', name: 'P', params: presetParamsOf(DEFAULT_PARAMS) };
    expect(parseRequest('presets:change', { op: 'add', presets: [{ ...preset, params: { ...preset.params, sampler: 'entropy' } }] })).toMatchObject({ op: 'add' });
    expect(() => parseRequest('presets:change', { op: 'add', presets: [{ ...preset, params: { ...preset.params, init: 'model' } }] })).toThrow(/params\.init: init is not a parameter/);
    expect(parseRequest('presets:change', { op: 'rename', id: 'p', name: 'Q' })).toEqual({ op: 'rename', id: 'p', name: 'Q' });
    expect(parseRequest('presets:change', { op: 'delete', id: 'p' })).toEqual({ op: 'delete', id: 'p' });
    expect(() => parseRequest('presets:change', { op: 'delete', id: 'p', presets: [] })).toThrow(PayloadError);
    expect(() => parseRequest('presets:change', { op: 'replace', presets: [preset] })).toThrow(PayloadError);
    expect(() => parseRequest('presets:change', { op: 'rename', id: 'p', name: '' })).toThrow(/name/);
    expect(() => parseRequest('presets:change', { op: 'add', presets: Array.from({ length: MAX_USER_PRESETS + 1 }, () => preset) })).toThrow(/presets/);
  });

  it('refuses image data or a mask whose length is not the image’s size, naming the field', () => {
    const image = job().image;
    const start = (over: object) => () => parseRequest('sampler:start', { job: { ...job(), ...over } });
    expect(start({ image: { ...image, data: new Uint8Array(3) } })).toThrow('sampler:start: job.image: the data holds 3 values, expected 2×1×1');
    expect(start({ image: { ...image, data: new Uint8Array(1) } })).toThrow(/job\.image: the data holds 1 values/);
    expect(start({ image: { ...image, channels: 3 } })).toThrow(/expected 2×1×3/); // 2 values are one pixel short of RGB
    expect(start({ mask: new Uint8Array(3) })).toThrow('sampler:start: job: the mask holds 3 values, expected 2×1');
    expect(start({ mask: new Uint8Array(0) })).toThrow(/the mask holds 0 values/);
    expect(parseRequest('sampler:start', { job: { ...job(), image: { ...image, channels: 3, data: new Uint8Array(6) } } }).job.image.channels).toBe(3);
  });

  it('keeps sample names inside the samples folder', () => {
    expect(() => parseRequest('sample:read', { name: '../secret.png' })).toThrow(PayloadError);
    expect(() => parseRequest('sample:read', { name: 'a/b.png' })).toThrow(PayloadError);
    expect(parseRequest('sample:read', { name: 'digit 7.png' }).name).toBe('digit 7.png');
  });

  it('knows its channels', () => {
    expect(isRequestChannel('presets:change')).toBe(true);
    expect(isRequestChannel('shell:exec')).toBe(false);
    expect(isRequestChannel('toString')).toBe(false);
  });
});
