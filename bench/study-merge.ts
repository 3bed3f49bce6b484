/**
 * `npx tsx bench/study-merge.ts A.json B.json [--plot docs/X.svg]`: one study from runs of its sets side by side
 * (`npm run study -- --emoji 0` and `-- --digits 0`, which a busy CPU runs faster in two
 * processes): bench/results/<date>-study.json with each run's sizes and load, and the plot.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../electron/core/fs/atomic-write';
import { writeStudyPlot, type PlotInput } from './study/plot';

const ROOT = path.resolve(import.meta.dirname, '..');

interface StudyRun extends PlotInput {
  command: string;
  complete: boolean;
  /** `skipDefault`: the flag's name before the study had a row for the app's default. */
  sizes: { skipBaseline?: boolean; skipDefault?: boolean };
  sets: Record<string, string>;
  machine: unknown;
  minutes: number;
  method: unknown;
}

const args = process.argv.slice(2);
/** `--plot docs/X.svg`: where the plot goes (docs/sampler-study.svg), so a study of other rows need not replace it. */
const plotAt = args.indexOf('--plot');
const plot = path.resolve(ROOT, plotAt >= 0 ? args.splice(plotAt, 2)[1]! : 'docs/sampler-study.svg');
const runs = await Promise.all(args.map(async (file) => ({ file, run: JSON.parse(await readFile(file, 'utf8')) as StudyRun })));
if (runs.length === 0) throw new Error('usage: tsx bench/study-merge.ts RUN.json… [--plot docs/X.svg]');
/**
 * A run without Gibbs at N = |hole| (--skip-baseline) is compared with another run's: its rows'
 * logLikelihoodVsDefault become their mean minus that baseline's mean (the same images and scoring
 * passes, which are seeded by the image's position; unpaired, so no standard error).
 */
for (const { run } of runs.filter((r) => r.run.sizes.skipBaseline ?? r.run.sizes.skipDefault)) {
  for (const part of run.results) {
    const baseline = runs
      .flatMap((r) => r.run.results)
      .filter((p) => p.set === part.set && p.hole === part.hole)
      .flatMap((p) => p.rows)
      .find((row) => row.budget === 'hole');
    for (const row of part.rows) {
      row.logLikelihoodVsDefault = baseline ? row.logLikelihood - baseline.logLikelihood : Number.NaN;
      row.logLikelihoodVsDefaultStdErr = null;
    }
  }
}

/** Parts of one set and hole from several runs become one, their rows side by side. */
const parts = new Map<string, PlotInput['results'][number]>();
for (const part of runs.flatMap((r) => r.run.results)) {
  const key = `${part.set} ${part.hole}`;
  const seen = parts.get(key);
  if (seen) seen.rows.push(...part.rows);
  else parts.set(key, { ...part, rows: [...part.rows] });
}

const merged = {
  date: runs.map((r) => r.run.date).sort()[0]!,
  merged: runs.map(({ file, run }) => ({ file: path.relative(ROOT, path.resolve(file)), command: run.command, complete: run.complete, sizes: run.sizes, sets: run.sets, machine: run.machine, minutes: run.minutes })),
  method: runs[0]!.run.method,
  results: [...parts.values()],
};
const out = path.join(ROOT, 'bench/results', `${merged.date.slice(0, 16).replace(':', '')}-study.json`);
await writeFileAtomic(out, `${JSON.stringify(merged, null, 2)}\n`);
await writeStudyPlot(merged, plot);
console.log(`wrote ${path.relative(ROOT, out)} and ${path.relative(ROOT, plot)}`);
