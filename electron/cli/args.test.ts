import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../core/sampler/params';
import { POST_SWEEP } from '../core/sampler/sweep';
import { parseInpaintArgs, type InpaintOptions } from './args';

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

  it('starts from a preset, which stores the sampler; flags override it', () => {
    expect(parse('--preset', 'confidence').params).toMatchObject({ sampler: 'confidence', steps: null });
    expect(parse('--preset', 'confidence', '--sampler', 'gibbs', '--temperature', '1').params).toMatchObject({ sampler: 'gibbs', temperature: 1 });
  });
});

describe('parseInpaintArgs: sweep axes', () => {
  it('are the post’s table when none is given', () => {
    expect(parse('--sweep', 'grid.png').sweepAxes).toEqual(POST_SWEEP);
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
