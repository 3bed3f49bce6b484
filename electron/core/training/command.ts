/**
 * What the Train panel asks for, as the trainer's command line (docs/training.md): a folder of
 * images, a base model folder to fine-tune or a fresh net of a named size, how long, how images
 * become examples, the run folder and the model folder the result goes to.
 */
import * as v from 'valibot';

export const NET_SIZES = ['tiny', 'small', 'medium', 'large'] as const;
export const EXAMPLE_MODES = ['crop', 'resize'] as const;
export const DEVICES = ['auto', 'cpu', 'cuda', 'mps'] as const;

const path = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));
const positive = v.pipe(v.number(), v.finite(), v.gtValue(0));
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const TrainingRequestSchema = v.pipe(
  v.strictObject({
    dataDir: path,
    /** A model folder to fine-tune (the default in the panel); its levels, channels and size follow. */
    base: v.optional(path),
    /** A fresh net instead (with `levels` and `size`). */
    netSize: v.optional(v.picklist(NET_SIZES)),
    levels: v.optional(v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(256))),
    size: v.optional(v.pipe(v.number(), v.integer(), v.minValue(4), v.maxValue(512))),
    minutes: v.optional(v.pipe(positive, v.maxValue(7 * 24 * 60))),
    steps: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    examples: v.picklist(EXAMPLE_MODES),
    batch: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(4096))),
    device: v.optional(v.picklist(DEVICES)),
    runDir: path,
    /** The model folder the result is exported to; its name is the model's id. */
    modelDir: path,
    title: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
    resume: v.optional(v.boolean()),
  }),
  v.check((r) => (r.base === undefined) !== (r.netSize === undefined), 'give a base model to fine-tune or a net size, not both'),
  v.check((r) => r.base === undefined || (r.levels === undefined && r.size === undefined), 'a base model fixes the levels and size'),
  v.check((r) => r.minutes !== undefined || r.steps !== undefined, 'give minutes or steps'),
  v.check((r) => MODEL_ID.test(r.modelDir.split(/[\\/]/).filter(Boolean).at(-1) ?? ''), "the model folder's name must be letters, digits, '.', '_' or '-'"),
);

export type TrainingRequest = v.InferOutput<typeof TrainingRequestSchema>;

/** The arguments after `python -m models.training`: always JSON-lines progress. */
export function trainArguments(request: TrainingRequest): string[] {
  const r = v.parse(TrainingRequestSchema, request);
  const args = ['train', '--data-dir', r.dataDir, '--examples', r.examples, '--out', r.runDir, '--model-out', r.modelDir];
  const option = (flag: string, value: string | number | undefined): void => {
    if (value !== undefined) args.push(flag, String(value));
  };
  option('--base', r.base);
  option('--net-size', r.netSize);
  option('--levels', r.levels);
  option('--size', r.size);
  option('--minutes', r.minutes);
  option('--steps', r.steps);
  option('--batch', r.batch);
  option('--device', r.device);
  option('--title', r.title);
  if (r.minutes !== undefined) option('--val-every-minutes', Math.min(2, Math.max(0.25, r.minutes / 10)));
  if (r.resume) args.push('--resume');
  args.push('--progress', 'jsonl');
  return args;
}
