/**
 * valibot schemas for every request payload of the contract: main (and the e2e bridge) parse each
 * payload before a handler sees it, so a compromised renderer cannot send shapes the types forbid.
 */
import * as v from 'valibot';
import type { RequestChannel, RequestOf } from './contract';
import { PRECISIONS } from '../model/card';
import { MAX_CHAINS, ParamsSchema } from '../sampler/params';
import { AppSettingsSchema } from '../settings/app-settings';
import { TrainFormSchema } from '../training/session';
import { PresetParamsSchema, presetParamsOf, StoredPresetParamsSchema, type Preset } from '../sampler/presets';

const int = (lo: number, hi: number) => v.pipe(v.number(), v.integer(), v.minValue(lo), v.maxValue(hi));
const shortText = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));
const bytes = v.instance(Uint8Array);

export const PresetSchema = v.strictObject({
  id: shortText(120),
  name: shortText(80),
  params: PresetParamsSchema,
});

export const PresetListSchema = v.array(PresetSchema);

/**
 * The most user presets the app keeps: every change answers the whole list over IPC and the
 * picker shows them all. A longer file is cut to this at load (presets-file.ts).
 */
export const MAX_USER_PRESETS = 1000;

/**
 * A preset as the presets file stores it: the known fields checked (knobs added since it was
 * saved take their defaults), fields a newer version added (on the entry or its params)
 * allowed, so they are kept rather than the entry dropped.
 */
export const StoredPresetSchema = v.looseObject({
  id: shortText(120),
  name: shortText(80),
  params: StoredPresetParamsSchema,
});

export type StoredPreset = v.InferOutput<typeof StoredPresetSchema>;

/** A stored preset's known fields: what the app works with. */
export function knownPresetFields({ id, name, params }: StoredPreset): Preset {
  return { id, name, params: presetParamsOf(params) };
}

const PresetChangeSchema = v.variant('op', [
  v.strictObject({ op: v.literal('add'), presets: v.pipe(PresetListSchema, v.minLength(1), v.maxLength(MAX_USER_PRESETS)) }),
  v.strictObject({ op: v.literal('rename'), id: shortText(120), name: shortText(80) }),
  v.strictObject({ op: v.literal('delete'), id: shortText(120) }),
]);

/** One image (a job's chains all start from it): exactly width × height × channels levels. */
const LevelImageSchema = v.pipe(
  v.strictObject({
    width: int(1, 4096),
    height: int(1, 4096),
    channels: v.picklist([1, 3]),
    levels: int(2, 256),
    data: bytes,
  }),
  v.check(
    (img) => img.data.length === img.width * img.height * img.channels,
    (issue) => `the data holds ${issue.input.data.length} values, expected ${issue.input.width}×${issue.input.height}×${issue.input.channels}`,
  ),
);

const SampleJobSchema = v.pipe(
  v.strictObject({
    image: LevelImageSchema,
    mask: bytes,
    params: ParamsSchema,
    chains: int(1, MAX_CHAINS),
    seed: int(0, 0xffffffff),
  }),
  v.check(
    (job) => job.mask.length === job.image.width * job.image.height,
    (issue) => `the mask holds ${issue.input.mask.length} values, expected ${issue.input.image.width}×${issue.input.image.height}`,
  ),
);

const none = v.optional(v.union([v.undefined(), v.null()]));
/** A model folder, by the path models:list gave (main checks it is one it listed). */
const folderPath = shortText(4096);
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** A plain file name: no separators, no "..", so a sample request cannot leave resources/samples. */
const fileName = v.pipe(shortText(200), v.regex(/^[\w][\w .-]*$/));

type SchemaFor<C extends RequestChannel> = v.GenericSchema<unknown, RequestOf<C>>;

export const REQUEST_SCHEMAS: { [C in RequestChannel]: SchemaFor<C> } = {
  'models:list': none as unknown as SchemaFor<'models:list'>,
  'model:load': v.strictObject({ dir: folderPath, precision: v.optional(v.picklist(PRECISIONS)) }),
  'models:add': none as unknown as SchemaFor<'models:add'>,
  'models:rename': v.strictObject({ dir: folderPath, name: v.pipe(shortText(120), v.regex(MODEL_ID, 'a model name is letters, digits, ".", "_" or "-", starting with a letter or digit')) }),
  'models:remove': v.strictObject({ dir: folderPath }),
  'models:reveal': v.strictObject({ dir: folderPath }),
  'training:environment': v.strictObject({ recheck: v.boolean() }),
  'training:python': v.strictObject({ python: v.nullable(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(4096))) }),
  'sample:read': v.strictObject({ name: fileName }),
  'file:open': v.strictObject({ kind: v.picklist(['image', 'json', 'project']) }),
  'file:launched': none as unknown as SchemaFor<'file:launched'>,
  'recent:list': none as unknown as SchemaFor<'recent:list'>,
  'recent:open': v.strictObject({ path: shortText(4096) }),
  'presets:load': none as unknown as SchemaFor<'presets:load'>,
  'presets:change': PresetChangeSchema,
  'settings:load': none as unknown as SchemaFor<'settings:load'>,
  'settings:save': AppSettingsSchema,
  'recent:forget': v.strictObject({ path: shortText(4096) }),
  'file:save': v.strictObject({
    kind: v.picklist(['png', 'gif', 'apng', 'json', 'project']),
    suggestedName: fileName,
    bytes,
  }),
  'project:save': v.strictObject({ path: v.nullable(shortText(4096)), suggestedName: fileName, bytes, backup: v.nullable(shortText(4096)) }),
  'project:dirty': v.strictObject({ dirty: v.boolean(), name: v.pipe(v.string(), v.maxLength(1000)) }),
  'autosave:write': v.strictObject({ name: v.pipe(v.string(), v.maxLength(1000)), path: v.nullable(shortText(4096)), bytes }),
  'autosave:read': none as unknown as SchemaFor<'autosave:read'>,
  'autosave:clear': none as unknown as SchemaFor<'autosave:clear'>,
  'window:close': none as unknown as SchemaFor<'window:close'>,
  'sampler:start': v.strictObject({ job: SampleJobSchema }),
  'sampler:cancel': v.strictObject({ runId: int(1, Number.MAX_SAFE_INTEGER) }),
  'training:state': none as unknown as SchemaFor<'training:state'>,
  'training:pick-folder': none as unknown as SchemaFor<'training:pick-folder'>,
  'training:preview': TrainFormSchema,
  'training:start': TrainFormSchema,
  'training:pause': none as unknown as SchemaFor<'training:pause'>,
  'training:resume': none as unknown as SchemaFor<'training:resume'>,
  'training:save-best': none as unknown as SchemaFor<'training:save-best'>,
  'training:discard': none as unknown as SchemaFor<'training:discard'>,
  'training:sheet': none as unknown as SchemaFor<'training:sheet'>,
};

export class PayloadError extends Error {
  override name = 'PayloadError';
}

/** Parses one request payload; throws a PayloadError naming the channel and the first issue. */
export function parseRequest<C extends RequestChannel>(channel: C, payload: unknown): RequestOf<C> {
  const schema = REQUEST_SCHEMAS[channel] as SchemaFor<C> | undefined;
  if (!schema) throw new PayloadError(`unknown channel ${String(channel)}`);
  const result = v.safeParse(schema, payload);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    throw new PayloadError(`${channel}: ${where ? `${where}: ` : ''}${issue.message}`);
  }
  return result.output;
}

export const isRequestChannel = (channel: string): channel is RequestChannel => Object.hasOwn(REQUEST_SCHEMAS, channel);
