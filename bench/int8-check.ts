/**
 * Before the int8 graph is offered (docs/quantisation.md), do its chains
 * fill emoji holes as well as model.onnx's? On the 24 held-out emoji of the off-palette figures
 * (models/training/study_sets.py, centre 32×32 hole), each graph runs the same samplers with the
 * same seeds: the app's default (DEFAULT_PARAMS) on every image, and Gibbs at a modest step count
 * (BASELINE_PARAMS) on an even spread of them. Each fill is scored under model.onnx (fp32, the
 * yardstick for both: bench/study/likelihood.ts, the same orderings and passes for every fill) and
 * by its off-palette share (bench/study/metrics.ts). The int8 − fp32 differences are paired per
 * image. Writes bench/results/<date>-int8-check.json and a sheet of both graphs' fills of the
 * default on `--sheet-images` of the emoji, docs/int8-fills.png.
 *
 *   npx tsx bench/int8-check.ts [--emoji 24] [--chains 2] [--gibbs-images 8] [--gibbs-steps 128] [--sheet-images 4]
 */
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../electron/core/fs/atomic-write';
import { composeGrid, type GridRow } from '../electron/core/image/grid';
import { holePixels, type LevelImage } from '../electron/core/image/level-image';
import { encodePng } from '../electron/core/image/png-encode';
import { fromLevels } from '../electron/core/image/quantise';
import type { Precision } from '../electron/core/model/card';
import type { Predictor } from '../electron/core/predictor/predictor';
import { createPredictor } from '../electron/core/predictor/select';
import { BASELINE_PARAMS, DEFAULT_PARAMS, type GibbsParams } from '../electron/core/sampler/params';
import { chainRngs } from '../electron/core/sampler/rng';
import { runSampler } from '../electron/core/sampler/run-sampler';
import { holeLogLikelihoods, holeOrderings, stratifiedTerms } from './study/likelihood';
import { meanAndStdErr, offPaletteShare } from './study/metrics';
import { flagValue } from './args';
import { bytes, loadStudySets, spread, type StudyImage, type StudySet } from './study/sets';

const ROOT = path.resolve(import.meta.dirname, '..');
const MODEL = 'emoji-64';
const SHEET = path.join(ROOT, 'docs/int8-fills.png');
const PRECISIONS: readonly Precision[] = ['fp32', 'int8'];
/** The likelihood's passes per image: 2 orderings × 8 stratified positions, every fill in one batch. */
const ORDERINGS = 2;
const STRATA = 8;

interface Options {
  emoji: number;
  chains: number;
  gibbsImages: number;
  gibbsSteps: number;
  sheetImages: number;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string, fallback: number): number => {
    if (!argv.includes(flag)) return fallback;
    const given = flagValue(argv, flag); // a flag without its number reads NaN below
    const n = Number(given);
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`${flag} must be a whole number ≥ 0, got ${given}`);
    return n;
  };
  return { emoji: value('--emoji', 24), chains: value('--chains', 2), gibbsImages: value('--gibbs-images', 8), gibbsSteps: value('--gibbs-steps', 128), sheetImages: value('--sheet-images', 4) };
}

/** The held-out emoji (study_sets.py writes one digit beside them). */
const loadEmoji = async (count: number): Promise<StudySet> => (await loadStudySets(['--digits', '1', '--emoji', String(count)])).emoji;

/** Per image and graph: each fill's score (nats, under fp32) and off-palette share, and the run's seconds. */
interface ImageRow {
  index: number;
  logLikelihood: Record<Precision, number[]>;
  offPalette: Record<Precision, number[]>;
  seconds: Record<Precision, number>;
}

interface SamplerPart {
  sampler: string;
  params: GibbsParams;
  images: ImageRow[];
  /** The test indexes whose fills go on the sheet, and those fills (every chain, each graph) once run. */
  sheet: { indexes: ReadonlySet<number>; rows: GridRow[] };
}

