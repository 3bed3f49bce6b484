import { isJsonObject, JsonFields, type JsonObject } from './json-fields';
import { ModelCardError } from './errors';

export type { JsonObject, JsonValue } from './json-fields';

/** How a level enters the net: one-hot (E = K slots per channel) or a scalar in [0, 1] (E = 1). */
export type InputEncoding = 'onehot' | 'scalar';

export interface ResnetArchitecture {
  readonly kind: 'resnet';
  readonly features: number;
  readonly blocks: number;
  readonly kernel: number;
  /** 2·blocks dilations: conv1 and conv2 of each block, in order. */
  readonly dilations: readonly number[];
}

/** Levels at halving resolutions; see docs/model-format.md. */
export interface UnetArchitecture {
  readonly kind: 'unet';
  /** Channels per level, full resolution first. */
  readonly widths: readonly number[];
  /** Residual blocks per level (each way above the bottom level). */
  readonly blocks: readonly number[];
  readonly kernel: number;
}

export type Architecture = ResnetArchitecture | UnetArchitecture;

export interface LinearQuantisation {
  readonly kind: 'linear';
  /** RGB 0…255 that transparent pixels are composited on. */
  readonly background: readonly [number, number, number];
}

export interface DataInfo {
  readonly name: string;
  readonly source: string;
  readonly licence: string;
  readonly attribution: string;
  readonly split: string;
}

export interface TrainingInfo {
  readonly command: string;
  readonly wallTimeSeconds: number;
  readonly hardware: string;
  readonly steps: number;
}

/** Which graph of a model runs: model.onnx (fp32, the default) or the optional int8 variant beside it. */
export const PRECISIONS = ['fp32', 'int8'] as const;
export type Precision = (typeof PRECISIONS)[number];

/**
 * An optional graph beside model.onnx with the same inputs and logits, run only by onnxruntime
 * (the tfjs backends build their nets from model.onnx's float weights). Its cost is measured
 * against model.onnx and copied from `measuredBy`, so the app can say what the speed costs.
 */
export interface GraphVariant {
  /** A plain file name in the model folder. */
  readonly file: string;
  /** Test NLL change against model.onnx, in percent (positive = worse). */
  readonly nllChangePercent: number;
  /** model.onnx's forward time over this graph's, measured side by side. */
  readonly speedUp: number;
  /** The document the two figures come from. */
  readonly measuredBy: string;
}

/** card.json, as docs/model-format.md defines it. */
export interface ModelCard {
  readonly format: 1;
  readonly id: string;
  readonly title: string;
  readonly height: number;
  readonly width: number;
  readonly channels: 1 | 3;
  readonly levels: number;
  readonly quantisation: LinearQuantisation;
  readonly input: { readonly encoding: InputEncoding; readonly layout: 'NHWC' };
  readonly architecture: Architecture;
  readonly parameters: number;
  readonly data: DataInfo;
  readonly training: TrainingInfo;
  readonly metrics: JsonObject;
  readonly samples: readonly string[];
  /** Optional graphs by precision; fp32 is always model.onnx. */
  readonly variants: { readonly int8?: GraphVariant };
}

const MAX_SIDE = 4096;

/**
 * Validate parsed card.json content. `file` is only used in error messages
 * (`models/x/card.json: "levels" must be an integer 2…256, got 1.5`).
 */
export function parseCard(json: unknown, file: string): ModelCard {
  if (!isJsonObject(json)) throw new ModelCardError(file, undefined, 'must hold a JSON object');
  const f = new JsonFields(file, json);
  const height = f.integer('height', 1, MAX_SIDE);
  const width = f.integer('width', 1, MAX_SIDE);
  const architecture = parseArchitecture(f.object('architecture'));
  const multiple = sizeMultiple(architecture);
  for (const [key, side] of [['height', height], ['width', width]] as const) {
    if (side % multiple) f.fail(key, `must be a multiple of ${multiple} (the unet's levels halve it ${Math.log2(multiple)} times)`);
  }
  return {
    format: f.literal('format', [1] as const),
    id: parseId(f),
    title: f.string('title'),
    height,
    width,
    channels: f.literal('channels', [1, 3] as const),
    levels: f.integer('levels', 2, 256),
    quantisation: parseQuantisation(f.object('quantisation')),
    input: parseInput(f.object('input')),
    architecture,
    parameters: f.integer('parameters', 1),
    data: parseData(f.object('data')),
    training: parseTraining(f.object('training')),
    metrics: f.has('metrics') ? parseMetrics(f) : {},
    samples: f.has('samples') ? parseSamples(f) : [],
    variants: f.has('variants') ? parseVariants(f.object('variants')) : {},
  };
}

