import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, SAMPLERS, validateParams } from './params';
import { POST_SWEEP, sweepRows } from './sweep';

describe('sweepRows', () => {
  it('lays the post’s table out as its 12 rows, T outermost and η innermost, labelled as the post does', () => {
    const rows = sweepRows(DEFAULT_PARAMS, POST_SWEEP);
    expect(rows).toHaveLength(12);
    expect(rows.slice(0, 3).map((r) => r.label)).toEqual(['T=1 α 0.5→0.1 η=0.1', 'T=1 α 0.5→0.1 η=0.001', 'T=1 α 0.5→0.001 η=0.1']);
    expect(rows.at(-1)!.label).toBe('T=0.1 α 0.5→0.00001 η=0.001');
    expect(rows.at(-1)!.params).toEqual({ ...DEFAULT_PARAMS, sampler: 'gibbs', temperature: 0.1, alphaMax: 0.5, alphaMin: 0.00001, eta: 0.001, steps: null });
    for (const { params } of rows) expect(() => validateParams(params)).not.toThrow();
  });

  it('keeps the post’s table annealed Gibbs at one step per hole pixel, whatever sampler and budget the base has', () => {
    for (const sampler of SAMPLERS) {
      const rows = sweepRows({ ...DEFAULT_PARAMS, sampler, steps: 16 }, POST_SWEEP);
      expect(rows.map((r) => [r.params.sampler, r.params.steps]), sampler).toEqual(rows.map(() => ['gibbs', null]));
    }
  });

  it('labels a row by the axes that vary, every axis when none does', () => {
    expect(sweepRows(DEFAULT_PARAMS, { steps: [16], temperature: [1, 0.5] }).map((r) => r.label)).toEqual(['T=1', 'T=0.5']);
    expect(sweepRows(DEFAULT_PARAMS, { steps: [16], temperature: [1] }).map((r) => r.label)).toEqual(['T=1 N=16']);
  });

  it('sweeps the new knobs too: sampler × budget, the rest from the base', () => {
    const base = { ...DEFAULT_PARAMS, temperature: 0.5 };
    const rows = sweepRows(base, { sampler: ['gibbs', 'confidence'], steps: [16, null], choiceTemperature: [0, 4.5] });
    expect(rows).toHaveLength(8);
    expect(rows.map((r) => r.label).slice(0, 3)).toEqual(['gibbs N=16 τ=0', 'gibbs N=16 τ=4.5', 'gibbs N=auto τ=0']);
    expect(rows[7]).toEqual({ label: 'confidence N=auto τ=4.5', params: { ...base, sampler: 'confidence', steps: null, choiceTemperature: 4.5 } });
  });

  it('is the base alone for no axis', () => {
    expect(sweepRows(DEFAULT_PARAMS, {})).toEqual([{ label: '', params: DEFAULT_PARAMS }]);
  });
});
