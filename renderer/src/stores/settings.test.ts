import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { BASELINE_PARAMS, type GibbsParams } from '../../../electron/core/sampler/params';
import { paramsSummary, runSummary } from '../lib/run-settings';
import { useSettingsStore } from './settings';

const confidenceRun = {
  params: { ...BASELINE_PARAMS, sampler: 'confidence', steps: 16, choiceTemperature: 2, temperature: 0.9, refine: 3 } as GibbsParams,
  seed: 4242,
  chains: 3,
  label: 'MaskGIT 16 ← run 2 f7',
};

describe('use these settings', () => {
  let settings: ReturnType<typeof useSettingsStore>;
  beforeEach(() => {
    setActivePinia(createPinia());
    settings = useSettingsStore();
  });

  it('puts a run’s sampler, parameters, seed and chains back in the panel, and the next run repeats its seed', () => {
    settings.setParam('temperature', 0.2);
    settings.chains = 1;
    settings.recallRun(confidenceRun);
    expect(settings.params).toEqual(confidenceRun.params);
    expect(settings.params).not.toBe(confidenceRun.params); // a copy: editing the panel leaves the run alone
    expect(settings.chains).toBe(3);
    expect(settings.seedLocked).toBe(true);
    expect(settings.seedForRun()).toBe(4242);
    expect(settings.presetName).toBe('MaskGIT 16');
    expect(settings.presetId).toBeNull();
  });

  it('names each sampler’s own knobs and the seed in the run list', () => {
    expect(runSummary(confidenceRun)).toBe('confidence · T 0.9 · 16 passes · cosine plan · choice T 2 · refine 3 (α 0.5→0.1 · η 0.7) · seed 4242 · 3 chains');
    expect(paramsSummary(BASELINE_PARAMS)).toBe('gibbs · T 0.7 · α 0.5→0.1 · η 0.7 · auto steps · border start · independent blocks');
    expect(runSummary({ ...confidenceRun, precision: 'int8' })).toMatch(/ · seed 4242 · 3 chains · int8 graph$/);
    expect(runSummary({ ...confidenceRun, precision: 'fp32' })).toBe(runSummary(confidenceRun)); // the default goes unsaid
    expect(paramsSummary({ ...BASELINE_PARAMS, sampler: 'entropy', entropyOrder: 'highest', steps: 32 })).toBe('entropy (highest first) · T 0.7 · 32 passes · cosine plan');
  });
});
