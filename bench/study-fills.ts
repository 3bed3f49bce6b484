/**
 * `npx tsx bench/study-fills.ts [--emoji 33,61] [--chains 4]`: the study's sheet of fills
 * (docs/sampler-fills.png), to look at what the likelihoods of docs/algorithm.md §11 score. For
 * each named held-out emoji (its index in the test set), the centre 32×32 hole filled by the
 * baseline (Gibbs at N = |hole|), the app's default and the Flat colours preset (session 17's
 * default, the entropy order), one batch of seeded chains each; a row per emoji and sampler, the original first.
 */
import path from 'node:path';
import { writeFileAtomic } from '../electron/core/fs/atomic-write';
import { composeGrid, type GridRow } from '../electron/core/image/grid';
import type { LevelImage } from '../electron/core/image/level-image';
import { encodePng } from '../electron/core/image/png-encode';
import { fromLevels } from '../electron/core/image/quantise';
import { createPredictor } from '../electron/core/predictor/select';
import { AUTO_PASSES } from '../electron/core/sampler/budget';
import { BASELINE_PARAMS, DEFAULT_PARAMS, type GibbsParams } from '../electron/core/sampler/params';
import { findBuiltInPreset } from '../electron/core/sampler/presets';
import { chainRngs } from '../electron/core/sampler/rng';
import { runSampler } from '../electron/core/sampler/run-sampler';
import { flagValue } from './args';
import { bytes, loadStudySets } from './study/sets';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'docs/sampler-fills.png');

const flag = (name: string, fallback: string): string => flagValue(process.argv, `--${name}`) ?? fallback;

/** The "Flat colours" preset, session 17's default (docs/algorithm.md §11.2), which can empty figure interiors to background. */
const FLAT_COLOURS: GibbsParams = { ...BASELINE_PARAMS, ...findBuiltInPreset('flat-colours')!.params };

const describe = (p: GibbsParams): string =>
  `${p.sampler}${p.sampler === 'confidence' ? ` τ ${p.choiceTemperature}` : ''} ${p.steps ?? AUTO_PASSES} + ${p.refine} Gibbs; T ${p.temperature}`;

/** What the sheet compares: the baseline, the default, and the default it replaced (now a preset). */
const SAMPLERS: { label: string; params: GibbsParams }[] = [
  { label: 'Gibbs: a step per hole pixel; T 0.7', params: BASELINE_PARAMS },
  { label: `default: ${describe(DEFAULT_PARAMS)}`, params: DEFAULT_PARAMS },
  { label: `before: ${describe(FLAT_COLOURS)}`, params: FLAT_COLOURS },
];

const wanted = flag('emoji', '33,61').split(',').map(Number);
const chains = Number(flag('chains', '4'));
if (!Number.isInteger(chains) || chains < 1 || chains > 16) throw new Error(`--chains must be a whole number from 1 to 16, got ${flag('chains', '4')}`);
const { emoji } = await loadStudySets(['--digits', '1']);
const { predictor } = await createPredictor(path.join(ROOT, 'models', emoji.model), { backend: 'onnxruntime' });
const rows: GridRow[] = [];
try {
  for (const index of wanted) {
    const item = emoji.images.find((i) => i.index === index);
    if (!item) throw new Error(`emoji ${index} is not in the study set (${emoji.images.map((i) => i.index).join(', ')})`);
    const image: LevelImage = { height: emoji.height, width: emoji.width, channels: emoji.channels, levels: emoji.levels, data: bytes(item.levels) };
    for (const { label, params } of SAMPLERS) {
      const result = await runSampler(predictor.predict.bind(predictor), image, bytes(item.holes.centre!), params, { rngs: chainRngs(5, chains) });
      const filled: LevelImage = { ...image, data: result.image };
      rows.push({ label: `${index}: ${label}`, cells: [fromLevels(image), ...Array.from({ length: chains }, (_, b) => fromLevels(filled, b))] });
      console.log(`emoji ${index}: ${label}`);
    }
  }
} finally {
  await predictor.dispose();
}
await writeFileAtomic(OUT, encodePng(composeGrid({ rows, cellScale: 2, title: `Centre 32×32 hole in held-out emoji: the original; ${chains} seeded chains` })));
console.log(`wrote ${path.relative(ROOT, OUT)}`);
