/**
 * Issue 20's targets for the app's default sampler, measured (never asserted): a whole run of
 * DEFAULT_PARAMS on a 32×32 hole in a 64×64 emoji (≤ 5 s) and on a centre 14×14 hole in a 28×28
 * digit (≤ 0.3 s), one chain on onnxruntime, beside the former default (Gibbs, one step per
 * hole pixel, BASELINE_PARAMS) in the same run so load cancels in the ratio.
 */
import { samplerWords } from '../electron/cli/args';
import type { Predictor } from '../electron/core/predictor/predictor';
import type { GibbsParams } from '../electron/core/sampler/params';
import { BASELINE_PARAMS, DEFAULT_PARAMS } from '../electron/core/sampler/params';
import type { Predict } from '../electron/core/sampler/predict';
import { chainRngs, createRng } from '../electron/core/sampler/rng';
import { runSampler } from '../electron/core/sampler/run-sampler';

export interface DefaultTiming {
  model: string;
  hole: string;
  targetSeconds: number;
  params: string;
  seconds: number;
  passes: number;
  met: boolean;
  formerDefault: { seconds: number; passes: number };
}

/** Median wall time and passes of `repeats` whole one-chain runs of `params`, after `warmup` untimed ones. */
async function timeRuns(predictor: Predictor, params: GibbsParams, side: number, repeats: number, warmup: number): Promise<{ seconds: number; passes: number }> {
  const { width, height, channels, levels } = predictor.card;
  const rng = createRng(7);
  const image = { width, height, channels, levels, data: Uint8Array.from({ length: width * height * channels }, () => rng.nextInt(levels)) };
  const [top, left] = [(height - side) >> 1, (width - side) >> 1];
  const mask = Uint8Array.from({ length: width * height }, (_, i) => {
    const [x, y] = [i % width, Math.floor(i / width)];
    return x >= left && x < left + side && y >= top && y < top + side ? 1 : 0;
  });
  let passes = 0;
  const counted: Predict = (input) => {
    passes++;
    return predictor.predict(input);
  };
  const times: number[] = [];
  for (let r = 0; r < warmup + repeats; r++) {
    passes = 0;
    const start = performance.now();
    await runSampler(counted, image, mask, params, { rngs: chainRngs(r, 1) });
    if (r >= warmup) times.push((performance.now() - start) / 1000);
  }
  return { seconds: times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!, passes };
}

export async function timeDefault(predictor: Predictor, hole: { side: number; targetSeconds: number }, repeats: number): Promise<DefaultTiming> {
  const now = await timeRuns(predictor, DEFAULT_PARAMS, hole.side, repeats, 1);
  // the former default is ~1000 passes on the emoji: one run, warmed by the ones before
  const former = await timeRuns(predictor, BASELINE_PARAMS, hole.side, 1, 0);
  return {
    model: predictor.card.id,
    hole: `centre ${hole.side}×${hole.side} in ${predictor.card.width}×${predictor.card.height}`,
    targetSeconds: hole.targetSeconds,
    params: samplerWords(DEFAULT_PARAMS), // the CLI's --help words
    ...now,
    met: now.seconds <= hole.targetSeconds,
    formerDefault: former,
  };
}
