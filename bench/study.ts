/**
 * `npm run study`: which sampler and budget fill a hole best per network pass (issue 20). For each
 * held-out image and hole, the baseline (Gibbs at N = |hole|, the former default), the app's
 * default and each sampler × budget run `chains` chains (one batch, the same seed for every row);
 * each fill is scored by its log-likelihood under the model given the context
 * (bench/study/likelihood.ts, the same orderings and passes for every row), chains by their mean
 * pairwise disagreement, colour fills by their off-palette share. Writes
 * bench/results/<date>-study.json and its plot beside it (or at `--plot FILE`: a run in progress
 * does not replace docs/' plots, which bench/study-merge.ts writes from finished runs).
 * `--baseline-from RUN.json` pairs the rows with an earlier run's baseline instead of running it.
 *
 * The default sizes are what fitted ~55 minutes on the shared 2-core CPU under load; `--full` is the
 * whole study for an idle machine (100 digits, 24 emoji, 4 chains, the exact chain rule over 4 orderings).
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../electron/core/fs/atomic-write';
import { flagValue } from './args';
import { holePixels, type LevelImage } from '../electron/core/image/level-image';
import { createPredictor } from '../electron/core/predictor/select';
import { BASELINE_PARAMS, DEFAULT_PARAMS, PARAM_NAMES, SAMPLERS, validateParams, type GibbsParams } from '../electron/core/sampler/params';
import type { Predict } from '../electron/core/sampler/predict';
import { chainRngs } from '../electron/core/sampler/rng';
import { runSampler } from '../electron/core/sampler/run-sampler';
import { exactTerms, holeLogLikelihoods, holeOrderings, stratifiedTerms } from './study/likelihood';
import { meanAndStdErr, meanPairwiseDisagreement, offPaletteShare } from './study/metrics';
import { writeStudyPlot } from './study/plot';
import { bytes, loadStudySets, spread, type StudyImage, type StudySet } from './study/sets';
import { storedBaselines, type StoredRun } from './study/stored-baseline';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The rows a study can run: each sampler over the budgets at the baseline's other knobs (so runs
 * stay comparable whatever the default becomes), and the app's default (DEFAULT_PARAMS, with
 * --default-with's changes to try a candidate).
 */
const ROW_KINDS = [...SAMPLERS, 'default'] as const;
type RowKind = (typeof ROW_KINDS)[number];

interface StudySizes {
  digits: number;
  emoji: number;
  chains: number;
  orderings: number;
  /** Passes per ordering for the likelihood, or 'exact' (one per hole pixel). */
  strata: number | 'exact';
  budgets: number[];
  /** The emoji's budgets: a 64×64 pass costs ~14 MNIST passes. */
  emojiBudgets: number[];
  /** Which rows: samplers (over the budgets) and `default` (--rows, comma-separated). */
  rows: RowKind[];
  /** Knobs the `default` row changes from DEFAULT_PARAMS, to try a candidate default (--default-with temperature=0.4,refine=8). */
  defaultWith: Partial<GibbsParams>;
  /**
   * Leave out the baseline, Gibbs at N = |hole| (a second process sharing a busy CPU with one that
   * runs it): logLikelihoodVsDefault is then the plain mean, to be paired by bench/study-merge.ts.
   */
  skipBaseline: boolean;
  /** A run's JSON whose per-image baseline scores this run pairs with instead of running the baseline (bench/study/stored-baseline.ts). */
  baselineFrom: string | null;
}

const BUDGETS = [16, 32, 64, 128, 256];
/** What the committed run covered: on the shared CPU under load ~20 the emoji's Gibbs baseline alone took 36 minutes. */
const DEFAULT_SIZES: StudySizes = { digits: 4, emoji: 1, chains: 2, orderings: 2, strata: 16, budgets: BUDGETS, emojiBudgets: [32, 128], rows: [...ROW_KINDS], defaultWith: {}, skipBaseline: false, baselineFrom: null };
const FULL_SIZES: StudySizes = { digits: 100, emoji: 24, chains: 4, orderings: 4, strata: 'exact', budgets: BUDGETS, emojiBudgets: BUDGETS, rows: [...ROW_KINDS], defaultWith: {}, skipBaseline: false, baselineFrom: null };

/** `temperature=0.4,steps=auto,plan=linear` → those knobs, checked against DEFAULT_PARAMS's rules. */
function parseKnobs(text: string): Partial<GibbsParams> {
  const knobs = Object.fromEntries(
    text.split(',').map((pair) => {
      const [key = '', raw = ''] = pair.split('=');
      if (!PARAM_NAMES.includes(key as keyof GibbsParams)) throw new Error(`--default-with: ${key} is not a parameter (${PARAM_NAMES.join(', ')})`);
      const number = Number(raw);
      return [key, raw === 'auto' ? null : raw !== '' && Number.isFinite(number) ? number : raw];
    }),
  ) as Partial<GibbsParams>;
  validateParams({ ...DEFAULT_PARAMS, ...knobs });
  return knobs;
}

