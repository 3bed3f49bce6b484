import { describe, expect, it } from 'vitest';
import { AUTO_PASSES } from '../core/sampler/budget';
import { BASELINE_PARAMS, DEFAULT_PARAMS } from '../core/sampler/params';
import { POST_SWEEP, sweepRows } from '../core/sampler/sweep';
import { parseInpaintArgs, samplerWords, USAGE, type InpaintOptions } from './args';

const parse = (...flags: string[]): InpaintOptions => {
  const options = parseInpaintArgs(['--image', 'in.png', '--mask', 'mask.png', '--out', 'out.png', '--seed', '1', ...flags], {});
  if (options === 'help') throw new Error('help');
  return options;
};

describe('parseInpaintArgs: the sampler flags', () => {
  it('defaults to the app’s parameters', () => {
    expect(parse().params).toEqual(DEFAULT_PARAMS);
  });

  it('reads every sampler and its knobs by the core’s rules; --steps auto is the auto budget', () => {
    expect(parse('--sampler', 'confidence', '--steps', '16', '--plan', 'linear', '--choice-temperature', '2.5', '--refine', '3').params).toEqual({
      ...DEFAULT_PARAMS,
      sampler: 'confidence',
      steps: 16,
      plan: 'linear',
      choiceTemperature: 2.5,
      refine: 3,
    });
    expect(parse('--steps', '16', '--steps', 'auto').params.steps).toBeNull();
    expect(parse('--sampler', 'entropy', '--entropy-order', 'highest').params).toMatchObject({ sampler: 'entropy', entropyOrder: 'highest' });
    expect(parse('--sampler', 'ancestral-budget', '--block', 'channelwise', '--init', 'model').params).toMatchObject({ sampler: 'ancestral-budget', blockSampler: 'channelwise', init: 'model' });
  });

  it('states the defaults in the help from DEFAULT_PARAMS', () => {
    expect(USAGE).toContain(`Sampler (defaults: ${samplerWords(DEFAULT_PARAMS)})`);
    expect(USAGE).toContain(`(default ${DEFAULT_PARAMS.sampler})`);
    expect(samplerWords(BASELINE_PARAMS)).toBe('annealed Gibbs, T 0.7, α 0.5 → 0.1, η 0.7, one step per hole pixel');
    expect(samplerWords({ ...BASELINE_PARAMS, sampler: 'entropy', entropyOrder: 'lowest' })).toBe(
      `lowest entropy first, T 0.7, ${AUTO_PASSES} passes (auto, at most one per hole pixel), cosine plan`,
    );
    expect(samplerWords({ ...BASELINE_PARAMS, sampler: 'confidence', steps: 16, refine: 2 })).toBe('confidence (MaskGIT), choice temperature 4.5, T 0.7, 16 passes, cosine plan, then 2 Gibbs steps (α 0.5 → 0.1, η 0.7)');
  });

  it('starts from a preset, which stores the sampler; flags override it', () => {
    expect(parse('--preset', 'confidence').params).toMatchObject({ sampler: 'confidence', steps: null });
    expect(parse('--preset', 'confidence', '--sampler', 'gibbs', '--temperature', '1').params).toMatchObject({ sampler: 'gibbs', temperature: 1 });
  });
});

describe('parseInpaintArgs: sweep axes', () => {
  it('are the post’s table when none is given: annealed Gibbs at one step per hole pixel, whatever the sampler flags', () => {
    expect(parse('--sweep', 'grid.png').sweepAxes).toEqual(POST_SWEEP);
    const options = parse('--sweep', 'grid.png', '--sampler', 'confidence', '--steps', '16');
    expect(sweepRows(options.params, options.sweepAxes).map(({ params }) => [params.sampler, params.steps])).toEqual(Array(12).fill(['gibbs', null]));
  });

  it('are the axes given, and only those, for any sampler flag', () => {
    expect(parse('--sweep-sampler', 'gibbs,confidence', '--sweep-steps', '16,auto', '--sweep-plan', 'cosine,linear').sweepAxes).toEqual({
      sampler: ['gibbs', 'confidence'],
      steps: [16, null],
      plan: ['cosine', 'linear'],
    });
    expect(parse('--sweep-temperature', '1,0.5').sweepAxes).toEqual({ temperature: [1, 0.5] });
    expect(parse('--sweep-block', 'independent,ancestral', '--sweep-refine', '0,4').sweepAxes).toEqual({ blockSampler: ['independent', 'ancestral'], refine: [0, 4] });
  });
});