/** Read and validate card.json text. */
export function parseCardText(text: string, file: string): ModelCard {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelCardError(file, undefined, `is not valid JSON (${(error as Error).message})`);
  }
  return parseCard(json, file);
}

function parseId(f: JsonFields): string {
  const id = f.string('id');
  // the id names a folder: keep it to one portable path segment
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) f.fail('id', 'must be letters, digits, ".", "_" or "-"');
  return id;
}

/**
 * Plain file names in the app's samples folder: no separators and no leading dot, so a card
 * cannot make the listing probe (and reveal) whether files elsewhere exist. The same rule as
 * the `sample:read` request's names.
 */
const SAMPLE_NAME = /^[\w][\w .-]*$/;

function parseSamples(f: JsonFields): string[] {
  const samples = f.stringArray('samples');
  const bad = samples.findIndex((name) => name.length > 200 || !SAMPLE_NAME.test(name));
  if (bad >= 0) throw new ModelCardError(f.file, f.path(`samples.${bad}`), `must be a plain file name in the samples folder, got ${JSON.stringify(samples[bad])}`);
  return samples;
}

/** Names a variant file may not take: the folder's own files. */
const RESERVED_FILES = new Set(['card.json', 'model.onnx']);

function parseVariants(f: JsonFields): ModelCard['variants'] {
  const stray = f.keys().find((key) => key !== 'int8');
  if (stray !== undefined) f.fail(stray, 'is not a known variant (only "int8")');
  return f.has('int8') ? { int8: parseVariant(f.object('int8')) } : {};
}

function parseVariant(f: JsonFields): GraphVariant {
  const file = f.string('file');
  if (file.length > 200 || !SAMPLE_NAME.test(file) || RESERVED_FILES.has(file)) {
    f.fail('file', 'must be a plain file name in the model folder, other than card.json and model.onnx');
  }
  const speedUp = f.number('speedUp', 0);
  if (speedUp === 0) f.fail('speedUp', 'must be a number > 0');
  return { file, nllChangePercent: f.number('nllChangePercent', -100), speedUp, measuredBy: f.string('measuredBy') };
}

function parseQuantisation(f: JsonFields): LinearQuantisation {
  const [r, g, b] = f.integerArray('background', 3, 0, 255) as [number, number, number];
  return { kind: f.literal('kind', ['linear'] as const), background: [r, g, b] };
}

function parseInput(f: JsonFields): ModelCard['input'] {
  return {
    encoding: f.literal('encoding', ['onehot', 'scalar'] as const),
    layout: f.literal('layout', ['NHWC'] as const),
  };
}

const MAX_UNET_LEVELS = 5;

function parseArchitecture(f: JsonFields): Architecture {
  const kind = f.literal('kind', ['resnet', 'unet'] as const);
  if (kind === 'unet') {
    const widths = f.integerArray('widths', [2, MAX_UNET_LEVELS], 1, 4096);
    const blocks = f.integerArray('blocks', widths.length, 0, 64);
    return { kind, widths, blocks, kernel: parseKernel(f) };
  }
  const features = f.integer('features', 1, 4096);
  const blocks = f.integer('blocks', 0, 256);
  const kernel = parseKernel(f);
  const dilations = f.integerArray('dilations', 2 * blocks, 1, 64);
  return { kind, features, blocks, kernel, dilations };
}

function parseKernel(f: JsonFields): number {
  const kernel = f.integer('kernel', 1, 15);
  // "same" padding dilation·(k−1)/2 is only symmetric for odd kernels
  if (kernel % 2 === 0) f.fail('kernel', 'must be odd');
  return kernel;
}

/** Height and width a net runs on must be multiples of this: 2^(levels−1) for a U-Net. */
export const sizeMultiple = (architecture: Architecture): number =>
  architecture.kind === 'unet' ? 2 ** (architecture.widths.length - 1) : 1;

function parseData(f: JsonFields): DataInfo {
  return {
    name: f.string('name'),
    source: f.string('source'),
    licence: f.string('licence'),
    attribution: f.string('attribution'),
    split: f.string('split'),
  };
}

function parseTraining(f: JsonFields): TrainingInfo {
  return {
    command: f.string('command'),
    wallTimeSeconds: f.number('wallTimeSeconds', 0),
    hardware: f.string('hardware'),
    steps: f.integer('steps', 0),
  };
}

function parseMetrics(f: JsonFields): JsonObject {
  const metrics = f.raw('metrics');
  if (!isJsonObject(metrics)) f.fail('metrics', 'must be an object');
  return metrics;
}

/** E: input slots per channel. */
export const slotsPerChannel = (card: ModelCard): number =>
  card.input.encoding === 'onehot' ? card.levels : 1;
