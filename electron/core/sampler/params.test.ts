import { describe, expect, it } from 'vitest';
import { APP_CHAINS_FIELD, DEFAULT_PARAMS, fieldProblem, MAX_APP_CHAINS, MAX_CHAINS, MAX_STEPS, PARAM_FIELDS, PARAM_NAMES, ParamError, validateChains, validateParams, validateSeed, type GibbsParams } from './params';
import { BUILT_IN_PRESETS, findBuiltInPreset, PRESET_KEYS, presetParamsOf } from './presets';

const params = (overrides: Record<string, unknown>): GibbsParams => ({ ...DEFAULT_PARAMS, ...overrides }) as GibbsParams;

describe('validateParams', () => {
  it('accepts the defaults, every built-in preset and the ends of each range', () => {
    expect(validateParams({ ...DEFAULT_PARAMS })).toEqual(DEFAULT_PARAMS);
    for (const preset of BUILT_IN_PRESETS) expect(() => validateParams(params(preset.params)), preset.id).not.toThrow();
    for (const ok of [{ temperature: 0 }, { temperature: 1000 }, { alphaMax: 1, alphaMin: 0 }, { alphaMin: 0.5, alphaMax: 0.5 }, { eta: 1e-309 }, { steps: 1 }, { steps: MAX_STEPS }, { choiceTemperature: 0 }, { choiceTemperature: 1000 }, { refine: 0 }, { refine: MAX_STEPS }]) {
      expect(() => validateParams(params(ok)), JSON.stringify(ok)).not.toThrow();
    }
  });

  it.each([
    [{ temperature: -1 }, /^temperature must be in \[0, 1000\], got -1$/],
    [{ temperature: 1000.5 }, /^temperature must be in/],
    [{ temperature: Number.NaN }, /^temperature must be a finite number, got NaN$/],
    [{ alphaMax: 1.1 }, /^alphaMax must be in \[0, 1\]/],
    [{ alphaMin: -0.1 }, /^alphaMin must be in \[0, 1\]/],
    [{ alphaMin: 0.6, alphaMax: 0.5 }, /^alphaMin \(0.6\) must not exceed alphaMax \(0.5\)$/],
    [{ eta: 0 }, /^eta must be a finite number > 0, got 0$/],
    [{ eta: Number.POSITIVE_INFINITY }, /^eta must be/],
    [{ steps: 0 }, /^steps must be an integer in \[1, 1000000\], got 0$/],
    [{ steps: 2.5 }, /^steps must be an integer/],
    [{ steps: MAX_STEPS + 1 }, /^steps must be an integer/],
    [{ init: 'noise' }, /^init must be one of uniform, model, border, keep, got noise$/],
    [{ blockSampler: 'gibbs' }, /^blockSampler must be one of independent, channelwise, ancestral, got gibbs$/],
    [{ sampler: 'maskgit' }, /^sampler must be one of gibbs, confidence, entropy, ancestral-budget, got maskgit$/],
    [{ plan: 'exponential' }, /^plan must be one of cosine, linear, got exponential$/],
    [{ choiceTemperature: -0.5 }, /^choiceTemperature must be in \[0, 1000\], got -0.5$/],
    [{ choiceTemperature: Number.POSITIVE_INFINITY }, /^choiceTemperature must be a finite number, got Infinity$/],
    [{ entropyOrder: 'middle' }, /^entropyOrder must be one of lowest, highest, got middle$/],
    [{ refine: -1 }, /^refine must be an integer in \[0, 1000000\], got -1$/],
    [{ refine: 0.5 }, /^refine must be an integer/],
    [{ refine: null }, /^refine must be an integer in \[0, 1000000\], got null$/],
    [{ temperature: '1' }, /^temperature must be a finite number, got 1$/],
    [{ colour: 'red' }, /^colour is not a parameter$/],
  ])('refuses %o with a line naming the field', (bad, message) => {
    expect(() => validateParams(params(bad))).toThrow(ParamError);
    expect(() => validateParams(params(bad))).toThrow(message);
  });
});

describe('validateChains and validateSeed', () => {
  it('take integers in range and refuse the rest', () => {
    expect(validateChains(1)).toBe(1);
    expect(validateChains(MAX_CHAINS)).toBe(MAX_CHAINS);
    for (const bad of [0, MAX_CHAINS + 1, 1.5, Number.NaN]) expect(() => validateChains(bad), String(bad)).toThrow(/^chains must be an integer in \[1, 64\]/);
    expect(validateSeed(0)).toBe(0);
    expect(validateSeed(0xffffffff)).toBe(0xffffffff);
    for (const bad of [-1, 2 ** 32, 0.5, Number.NaN]) expect(() => validateSeed(bad), String(bad)).toThrow(/^seed must be an integer in \[0, 4294967295\]/);
  });
});

describe('built-in presets', () => {
  it('store the sampler and its knobs, and nothing else', () => {
    for (const preset of BUILT_IN_PRESETS) expect(Object.keys(preset.params).sort(), preset.id).toEqual([...PRESET_KEYS].sort());
    const run: GibbsParams = { ...DEFAULT_PARAMS, init: 'model' };
    expect(presetParamsOf(run)).not.toHaveProperty('init');
  });

  it('keep the ids the CLI and saved settings name, and reach every sampler', () => {
    expect(findBuiltInPreset('post-t0.1-amin0.00001-eta0.001')?.params).toMatchObject({ sampler: 'gibbs', temperature: 0.1, alphaMax: 0.5, alphaMin: 0.00001, eta: 0.001, steps: null });
    expect(findBuiltInPreset('coconet')?.params).toMatchObject({ temperature: 0.99, alphaMax: 0.9, alphaMin: 0.1, eta: 0.7 });
    expect(new Set(BUILT_IN_PRESETS.map((p) => p.params.sampler))).toEqual(new Set(['gibbs', 'confidence', 'entropy', 'ancestral-budget']));
    expect(new Set(BUILT_IN_PRESETS.map((p) => p.id)).size).toBe(BUILT_IN_PRESETS.length);
  });
});

describe('fieldProblem', () => {
  it('says what a field needs in words, from the same rules the sampler checks', () => {
    expect(fieldProblem('Temperature T', PARAM_FIELDS.temperature, -1)).toBe('Temperature T must be a number from 0 to 1000');
    expect(fieldProblem('η', PARAM_FIELDS.eta, 0)).toBe('η must be a number above 0');
    expect(fieldProblem('Steps N', PARAM_FIELDS.steps, 2.5)).toBe('Steps N must be a whole number from 1 to 1000000, or empty for auto');
    expect(fieldProblem('Chains', APP_CHAINS_FIELD, 50)).toBe(`Chains must be a whole number from 1 to ${MAX_APP_CHAINS}`);
    expect(fieldProblem('Chains', APP_CHAINS_FIELD, '')).not.toBeNull();
    for (const key of PARAM_NAMES) expect(fieldProblem(key, PARAM_FIELDS[key], DEFAULT_PARAMS[key]), key).toBeNull();
  });
});
