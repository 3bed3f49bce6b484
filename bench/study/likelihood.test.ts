import { describe, expect, it } from 'vitest';
import type { Predict } from '../../electron/core/sampler/predict';
import { exactTerms, holeLogLikelihoods, holeOrderings, logProbAt, stratifiedTerms } from './likelihood';

const shape = { height: 2, width: 4, channels: 1, levels: 2 };
const logSigmoid = (z: number): number => -Math.log1p(Math.exp(-z));

/** p(x = 1) = sigmoid(0.8·(known ones) − 1) for every pixel: context matters, so the order does. */
const countModel: Predict = async ({ levels, known, batch }) => {
  const size = levels.length / batch;
  const logits = new Float32Array(levels.length * 2);
  for (let b = 0; b < batch; b++) {
    let ones = 0;
    for (let v = b * size; v < (b + 1) * size; v++) if (known[v] && levels[v]) ones++;
    for (let v = b * size; v < (b + 1) * size; v++) logits[v * 2 + 1] = 0.8 * ones - 1;
  }
  return logits;
};

/** Independent pixels: p(x_v = 1) = sigmoid(v − 3) whatever is known. */
const independentModel: Predict = async ({ levels, batch }) => {
  const size = levels.length / batch;
  const logits = new Float32Array(levels.length * 2);
  for (let v = 0; v < levels.length; v++) logits[v * 2 + 1] = (v % size) - 3;
  return logits;
};

const image = Uint8Array.of(1, 0, 1, 1, 0, 1, 0, 1);
const hole = Int32Array.of(1, 2, 5, 6);

describe('holeLogLikelihoods', () => {
  it('computes the chain rule over an ordering exactly (closed form for the count model)', async () => {
    const orderings = holeOrderings(hole, 1, 7);
    const [score] = await holeLogLikelihoods(countModel, shape, [image], hole, exactTerms(orderings));
    let ones = [0, 3, 4, 7].filter((p) => image[p]).length; // the context's ones
    let expected = 0;
    for (const p of orderings[0]!) {
      const z = 0.8 * ones - 1;
      expected += image[p] ? logSigmoid(z) : logSigmoid(-z);
      ones += image[p]!;
    }
    expect(score).toBeCloseTo(expected, 5);
  });

  it('gives Σ log p_i(x_i) for independent pixels, in every ordering and batch split', async () => {
    const expected = [...hole].reduce((s, p) => s + (image[p] ? logSigmoid(p - 3) : logSigmoid(3 - p)), 0);
    const other = image.slice();
    other[5] = 0;
    const otherExpected = expected - logSigmoid(2) + logSigmoid(-2);
    const scores = await holeLogLikelihoods(independentModel, shape, [image, other, image], hole, exactTerms(holeOrderings(hole, 3, 1)), 2);
    expect(scores[0]).toBeCloseTo(expected, 5);
    expect(scores[1]).toBeCloseTo(otherExpected, 5);
    expect(scores[2]).toBeCloseTo(expected, 5);
  });

  it('the stratified estimate averages to the exact ordering average (unbiased)', async () => {
    const many = holeOrderings(hole, 400, 3);
    const [exact] = await holeLogLikelihoods(countModel, shape, [image], hole, exactTerms(many));
    const estimates = await Promise.all(
      Array.from({ length: 300 }, (_, seed) =>
        holeLogLikelihoods(countModel, shape, [image], hole, stratifiedTerms(holeOrderings(hole, 1, 10_000 + seed), 2, seed)).then(([s]) => s!),
      ),
    );
    const mean = estimates.reduce((s, v) => s + v, 0) / estimates.length;
    expect(Math.abs(mean - exact!)).toBeLessThan(0.05 * Math.abs(exact!));
    // and a single estimate is not the exact value: the test would notice a constant
    expect(new Set(estimates.map((e) => e.toFixed(6))).size).toBeGreaterThan(3);
  });

  it('uses one pass per stratum and ordering, and one per hole pixel per ordering when exact', () => {
    const orderings = holeOrderings(hole, 2, 5);
    expect(stratifiedTerms(orderings, 3, 1)).toHaveLength(6);
    expect(stratifiedTerms(orderings, 99, 1)).toHaveLength(8);
    expect(exactTerms(orderings)).toHaveLength(8);
    for (const term of stratifiedTerms(orderings, 3, 1)) expect(term.prefix.length + term.scored.length).toBe(hole.length);
  });
});

describe('logProbAt', () => {
  it('is the log-softmax of the chosen level', () => {
    const logits = Float32Array.of(9, 1, 2, 3);
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    expect(logProbAt(logits, 1, 3, 2)).toBeCloseTo(3 - Math.log(z), 6);
  });
});
