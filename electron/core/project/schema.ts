/**
 * What a project holds, as valibot schemas: every piece read from a file is checked against
 * these (sizes included) before the app sees it, as every IPC payload is.
 */
import * as v from 'valibot';
import { DEFAULT_PARAMS, PARAM_NAMES, ParamsSchema, type GibbsParams } from '../sampler/params';
import { MAX_DECODE_PIXELS } from '../image/decode-limits';
import { PRECISIONS } from '../model/card';

const int = (lo: number, hi: number) => v.pipe(v.number(), v.integer(), v.minValue(lo), v.maxValue(hi));
const side = int(1, 1 << 16);
const u8 = v.custom<Uint8Array>((x) => x instanceof Uint8Array, 'bytes are expected');
const u16 = v.custom<Uint16Array>((x) => x instanceof Uint16Array, '16-bit samples are expected');
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

const RectSchema = v.strictObject({ x: int(0, 1 << 16), y: int(0, 1 << 16), width: side, height: side });
const SizeSchema = v.strictObject({ width: side, height: side });

export const ImageSchema = v.pipe(
  v.strictObject({ width: side, height: side, data: u8 }),
  v.check((i) => i.width * i.height <= MAX_DECODE_PIXELS, 'the image is larger than the app opens'),
  v.check((i) => i.data.length === i.width * i.height * 4, 'the image’s pixels do not match its size'),
);

const fits = (r: { x: number; y: number; width: number; height: number }, i: { width: number; height: number }) => r.x + r.width <= i.width && r.y + r.height <= i.height;

const PatchSchema = v.pipe(
  v.strictObject({ rect: RectSchema, pixels: ImageSchema }),
  v.check((p) => p.pixels.width === p.rect.width && p.pixels.height === p.rect.height, 'an accepted result does not match its rectangle'),
);
const EditSchema = v.pipe(
  v.strictObject({ rect: RectSchema, values: u8 }),
  v.check((e) => e.values.length === e.rect.width * e.rect.height, 'a mask stroke does not match its rectangle'),
);

/** The document's records, one schema per record, as undo/redo keeps them. */
export const RECORD_SCHEMAS = {
  name: text(1000),
  base: v.nullable(ImageSchema),
  base16: v.nullable(u16),
  patches: v.pipe(v.array(PatchSchema), v.maxLength(100_000)),
  maskBase: v.nullable(u8),
  maskEdits: v.pipe(v.array(EditSchema), v.maxLength(100_000)),
} as const;

export const RecordsSchema = v.pipe(
  v.strictObject(RECORD_SCHEMAS),
  v.check((r) => !r.base16 || (r.base !== null && r.base16.length === r.base.data.length), 'the 16-bit samples do not match the image'),
  v.check((r) => !r.maskBase || (r.base !== null && r.maskBase.length === r.base.width * r.base.height), 'the mask does not match the image'),
  v.check((r) => !r.base || [...r.patches.map((p) => p.rect), ...r.maskEdits.map((e) => e.rect)].every((rect) => fits(rect, r.base!)), 'an edit lies outside the image'),
);
export type ProjectRecords = v.InferOutput<typeof RecordsSchema>;
export type RecordKey = keyof typeof RECORD_SCHEMAS;

const DiffSchema = v.strictObject(
  Object.fromEntries(Object.entries(RECORD_SCHEMAS).map(([key, schema]) => [key, v.optional(v.tuple([schema, schema]))])) as {
    [K in RecordKey]: v.OptionalSchema<v.TupleSchema<[(typeof RECORD_SCHEMAS)[K], (typeof RECORD_SCHEMAS)[K]], undefined>, undefined>;
  },
);
const EntrySchema = v.variant('type', [v.strictObject({ type: v.literal('diff'), diff: DiffSchema }), v.strictObject({ type: v.literal('stop'), id: text(300), name: text(300) })]);
export const HistorySchema = v.strictObject({ undos: v.array(EntrySchema), redos: v.array(EntrySchema) });
export type ProjectHistory = v.InferOutput<typeof HistorySchema>;
export type ProjectHistoryEntry = ProjectHistory['undos'][number];

/**
 * Parameters as saved: a knob this version added since takes its default, one it no longer knows
 * is dropped. Every project file names its runs' sampler (the format came after the sampler knob),
 * so a missing one takes the default too; presets, which came before it, read a missing one as Gibbs.
 */
const SavedParamsSchema = v.pipe(
  v.record(v.string(), v.unknown()),
  v.transform((saved): unknown => ({ ...DEFAULT_PARAMS, ...Object.fromEntries(Object.entries(saved).filter(([k]) => (PARAM_NAMES as string[]).includes(k))) })),
  v.check((p) => v.is(ParamsSchema, p), 'the run’s parameters are out of range'),
) as unknown as v.GenericSchema<unknown, GibbsParams>;

const ShapeSchema = v.strictObject({ width: int(1, 4096), height: int(1, 4096), channels: int(1, 4), levels: int(2, 256) });
const finite = v.pipe(v.number(), v.finite());

/** A run as saved: its frames as the chunk names that hold them (see frames-pack.ts). */
export const SavedRunSchema = v.pipe(
  v.strictObject({
    id: int(0, Number.MAX_SAFE_INTEGER),
    label: text(1000),
    params: SavedParamsSchema,
    seed: int(0, 2 ** 32 - 1),
    chains: int(1, 64),
    /** The graph that made the run; absent in projects saved before the int8 variant. */
    precision: v.optional(v.picklist(PRECISIONS)),
    shape: ShapeSchema,
    mask: u8,
    place: v.strictObject({
      region: v.strictObject({ rect: RectSchema, scale: v.picklist(['native', 'fit']), model: SizeSchema }),
      context: ImageSchema,
      hole: u8,
      image: SizeSchema,
      base: ImageSchema,
      feather: v.pipe(v.number(), v.minValue(0), v.maxValue(1024)),
      smooth: v.boolean(),
    }),
    parent: v.nullable(v.strictObject({ runId: int(0, Number.MAX_SAFE_INTEGER), frame: int(0, 1 << 24) })),
    /** Each chunk's frames, and the entries holding the same frames' entropy and change maps. */
    frameChunks: v.array(v.strictObject({ entry: text(200), count: int(1, 1 << 24), entropy: text(200), changes: text(200) })),
    frameNumbers: v.array(int(0, 1 << 24)),
    stride: int(1, 1 << 24),
    alphas: v.array(finite),
    logProbs: v.array(finite),
    steps: int(0, 1 << 24),
    status: v.picklist(['running', 'cancelling', 'done', 'cancelled', 'error']),
    error: v.nullable(text(10_000)),
  }),
  v.check((r) => r.mask.length === r.shape.width * r.shape.height, 'the run’s hole does not match its size'),
  v.check((r) => r.frameChunks.reduce((n, c) => n + c.count, 0) === r.frameNumbers.length, 'the run’s frame count does not match its frames'),
  v.check((r) => fits(r.place.region.rect, r.place.image), 'the run’s region lies outside its image'),
);
export type SavedRun = v.InferOutput<typeof SavedRunSchema>;

export const ManifestSchema = v.looseObject({ format: v.literal('gibbs-inpaint-project'), version: int(1, 1 << 16), savedAt: text(100) });
export const DocumentPieceSchema = v.strictObject({ records: RecordsSchema, activeRunId: v.nullable(int(0, Number.MAX_SAFE_INTEGER)) });
