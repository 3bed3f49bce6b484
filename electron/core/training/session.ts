/**
 * The Train panel's side of a run: what the user asks for (a folder, a base or a fresh net, how
 * long, how images become examples), what the preview finds, and the run as the panel shows it
 * (`TrainingView`), built from the trainer's progress messages by one pure reducer that main and
 * the renderer both apply, so main sends each message once instead of the whole view.
 */
import * as v from 'valibot';
import { EXAMPLE_MODES, NET_SIZES } from './command';
import type { ProgressMessage, ProgressOf } from './protocol';

const path = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));

export const TrainFormSchema = v.strictObject({
  dataDir: path,
  /** Fine-tune a model of the library (its folder, ModelEntry.dir; main checks it is listed) or start a fresh net of a named size. */
  base: v.variant('kind', [
    v.strictObject({ kind: v.literal('model'), dir: path }),
    v.strictObject({ kind: v.literal('fresh'), netSize: v.picklist(NET_SIZES) }),
  ]),
  duration: v.variant('unit', [
    v.strictObject({ unit: v.literal('minutes'), value: v.pipe(v.number(), v.finite(), v.gtValue(0), v.maxValue(7 * 24 * 60)) }),
    v.strictObject({ unit: v.literal('steps'), value: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000_000)) }),
  ]),
  examples: v.picklist(EXAMPLE_MODES),
  /** The new model's title (its id is made from it); the folder's name when absent. */
  title: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120))),
});
export type TrainForm = v.InferOutput<typeof TrainFormSchema>;

/** What `python -m models.training preview` prints (models/training/preview.py). */
export const PreviewLineSchema = v.variant('type', [
  v.strictObject({
    type: v.literal('preview'),
    images: v.number(),
    training: v.number(),
    validation: v.number(),
    skipped: v.array(v.strictObject({ file: v.string(), reason: v.string() })),
    size: v.tuple([v.number(), v.number()]),
    channels: v.number(),
    levels: v.number(),
    examples: v.array(v.string()),
  }),
  v.strictObject({ type: v.literal('error'), message: v.string() }),
]);

export interface TrainPreview {
  images: number;
  training: number;
  validation: number;
  skipped: { file: string; reason: string }[];
  size: [number, number];
  channels: number;
  levels: number;
  /** PNG bytes of the first examples of the first training batch. */
  examples: Uint8Array[];
}

export type TrainingStatus = 'running' | 'stopping' | 'paused' | 'done' | 'failed';

/** [step, bits per dimension] */
export type Point = [number, number];

export interface TrainingView {
  status: TrainingStatus;
  form: TrainForm;
  /** The model folder the result goes to; its name is the model's id. */
  modelId: string;
  start: ProgressOf<'start'> | null;
  step: ProgressOf<'step'> | null;
  train: Point[];
  validation: Point[];
  /** The step of the newest sample sheet ('training:sheet' answers its bytes). */
  sheetStep: number | null;
  skipped: { file: string; reason: string }[];
  notes: string[];
  /** Why it failed or stopped, in one line. */
  message: string | null;
  done: ProgressOf<'done'> | null;
  /** A checkpoint exists, so Resume continues the run exactly. */
  resumable: boolean;
}

/** Points kept per series: past it, every other one is dropped (the plot thins to ~300 anyway). */
export const MAX_POINTS = 2000;
const MAX_LISTED = 200;

export function newView(form: TrainForm, modelId: string): TrainingView {
  return {
    status: 'running', form, modelId, start: null, step: null, train: [], validation: [], sheetStep: null,
    skipped: [], notes: [], message: null, done: null, resumable: false,
  };
}

/** The view after one progress message (a new object; the arrays are copied only where they change). */
export function applyProgress(view: TrainingView, m: ProgressMessage): TrainingView {
  switch (m.type) {
    case 'start':
      // a resume reports its start again: the points so far stay, the skipped files are listed afresh
      return { ...view, start: m, skipped: [], ...(m.resumedFrom === null ? { train: [], validation: [] } : {}) };
    case 'step':
      return { ...view, step: m, train: m.loss === null ? view.train : appendPoint(view.train, [m.step, m.loss]) };
    case 'validation':
      return { ...view, validation: m.nll === null ? view.validation : appendPoint(view.validation, [m.step, m.nll]) };
    case 'checkpoint':
      return m.best ? view : { ...view, resumable: true };
    case 'sheet':
      return { ...view, sheetStep: m.step };
    case 'skipped':
      return view.skipped.length >= MAX_LISTED ? view : { ...view, skipped: [...view.skipped, { file: m.file, reason: m.reason }] };
    case 'note':
      return { ...view, notes: [...view.notes, m.message].slice(-20) };
    case 'done':
      return { ...view, status: 'done', done: m, resumable: false };
    case 'cancelled':
      return { ...view, status: 'paused', resumable: true, message: null };
    case 'error':
      return { ...view, status: 'failed', message: m.message };
  }
}

/** Appends a point, replacing a later one a resume repeats; halves a full series. */
export function appendPoint(points: readonly Point[], point: Point): Point[] {
  const kept = points.filter(([step]) => step < point[0]);
  kept.push(point);
  return kept.length > MAX_POINTS ? kept.filter((_, i) => i % 2 === 1 || i === kept.length - 1) : kept;
}

/** "12 s", "4 min", "1 h 5 min": a time left, for the panel. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
