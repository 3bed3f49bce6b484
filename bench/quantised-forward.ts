/**
 * Forward-pass time of a model folder's model.onnx against other graphs of the same net (the
 * int8 and fp16 variants of docs/quantisation.md), through the app's onnxruntime predictor.
 *
 *   tsx bench/quantised-forward.ts MODEL_DIR ROUNDS name=path.onnx ...
 *
 * Rounds interleave the graphs (fp32, then each variant, then fp32 again…) so a shared machine's
 * load falls on all of them alike; each round records the 1-minute load average. Prints JSON.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { loadModelFolder } from '../electron/core/model/load';
import { createOnnxRuntimePredictor } from '../electron/core/predictor/onnxruntime';
import type { Predictor } from '../electron/core/predictor/predictor';
import { medianForwardMs } from './forward-time';

const [dir, roundsArg, ...variantArgs] = process.argv.slice(2);
if (!dir || !roundsArg) throw new Error('usage: tsx bench/quantised-forward.ts MODEL_DIR ROUNDS name=path.onnx ...');
const rounds = Number(roundsArg);

const model = await loadModelFolder(dir);
const size = { batch: 1, height: model.card.height, width: model.card.width };
const predictors: [string, Predictor][] = [['fp32', await createOnnxRuntimePredictor(model)]];
for (const arg of variantArgs) {
  const [name, file] = arg.split('=') as [string, string];
  // the variant's graph breaks the shipped format's op rules, so it skips the folder loader's check
  predictors.push([name, await createOnnxRuntimePredictor({ ...model, onnxBytes: new Uint8Array(await readFile(file)) })]);
}

const ms: Record<string, number[]> = Object.fromEntries(predictors.map(([name]) => [name, []]));
const loadavg: number[] = [];
for (let r = 0; r < rounds; r++) {
  loadavg.push(os.loadavg()[0]!);
  for (const [name, predictor] of predictors) ms[name]!.push(await medianForwardMs(predictor, size, 15, 3));
}
for (const [, predictor] of predictors) await predictor.dispose();

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const fp32 = median(ms.fp32!);
console.log(JSON.stringify({
  model: model.card.id,
  size: `${size.height}×${size.width}`,
  method: 'bench/forward-time.ts medianForwardMs (15 timed passes after 3 warm-up, batch 1) per round, graphs interleaved; figure = median over rounds',
  threads: os.availableParallelism(),
  rounds,
  loadavg1m: loadavg,
  msPerRound: ms,
  msPerPass: Object.fromEntries(Object.keys(ms).map((name) => [name, median(ms[name]!)])),
  speedUp: Object.fromEntries(Object.keys(ms).map((name) => [name, fp32 / median(ms[name]!)])),
  speedUpPerRound: Object.fromEntries(Object.keys(ms).map((name) => [name, ms[name]!.map((v, i) => ms.fp32![i]! / v)])),
}));
