import { describe, expect, it } from 'vitest';
import { storedBaselines, type StoredRun } from './stored-baseline';

const sizes = { chains: 2, orderings: 2, strata: 16 } as const;
const run: StoredRun = {
  command: 'npm run study -- --emoji 3',
  sizes,
  results: [
    {
      set: 'emoji-64',
      hole: 'centre',
      images: [0, 14, 33],
      rows: [
        { budget: 'auto', perImage: [{ index: 0, logLikelihood: -1 }] },
        { budget: 'hole', perImage: [{ index: 0, logLikelihood: -484 }, { index: 14, logLikelihood: -575 }, { index: 33, logLikelihood: -528 }] },
      ],
    },
  ],
};

describe('storedBaselines', () => {
  it("reads the baseline row's score for each image, by position", () => {
    expect(storedBaselines(run, sizes, 'emoji-64', 'centre', [0, 14, 33])).toEqual([-484, -575, -528]);
    expect(storedBaselines(run, sizes, 'emoji-64', 'centre', [0, 14])).toEqual([-484, -575]);
  });

  it('refuses a run scored otherwise, another image at a position, or a part it lacks', () => {
    expect(() => storedBaselines(run, { ...sizes, chains: 4 }, 'emoji-64', 'centre', [0])).toThrow(/it used chains 2, this run 4/);
    expect(() => storedBaselines(run, { ...sizes, strata: 'exact' }, 'emoji-64', 'centre', [0])).toThrow(/strata 16, this run exact/);
    expect(() => storedBaselines(run, sizes, 'emoji-64', 'centre', [0, 33])).toThrow(/image 2 is test index 33 here but 14 there/);
    expect(() => storedBaselines(run, sizes, 'emoji-64', 'centre', [0, 14, 33, 47])).toThrow(/image 4 is test index 47 here but missing there/);
    expect(() => storedBaselines(run, sizes, 'mnist-binary-28', 'centre', [0])).toThrow(/no per-image baseline for mnist-binary-28 centre/);
  });

  it('refuses a run from before per-image scores were recorded', () => {
    const old: StoredRun = { ...run, results: [{ ...run.results[0]!, rows: [{ budget: 'hole' }] }] };
    expect(() => storedBaselines(old, sizes, 'emoji-64', 'centre', [0])).toThrow(/cannot be paired/);
  });
});
