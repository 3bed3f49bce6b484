import { writeFileAtomic } from '../../electron/core/fs/atomic-write';

/** The part of a study result the plot reads. */
export interface PlotInput {
  date: string;
  results: {
    set: string;
    hole: string;
    holePixels: number;
    rows: { sampler: string; budget: number | 'hole' | 'auto'; passes: number; logLikelihood: number; logLikelihoodVsDefault: number; logLikelihoodVsDefaultStdErr: number | null; disagreement: number; offPalette: number | null }[];
  }[];
}

const COLOURS: Record<string, string> = { gibbs: '#444', confidence: '#d62728', entropy: '#1f77b4', 'ancestral-budget': '#2ca02c' };
/** The app's default (its own knobs, one budget): a diamond. */
const DEFAULT_COLOUR = '#ff7f0e';
const PANEL = { width: 300, height: 200, left: 56, top: 34, gap: 40 };

/** Each panel's measure against passes (log scale), one line per sampler; Gibbs at N = |hole| as a ring. */
const MEASURES = [
  { label: 'log-lik. − baseline, nats/px', value: (r: PlotInput['results'][0]['rows'][0], n: number) => r.logLikelihoodVsDefault / n, zero: true },
  { label: 'chain disagreement', value: (r: PlotInput['results'][0]['rows'][0]) => r.disagreement, zero: false },
  { label: 'off-palette share', value: (r: PlotInput['results'][0]['rows'][0]) => r.offPalette ?? Number.NaN, zero: false },
];

const fmt = (v: number): string => (Math.abs(v) >= 10 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toFixed(2));

/** The study as an SVG: a column per set and hole, a row per measure. */
export function studySvg(input: PlotInput): string {
  const columns = input.results;
  const rows = MEASURES.filter((m) => columns.some((c) => c.rows.some((r) => Number.isFinite(m.value(r, c.holePixels)))));
  const width = columns.length * (PANEL.width + PANEL.left + PANEL.gap) + 20;
  const height = rows.length * (PANEL.height + PANEL.top + PANEL.gap) + 60;
  const parts: string[] = [];
  rows.forEach((measure, ri) => {
    columns.forEach((column, ci) => {
      const x0 = ci * (PANEL.width + PANEL.left + PANEL.gap) + PANEL.left;
      const y0 = ri * (PANEL.height + PANEL.top + PANEL.gap) + PANEL.top;
      const points = column.rows.map((r) => ({ r, x: Math.log2(r.passes), y: measure.value(r, column.holePixels) })).filter((p) => Number.isFinite(p.y));
      if (points.length === 0) return;
      const ys = points.map((p) => p.y).concat(measure.zero ? [0] : []);
      const [yMin, yMax] = [Math.min(...ys), Math.max(...ys)];
      const [xMin, xMax] = [Math.min(...points.map((p) => p.x)), Math.max(...points.map((p) => p.x))];
      const sx = (x: number): number => x0 + ((x - xMin) / (xMax - xMin || 1)) * PANEL.width;
      const sy = (y: number): number => y0 + PANEL.height - ((y - yMin) / (yMax - yMin || 1)) * PANEL.height;
      parts.push(`<rect x="${x0}" y="${y0}" width="${PANEL.width}" height="${PANEL.height}" fill="none" stroke="#bbb"/>`);
      parts.push(`<text x="${x0}" y="${y0 - 8}" font-size="11">${column.set} ${column.hole} (${column.holePixels} px): ${measure.label}</text>`);
      for (const v of [yMin, (yMin + yMax) / 2, yMax]) parts.push(`<text x="${x0 - 4}" y="${sy(v) + 4}" font-size="10" text-anchor="end">${fmt(v)}</text>`);
      for (let e = Math.ceil(xMin); e <= Math.floor(xMax); e++) {
        parts.push(`<line x1="${sx(e)}" y1="${y0 + PANEL.height}" x2="${sx(e)}" y2="${y0 + PANEL.height + 4}" stroke="#888"/>`);
        parts.push(`<text x="${sx(e)}" y="${y0 + PANEL.height + 15}" font-size="10" text-anchor="middle">${2 ** e}</text>`);
      }
      if (measure.zero) parts.push(`<line x1="${x0}" y1="${sy(0)}" x2="${x0 + PANEL.width}" y2="${sy(0)}" stroke="#999" stroke-dasharray="3 3"/>`);
      for (const sampler of Object.keys(COLOURS)) {
        const line = points.filter((p) => p.r.sampler === sampler && p.r.budget !== 'hole').sort((a, b) => a.x - b.x);
        if (line.length) parts.push(`<polyline fill="none" stroke="${COLOURS[sampler]}" stroke-width="2" points="${line.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ')}"/>`);
        for (const p of line) parts.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="2.5" fill="${COLOURS[sampler]}"/>`);
      }
      for (const p of points.filter((q) => q.r.sampler === 'default')) parts.push(`<rect x="${(sx(p.x) - 5).toFixed(1)}" y="${(sy(p.y) - 5).toFixed(1)}" width="10" height="10" transform="rotate(45 ${sx(p.x).toFixed(1)} ${sy(p.y).toFixed(1)})" fill="${DEFAULT_COLOUR}"/>`);
      for (const p of points.filter((q) => q.r.budget === 'hole')) parts.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="5" fill="none" stroke="#000" stroke-width="2"/>`);
    });
  });
  const legendY = height - 22;
  const legend = Object.entries(COLOURS).map(([name, colour], i) => `<rect x="${20 + i * 170}" y="${legendY - 9}" width="14" height="4" fill="${colour}"/><text x="${40 + i * 170}" y="${legendY}" font-size="12">${name}</text>`);
  legend.push(`<circle cx="${27 + 4 * 170}" cy="${legendY - 4}" r="5" fill="none" stroke="#000" stroke-width="2"/><text x="${40 + 4 * 170}" y="${legendY}" font-size="12">Gibbs N = |hole| (the former default)</text>`);
  if (columns.some((c) => c.rows.some((r) => r.sampler === 'default'))) {
    const x = 5 * 170 + 140; // after the ring's longer label
    legend.push(`<rect x="${22 + x}" y="${legendY - 9}" width="8" height="8" transform="rotate(45 ${26 + x} ${legendY - 5})" fill="${DEFAULT_COLOUR}"/><text x="${40 + x}" y="${legendY}" font-size="12">the app's default</text>`);
  }
  legend.push(`<text x="20" y="${legendY + 16}" font-size="11">x: network passes per run (log scale). Study of ${input.date.slice(0, 10)} (bench/study.ts).</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + 10}" font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}${legend.join('')}</svg>\n`;
}

export async function writeStudyPlot(input: PlotInput, file: string): Promise<void> {
  await writeFileAtomic(file, studySvg(input));
}