function parseSizes(argv: readonly string[]): StudySizes {
  const sizes = { ...(argv.includes('--full') ? FULL_SIZES : DEFAULT_SIZES) };
  const value = (flag: string): string | undefined => flagValue(argv, flag);
  for (const key of ['digits', 'emoji', 'chains', 'orderings'] as const) {
    const v = value(`--${key}`);
    if (v !== undefined) sizes[key] = Number(v);
  }
  sizes.skipBaseline = argv.includes('--skip-baseline');
  sizes.baselineFrom = value('--baseline-from') ?? null;
  if (sizes.skipBaseline && sizes.baselineFrom !== null) throw new Error('--skip-baseline and --baseline-from: pick one');
  const rows = value('--rows');
  if (rows !== undefined) {
    sizes.rows = rows.split(',') as RowKind[];
    const unknown = sizes.rows.find((r) => !ROW_KINDS.includes(r));
    if (unknown !== undefined) throw new Error(`--rows: ${unknown} is not one of ${ROW_KINDS.join(', ')}`);
  }
  const defaultWith = value('--default-with');
  if (defaultWith !== undefined) sizes.defaultWith = parseKnobs(defaultWith);
  const strata = value('--strata');
  if (strata !== undefined) sizes.strata = strata === 'exact' ? 'exact' : Number(strata);
  for (const key of ['budgets', 'emojiBudgets'] as const) {
    const list = value(key === 'budgets' ? '--budgets' : '--emoji-budgets');
    if (list !== undefined) sizes[key] = list.split(',').map(Number);
  }
  return sizes;
}

interface Config {
  kind: RowKind;
  /** Passes for a progressive sampler, steps for Gibbs; 'hole' = the baseline's N = |hole|; 'auto' for the default. */
  budget: number | 'hole' | 'auto';
  params: GibbsParams;
}

/** The baseline first (the others are compared with it), the app's default, then the budgets cheapest first, so a stopped study has compared them all at the small ones. */
const configs = (budgets: readonly number[], kinds: readonly RowKind[], defaultWith: Partial<GibbsParams>, skipBaseline: boolean): Config[] => [
  ...(skipBaseline ? [] : [{ kind: 'gibbs' as const, budget: 'hole' as const, params: BASELINE_PARAMS }]),
  ...(kinds.includes('default') ? [{ kind: 'default' as const, budget: 'auto' as const, params: { ...DEFAULT_PARAMS, ...defaultWith } }] : []),
  ...budgets.flatMap((budget) => SAMPLERS.filter((s) => kinds.includes(s)).map((sampler) => ({ kind: sampler, budget, params: { ...BASELINE_PARAMS, sampler, steps: budget } }))),
];

const configKey = ({ kind, budget }: Config): string => `${kind}@${budget}`;

/** What one sampler × budget measured on one set and hole, over its images and chains. */
interface Tally {
  wallSeconds: number[];
  passes: number[];
  logLikelihood: number[];
  /** Per image: the mean of this config's fills minus the mean of today's default's (paired). */
  logLikelihoodVsDefault: number[];
  /** Per image: its index in the set and the mean log-likelihood of this config's fills. */
  perImage: { index: number; logLikelihood: number }[];
  disagreement: number[];
  offPalette: number[];
}

const emptyTally = (): Tally => ({ wallSeconds: [], passes: [], logLikelihood: [], logLikelihoodVsDefault: [], perImage: [], disagreement: [], offPalette: [] });

/** One set and hole of the study: its images so far and each config's summary over them. */
interface Part {
  set: string;
  hole: string;
  holePixels: number;
  images: number[];
  imagesDone: number;
  rows: StudyRow[];
}

/**
 * Runs every config on every image of one set and hole, updating `part` after each image (so a
 * stopped study keeps what it measured) and calling `saved`. With `stored` (--baseline-from, one
 * score per image) the baseline is not run and the rows are paired with those scores.
 */
