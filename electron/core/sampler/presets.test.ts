import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { BASELINE_PARAMS, DEFAULT_PARAMS, SAMPLERS } from './params';
import { BUILT_IN_PRESETS, DEFAULT_PRESET, findBuiltInPreset, presetParamsOf, StoredPresetParamsSchema } from './presets';

const stored = (params: object) => v.parse(StoredPresetParamsSchema, params);

describe('built-in presets', () => {
  it('Default is DEFAULT_PARAMS, knob for knob', () => {
    expect(DEFAULT_PRESET.params).toEqual(presetParamsOf(DEFAULT_PARAMS));
    expect(findBuiltInPreset('default')).toBe(DEFAULT_PRESET);
  });

  it('the post’s table, Coconet’s and the Gibbs preset are annealed Gibbs at one step per hole pixel', () => {
    const gibbs = BUILT_IN_PRESETS.filter((p) => p.id.startsWith('post-') || p.id === 'coconet' || p.id === 'gibbs');
    expect(gibbs).toHaveLength(14);
    for (const { id, params } of gibbs) expect([params.sampler, params.steps], id).toEqual(['gibbs', null]);
    expect(findBuiltInPreset('gibbs')?.params).toEqual(presetParamsOf(BASELINE_PARAMS));
  });

  it('Flat colours is the entropy order, lowest first, at the auto budget, then 16 Gibbs steps at T 0.5', () => {
    expect(findBuiltInPreset('flat-colours')?.params).toEqual(
      presetParamsOf({ ...BASELINE_PARAMS, sampler: 'entropy', entropyOrder: 'lowest', steps: null, temperature: 0.5, refine: 16 }),
    );
  });

  it('the progressive presets run their sampler as published, at the auto budget', () => {
    for (const id of ['confidence', 'entropy-lowest', 'ancestral-budget']) {
      expect(findBuiltInPreset(id)?.params, id).toMatchObject({ steps: null, temperature: BASELINE_PARAMS.temperature, refine: 0 });
    }
  });
});

describe('a stored preset', () => {
  const first = { temperature: 0.5, alphaMax: 0.9, alphaMin: 0.1, eta: 0.7, steps: 40 };

  it('saved before the sampler knob existed is annealed Gibbs with its own knobs, whatever the default sampler', () => {
    expect(stored(first)).toEqual({ ...presetParamsOf(BASELINE_PARAMS), ...first, sampler: 'gibbs' });
    expect(stored({ ...first, steps: null })).toMatchObject({ sampler: 'gibbs', steps: null });
  });

  it('keeps the sampler it names', () => {
    for (const sampler of SAMPLERS) expect(stored({ ...first, sampler }).sampler).toBe(sampler);
  });

  it('still needs the knobs every presets file has held', () => {
    const { temperature: _, ...noTemperature } = first;
    expect(() => stored(noTemperature)).toThrow('temperature is missing');
  });
});
