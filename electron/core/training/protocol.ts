/**
 * The JSON-lines progress protocol of `python3 -m models.training train --progress jsonl`
 * (docs/training.md, "Progress protocol"): one object per stdout line, each with a `type`.
 * Every line is parsed against these schemas before the app believes it, as IPC payloads are.
 */
import * as v from 'valibot';

/** The version this app reads; `start.protocol` must equal it. */
export const PROTOCOL_VERSION = 1;

/** Longest line the app parses: a longer one is reported as malformed, not held in memory. */
export const MAX_LINE_CHARS = 64 * 1024;

const finite = v.pipe(v.number(), v.finite());
const nonNegative = v.pipe(finite, v.minValue(0));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const text = v.pipe(v.string(), v.maxLength(MAX_LINE_CHARS));

const messages = [
  v.strictObject({
    type: v.literal('start'),
    protocol: v.literal(PROTOCOL_VERSION),
    device: v.picklist(['cpu', 'cuda', 'mps']),
    hardware: text,
    processes: v.pipe(count, v.minValue(1)),
    run: text,
    examples: count,
    validation: count,
    validationExamples: count,
    skipped: count,
    exampleMode: v.nullable(v.picklist(['crop', 'resize'])),
    size: v.tuple([v.pipe(count, v.minValue(1)), v.pipe(count, v.minValue(1))]),
    channels: v.picklist([1, 3]),
    levels: v.pipe(count, v.minValue(2), v.maxValue(256)),
    base: v.nullable(text),
    parameters: count,
    steps: v.nullable(count),
    minutes: v.nullable(nonNegative),
    resumedFrom: v.nullable(count),
  }),
  v.strictObject({
    type: v.literal('step'),
    step: count,
    /** Training loss, bits per dimension (sub-pixel); null where it was not finite. */
    loss: v.nullable(finite),
    lossNats: v.nullable(finite),
    lr: nonNegative,
    stepsPerSecond: nonNegative,
    /** Training seconds (validation, checkpoints and sheets excluded). */
    elapsed: nonNegative,
    /** Seconds left. */
    eta: nonNegative,
  }),
  v.strictObject({
    type: v.literal('validation'),
    step: count,
    nll: v.nullable(finite),
    nllNats: v.nullable(finite),
    best: v.nullable(finite),
  }),
  v.strictObject({ type: v.literal('checkpoint'), path: text, best: v.boolean(), step: count }),
  v.strictObject({ type: v.literal('sheet'), path: text, step: count }),
  v.strictObject({ type: v.literal('skipped'), file: text, reason: text }),
  v.strictObject({ type: v.literal('note'), message: text }),
  v.strictObject({
    type: v.literal('done'),
    model: v.nullable(text),
    run: text,
    steps: count,
    best: v.nullable(finite),
    base: v.nullable(finite),
  }),
  v.strictObject({
    type: v.literal('cancelled'),
    step: count,
    checkpoint: text,
    best: v.nullable(text),
    reason: v.picklist(['signal', '--stop-at']),
  }),
  v.strictObject({ type: v.literal('error'), message: text }),
] as const;

export const ProgressMessageSchema = v.variant('type', messages);

export type ProgressMessage = v.InferOutput<typeof ProgressMessageSchema>;
export type ProgressType = ProgressMessage['type'];
export type ProgressOf<T extends ProgressType> = Extract<ProgressMessage, { type: T }>;

/** The messages after which the trainer writes nothing more. */
export const FINAL_TYPES = ['done', 'cancelled', 'error'] as const satisfies readonly ProgressType[];

export type ParsedLine = { ok: true; message: ProgressMessage } | { ok: false; problem: string };

/** One stdout line: a message, or why it is not one (quoted, shortened, for the user and the log). */
export function parseProgressLine(line: string): ParsedLine {
  if (line.length > MAX_LINE_CHARS) return { ok: false, problem: `a line of ${line.length} characters (more than ${MAX_LINE_CHARS})` };
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, problem: `not JSON: ${quote(line)}` };
  }
  if (isObject(json) && json['type'] === 'start' && json['protocol'] !== PROTOCOL_VERSION) {
    return { ok: false, problem: `the trainer speaks protocol ${JSON.stringify(json['protocol'])}; this app reads ${PROTOCOL_VERSION}` };
  }
  const result = v.safeParse(ProgressMessageSchema, json);
  if (result.success) return { ok: true, message: result.output };
  const issue = result.issues[0];
  const where = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, problem: `${where ? `${where}: ` : ''}${issue.message} in ${quote(line)}` };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function quote(line: string): string {
  return JSON.stringify(line.length > 200 ? `${line.slice(0, 197)}...` : line);
}