async function studyHole(set: StudySet, holeName: string, images: StudyImage[], budgets: readonly number[], sizes: StudySizes, stored: readonly number[] | null, part: Part, saved: (line: string) => Promise<void>): Promise<void> {
  const { predictor } = await createPredictor(path.join(ROOT, 'models', set.model), { backend: 'onnxruntime' });
  const shape = { height: set.height, width: set.width, channels: set.channels, levels: set.levels };
  const size = set.height * set.width * set.channels;
  const tallies = new Map<string, Tally>();
  const all = configs(budgets, sizes.rows, sizes.defaultWith, sizes.skipBaseline || stored !== null);
  try {
    for (const [position, item] of images.entries()) {
      const mask = bytes(item.holes[holeName]!);
      const hole = holePixels(mask);
      const image: LevelImage = { ...shape, data: bytes(item.levels) };
      const orderings = holeOrderings(hole, sizes.orderings, 2000 + position);
      const terms = sizes.strata === 'exact' ? exactTerms(orderings) : stratifiedTerms(orderings, sizes.strata, 3000 + position);
      let baseline = stored?.[position] ?? 0;
      for (const config of all) {
        let passes = 0;
        const counted: Predict = (input) => {
          passes++;
          return predictor.predict(input);
        };
        const start = performance.now();
        const result = await runSampler(counted, image, mask, config.params, { rngs: chainRngs(1000 + position, sizes.chains) });
        const wall = (performance.now() - start) / 1000;
        const fills = Array.from({ length: sizes.chains }, (_, b) => result.image.slice(b * size, (b + 1) * size));
        const scores = await holeLogLikelihoods(predictor.predict.bind(predictor), shape, fills, hole, terms);
        const mean = meanAndStdErr(scores).mean;
        if (config.budget === 'hole') baseline = mean; // the first config (see `configs`)
        const key = configKey(config);
        const tally = tallies.get(key) ?? emptyTally();
        tallies.set(key, tally);
        tally.wallSeconds.push(wall);
        tally.passes.push(passes);
        tally.logLikelihood.push(...scores);
        tally.logLikelihoodVsDefault.push(mean - baseline);
        tally.perImage.push({ index: item.index, logLikelihood: mean });
        tally.disagreement.push(meanPairwiseDisagreement(fills, hole, set.channels));
        if (set.channels === 3) tally.offPalette.push(...fills.map((f) => offPaletteShare(f, mask, set.levels)));
        part.rows = all.filter((c) => tallies.has(configKey(c))).map((c) => summarise(c, tallies.get(configKey(c))!, hole.length));
        await saved(`${set.model} ${holeName} image ${position + 1}/${images.length} ${key}`);
      }
      part.imagesDone = position + 1;
    }
    await saved(`${set.model} ${holeName}: all ${images.length} images done`); // the count above was not yet saved
  } finally {
    await predictor.dispose();
  }
}

function summarise(config: Config, t: Tally, holeSize: number) {
  const ll = meanAndStdErr(t.logLikelihood);
  const vs = meanAndStdErr(t.logLikelihoodVsDefault);
  return {
    sampler: config.kind,
    budget: config.budget,
    images: t.disagreement.length,
    passes: meanAndStdErr(t.passes).mean,
    wallSeconds: meanAndStdErr(t.wallSeconds).mean,
    logLikelihood: ll.mean,
    logLikelihoodStdErr: ll.stdErr,
    logLikelihoodPerPixel: ll.mean / holeSize,
    logLikelihoodVsDefault: vs.mean,
    logLikelihoodVsDefaultStdErr: vs.stdErr,
    disagreement: meanAndStdErr(t.disagreement).mean,
    offPalette: t.offPalette.length ? meanAndStdErr(t.offPalette).mean : null,
    perImage: t.perImage,
  };
}

export type StudyRow = ReturnType<typeof summarise>;

