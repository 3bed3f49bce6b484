import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, MAX_CHAINS, MAX_STEPS, ParamError, validateChains, validateParams, validateSeed, type GibbsParams } from './params';
import { BUILT_IN_PRESETS } from './presets';

const params = (overrides: Record<string, unknown>): GibbsParams => ({ ...DEFAULT_PARAMS, ...overrides }) as GibbsParams;

describe('validateParams', () => {
  it('accepts the defaults, every built-in preset and the ends of each range', () => {
    expect(validateParams({ ...DEFAULT_PARAMS })).toEqual(DEFAULT_PARAMS);
    for (const preset of BUILT_IN_PRESETS) expect(() => validateParams(params(preset.params)), preset.id).not.toThrow();
    for (const ok of [{ temperature: 0 }, { temperature: 1000 }, { alphaMax: 1, alphaMin: 0 }, { alphaMin: 0.5, alphaMax: 0.5 }, { eta: 1e-309 }, { steps: 1 }, { steps: MAX_STEPS }]) {
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
