/**
 * Time predict() on every backend available here, on a random-weight model.
 * Usage: tsx scripts/time-predictors.ts [--features 64] [--blocks 3] [--size 28] [--batch 1]
 *        [--channels 1] [--levels 2] [--runs 200]
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeRandomModel } from '../electron/core/model/testing/fixture';
import { availableBackends, createPredictor } from '../electron/core/predictor/select';
import type { Predictor } from '../electron/core/predictor/predictor';
import type { PredictInput } from '../electron/core/sampler/predict';

const KEYS = ['features', 'blocks', 'size', 'batch', 'runs', 'channels', 'levels'];
const { values } = parseArgs({
  options: Object.fromEntries(KEYS.map((k) => [k, { type: 'string' }])) as Record<string, { type: 'string' }>,
});
const num = (key: string, fallback: number) => Number(values[key] ?? fallback);
const [size, batch, runs, levels] = [num('size', 28), num('batch', 1), num('runs', 200), num('levels', 2)];
const channels = num('channels', 1) as 1 | 3;

const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'time-')), 'timed');
const card = await writeRandomModel(dir, { height: size, width: size, channels, levels, features: num('features', 64), blocks: num('blocks', 3) });
console.log(`${JSON.stringify(card.architecture)} ${size}×${size} C=${channels} K=${levels} batch ${batch}, ${os.availableParallelism()} cores`);
const count = batch * size * size * channels;
const input: PredictInput = {
  levels: Uint8Array.from({ length: count }, (_, i) => (i * 7) % levels),
  known: Uint8Array.from({ length: count }, (_, i) => (i % 3 ? 1 : 0)),
  batch,
  height: size,
  width: size,
};

async function time(predictor: Predictor): Promise<{ median: number; p90: number }> {
  for (let i = 0; i < 20; i++) await predictor.predict(input); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await predictor.predict(input);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)] ?? NaN, p90: times[Math.floor(runs * 0.9)] ?? NaN };
}

for (const backend of await availableBackends()) {
  if (!backend.available) {
    console.log(`${backend.name.padEnd(14)} unavailable: ${backend.reason}`);
    continue;
  }
  const { predictor } = await createPredictor(dir, { backend: backend.name, env: {} });
  const { median, p90 } = await time(predictor);
  await predictor.dispose();
  console.log(`${backend.name.padEnd(14)} median ${median.toFixed(2)} ms  p90 ${p90.toFixed(2)} ms  (${runs} runs)`);
}