async function main(): Promise<void> {
  const sizes = parseSizes(process.argv.slice(2));
  const started = performance.now();
  const date = new Date().toISOString();
  // a run of one set (--digits 0 or --emoji 0) is named for it: the two can run side by side, then --merge
  const which = sizes.emoji === 0 ? '-mnist' : sizes.digits === 0 ? '-emoji' : '';
  const file = path.join(ROOT, 'bench/results', `${date.slice(0, 16).replace(':', '')}-study${which}.json`);
  const plotFlag = flagValue(process.argv, '--plot');
  const plot = plotFlag === undefined ? file.replace(/\.json$/, '.svg') : path.resolve(plotFlag);
  const loadAverages: { at: string; loadavg: number[] }[] = [{ at: 'start', loadavg: os.loadavg() }];
  const sets = await loadStudySets();
  const digits = sets.mnist.images.slice(0, sizes.digits);
  const emoji = spread(sets.emoji.images, sizes.emoji);
  const plan = [
    { set: sets.mnist, hole: 'centre', images: digits, budgets: sizes.budgets },
    { set: sets.mnist, hole: 'blob', images: digits, budgets: sizes.budgets },
    { set: sets.emoji, hole: 'centre', images: emoji, budgets: sizes.emojiBudgets },
  ].filter((p) => p.images.length > 0);
  // checked before anything runs: a mismatch is one line, not an hour's run thrown away
  const storedRun = sizes.baselineFrom === null ? null : (JSON.parse(await readFile(sizes.baselineFrom, 'utf8')) as StoredRun);
  const stored = plan.map(({ set, hole, images }) => (storedRun ? storedBaselines(storedRun, sizes, set.model, hole, images.map((i) => i.index)) : null));
  const results: Part[] = plan.map(({ set, hole, images }) => ({
    set: set.model,
    hole,
    holePixels: holePixels(bytes(images[0]!.holes[hole]!)).length,
    images: images.map((i) => i.index),
    imagesDone: 0,
    rows: [],
  }));
  const report = () => ({
    date,
    command: `npm run study -- ${process.argv.slice(2).join(' ')}`.trim(),
    complete: results.every((r, i) => r.imagesDone === plan[i]!.images.length),
    sizes,
    sets: {
      mnist: `${sets.mnist.what}; the first ${digits.length} of them`,
      emoji: `${sets.emoji.what}; ${emoji.length} of them, evenly spread`,
    },
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', threads: os.availableParallelism(), node: process.version, loadAverages },
    minutes: (performance.now() - started) / 60000,
    method: {
      params: `each sampler row at the baseline's knobs (BASELINE_PARAMS) but its sampler and steps: T ${BASELINE_PARAMS.temperature}; Gibbs α ${BASELINE_PARAMS.alphaMax} → ${BASELINE_PARAMS.alphaMin}, η ${BASELINE_PARAMS.eta}, ${BASELINE_PARAMS.init} start; progressive ${BASELINE_PARAMS.plan} plan, choice temperature ${BASELINE_PARAMS.choiceTemperature}, entropy ${BASELINE_PARAMS.entropyOrder} first, refine ${BASELINE_PARAMS.refine}`,
      default: { what: "the 'default' row: the app's DEFAULT_PARAMS, but sizes.defaultWith", params: { ...DEFAULT_PARAMS, ...sizes.defaultWith } },
      budget: "passes for a progressive sampler (cut to |hole|), steps for Gibbs; 'hole' = the baseline, Gibbs with N = |hole| at BASELINE_PARAMS (the former default); 'auto' = the default row's own budget",
      passes: 'network calls of one run, each a batch of all its chains (Gibbs counts its border-start rings)',
      wallSeconds: 'one run of all chains as one batch on onnxruntime; the three parts run at once, on a CPU under the load recorded: compare passes, not seconds',
      logLikelihood: `nats, log p(x_hole | x_context) of each fill: the NADE chain rule over ${sizes.orderings} fixed random orderings of the hole per image, ${sizes.strata === 'exact' ? 'exact (one pass per hole pixel)' : `estimated with ${sizes.strata} stratified passes per ordering (bench/study/likelihood.ts)`}; the same passes for every sampler`,
      logLikelihoodVsDefault: `per image, the mean over chains minus the mean of Gibbs at N = |hole|${sizes.baselineFrom === null ? '' : ` (as scored by ${sizes.baselineFrom}, --baseline-from)`}, then averaged over images (paired); stdErr over images`,
      perImage: "each image's index in its set and the mean over chains of its fills' log-likelihood, in the order run (to pair a later run's rows with these)",
      disagreement: 'mean over chain pairs of the share of hole pixels (any channel) that differ',
      offPalette: 'share of hole pixels farther than 40 (RGB) from every colour outside the hole (models/training/sheet.py)',
    },
    results: results.filter((r) => r.rows.length > 0),
  });
  // parts finish images out of order: one write at a time, each of the latest state
  let writing = Promise.resolve();
  const saved = (line: string): Promise<void> => {
    loadAverages.push({ at: line, loadavg: os.loadavg() });
    console.log(`${((performance.now() - started) / 60000).toFixed(1)} min: ${line}, load ${os.loadavg()[0]!.toFixed(2)}`);
    writing = writing.then(async () => {
      const result = report();
      await writeFileAtomic(file, `${JSON.stringify(result, null, 2)}\n`);
      await writeStudyPlot(result, plot);
    });
    return writing;
  };
  // the three parts at once: onnxruntime runs each session's passes on its own threads
  await Promise.all(plan.map(({ set, hole, images, budgets }, i) => studyHole(set, hole, images, budgets, sizes, stored[i] ?? null, results[i]!, saved)));
  console.log(`wrote ${path.relative(ROOT, file)} and ${path.relative(ROOT, plot)} in ${report().minutes.toFixed(1)} min`);
}

await main();
