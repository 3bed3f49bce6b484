import { describe, expect, it } from 'vitest';
import { AUTO_PASSES } from '../../../electron/core/sampler/budget';
import { BASELINE_PARAMS } from '../../../electron/core/sampler/params';
import { schedulePlot, stepsHint } from './sampler-schedule';

const gibbs = BASELINE_PARAMS;
const confidence = { ...BASELINE_PARAMS, sampler: 'confidence' as const };

describe('stepsHint', () => {
  it('says auto is one step per hole pixel for Gibbs, and a fixed count otherwise', () => {
    expect(stepsHint({ ...gibbs, steps: null }, 921)).toBe('auto: one step per hole pixel (921)');
    expect(stepsHint({ ...gibbs, steps: 50 }, 921)).toBe('50 steps');
  });

  it('says auto is the fixed pass budget for a progressive sampler, cut to the hole', () => {
    expect(stepsHint({ ...confidence, steps: null }, 1024)).toBe(`auto: ${AUTO_PASSES} passes`);
    expect(stepsHint({ ...confidence, steps: null }, 10)).toBe('auto: 10 passes (one per hole pixel)');
    expect(stepsHint({ ...confidence, sampler: 'entropy', steps: 500 }, 196)).toBe('196 passes (cut to one per hole pixel)');
    expect(stepsHint({ ...confidence, sampler: 'ancestral-budget', steps: 32, refine: 8 }, 196)).toBe('32 passes + 8 refine');
  });
});

describe('schedulePlot', () => {
  it('plots α_n for Gibbs, from α_max down to α_min', () => {
    const plot = schedulePlot({ ...gibbs, steps: 100 }, 50);
    expect(plot.values).toHaveLength(100);
    expect(plot.values[0]).toBe(BASELINE_PARAMS.alphaMax);
    expect(plot.values.at(-1)).toBe(BASELINE_PARAMS.alphaMin);
    expect(plot.yRange).toEqual([0, 1]);
    expect(schedulePlot({ ...gibbs, steps: null }, 1000).values).toHaveLength(400);
  });

  it('plots the pixels each pass commits for a progressive sampler, summing to the hole', () => {
    const plot = schedulePlot({ ...confidence, steps: 16 }, 1024);
    expect(plot.values).toHaveLength(16);
    expect(plot.values.reduce((s, v) => s + v, 0)).toBe(1024);
    // cosine: few pixels early, many late
    expect(plot.values[0]!).toBeLessThan(plot.values.at(-1)!);
    expect(plot.yRange).toEqual([0, Math.max(...plot.values)]);
    expect(plot.title).toBe('pixels committed per pass over P = 16 (cosine)');
    const linear = schedulePlot({ ...confidence, steps: 16, plan: 'linear' }, 1024);
    expect(new Set(linear.values)).toEqual(new Set([64]));
  });

  it('thins a long progressive run to the plot width and names the refinement', () => {
    const plot = schedulePlot({ ...confidence, sampler: 'entropy', steps: 1000, refine: 5 }, 1000, 400);
    expect(plot.values.length).toBeLessThanOrEqual(400);
    expect(plot.title).toContain('then 5 Gibbs steps');
  });
});