async function runPart(part: SamplerPart, set: StudySet, items: StudyImage[], graphs: Record<Precision, Predictor>, chains: number, saved: (line: string) => Promise<void>): Promise<void> {
  const shape = { height: set.height, width: set.width, channels: set.channels, levels: set.levels };
  const size = set.height * set.width * set.channels;
  for (const [position, item] of items.entries()) {
    const mask = bytes(item.holes['centre']!);
    const hole = holePixels(mask);
    const image: LevelImage = { ...shape, data: bytes(item.levels) };
    const row: ImageRow = { index: item.index, logLikelihood: { fp32: [], int8: [] }, offPalette: { fp32: [], int8: [] }, seconds: { fp32: 0, int8: 0 } };
    const fills: Record<Precision, Uint8Array[]> = { fp32: [], int8: [] };
    for (const precision of PRECISIONS) {
      const graph = graphs[precision];
      const start = performance.now();
      // the same seeds on both graphs: chain b of image i draws from chainRngs(1000 + index, chains)[b]
      const result = await runSampler((input) => graph.predict(input), image, mask, part.params, { rngs: chainRngs(1000 + item.index, chains) });
      row.seconds[precision] = (performance.now() - start) / 1000;
      if (part.sheet.indexes.has(item.index)) {
        const filled: LevelImage = { ...image, data: result.image };
        part.sheet.rows.push({ label: `${item.index}: ${precision}`, cells: [fromLevels(image), ...Array.from({ length: chains }, (_, b) => fromLevels(filled, b))] });
      }
      fills[precision] = Array.from({ length: chains }, (_, b) => result.image.slice(b * size, (b + 1) * size));
      row.offPalette[precision] = fills[precision].map((f) => offPaletteShare(f, mask, set.levels));
    }
    const terms = stratifiedTerms(holeOrderings(hole, ORDERINGS, 2000 + item.index), STRATA, 3000 + item.index);
    const scores = await holeLogLikelihoods((input) => graphs.fp32.predict(input), shape, [...fills.fp32, ...fills.int8], hole, terms);
    row.logLikelihood = { fp32: scores.slice(0, chains), int8: scores.slice(chains) };
    part.images.push(row);
    await saved(`${part.sampler} image ${position + 1}/${items.length} (test index ${item.index})`);
  }
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** Each graph's means, and int8 − fp32 paired per image (mean over chains first), with its standard error over images. */
function summarise(part: SamplerPart) {
  const per = (key: 'logLikelihood' | 'offPalette', precision: Precision) => meanAndStdErr(part.images.flatMap((r) => r[key][precision]));
  const paired = (key: 'logLikelihood' | 'offPalette') => meanAndStdErr(part.images.map((r) => mean(r[key].int8) - mean(r[key].fp32)));
  const seconds = (precision: Precision) => mean(part.images.map((r) => r.seconds[precision]));
  return {
    sampler: part.sampler,
    images: part.images.length,
    logLikelihood: { fp32: per('logLikelihood', 'fp32'), int8: per('logLikelihood', 'int8'), int8MinusFp32: paired('logLikelihood') },
    offPalette: { fp32: per('offPalette', 'fp32'), int8: per('offPalette', 'int8'), int8MinusFp32: paired('offPalette') },
    secondsPerRun: { fp32: seconds('fp32'), int8: seconds('int8') },
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const date = new Date().toISOString();
  const file = path.join(ROOT, 'bench/results', `${date.slice(0, 16).replace(':', '')}-int8-check.json`);
  const set = await loadEmoji(options.emoji);
  const dir = path.join(ROOT, 'models', MODEL);
  const opened = await Promise.all(PRECISIONS.map((precision) => createPredictor(dir, { backend: 'onnxruntime', precision, env: {} })));
  const graphs = { fp32: opened[0]!.predictor, int8: opened[1]!.predictor };
  if (opened[1]!.precision !== 'int8') throw new Error(`${MODEL} did not open its int8 graph: ${opened[1]!.reason}`);
  const sheetIndexes = new Set(spread(set.images, options.sheetImages).map((i) => i.index));
  const parts: SamplerPart[] = [
    { sampler: 'default', params: DEFAULT_PARAMS, images: [], sheet: { indexes: sheetIndexes, rows: [] } },
    { sampler: `gibbs@${options.gibbsSteps}`, params: { ...BASELINE_PARAMS, steps: options.gibbsSteps }, images: [], sheet: { indexes: new Set(), rows: [] } },
  ];
  const plan = [set.images, spread(set.images, options.gibbsImages)];
  const loadAverages: { at: string; loadavg: number[] }[] = [{ at: 'start', loadavg: os.loadavg() }];
  const report = () => ({
    date,
    command: `npx tsx bench/int8-check.ts ${process.argv.slice(2).join(' ')}`.trim(),
    complete: parts.every((p, i) => p.images.length === plan[i]!.length),
    model: MODEL,
    set: set.what,
    options,
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', threads: os.availableParallelism(), node: process.version, loadAverages },
    minutes: (performance.now() - started) / 60000,
    method: {
      params: `'default' is the app's DEFAULT_PARAMS, 'gibbs@N' the Gibbs preset's (BASELINE_PARAMS) at N steps; each part's in full in perImage[].params; ${options.chains} chains per image and graph, one batch, seeds chainRngs(1000 + test index) on both graphs`,
      logLikelihood: `nats, log p(x_hole | x_context) of each fill under model.onnx (fp32) for both graphs' fills: ${ORDERINGS} fixed random orderings of the hole, ${STRATA} stratified passes each (bench/study/likelihood.ts)`,
      offPalette: 'share of hole pixels farther than 40 (RGB) from every colour outside the hole (bench/study/metrics.ts)',
      int8MinusFp32: 'per image, the mean over chains of int8 minus that of fp32, averaged over images; stdErr over images',
      secondsPerRun: 'one run of all chains on onnxruntime, on a shared CPU under the load recorded: not a benchmark',
    },
    results: parts.filter((p) => p.images.length > 0).map(summarise),
    sheet: path.relative(ROOT, SHEET),
    perImage: parts.map((p) => ({ sampler: p.sampler, params: p.params, images: p.images })),
  });
  let writing = Promise.resolve();
  const saved = (line: string): Promise<void> => {
    loadAverages.push({ at: line, loadavg: os.loadavg() });
    console.log(`${((performance.now() - started) / 60000).toFixed(1)} min: ${line}, load ${os.loadavg()[0]!.toFixed(2)}`);
    writing = writing.then(() => writeFileAtomic(file, `${JSON.stringify(report(), null, 2)}\n`));
    return writing;
  };
  try {
    for (const [i, part] of parts.entries()) {
      await runPart(part, set, plan[i]!, graphs, options.chains, saved);
      if (part.sheet.rows.length > 0) {
        const title = `int8-check: the default on emoji-64's fp32 and int8 graphs, centre 32×32 hole: the original; ${options.chains} seeded chains`;
        await writeFileAtomic(SHEET, encodePng(composeGrid({ rows: part.sheet.rows, cellScale: 2, title })));
      }
    }
  } finally {
    await Promise.all(opened.map((o) => o.predictor.dispose()));
  }
  console.log(`wrote ${path.relative(ROOT, file)} and ${path.relative(ROOT, SHEET)} in ${report().minutes.toFixed(1)} min`);
}

await main();
