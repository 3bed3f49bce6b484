import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_ID } from '../core/model/default-model';
import { PRECISIONS, type Precision } from '../core/model/card';
import { BACKEND_NAMES, type BackendName } from '../core/predictor/predictor';
import { AUTO_PASSES } from '../core/sampler/budget';
import { DEFAULT_PARAMS, PARAM_FIELDS, PARAM_NAMES, validateChains, validateParams, validateSeed, type GibbsParams } from '../core/sampler/params';
import { MAX_FEATHER } from '../core/region/composite';
import type { RegionRequest } from '../core/region/plan';
import type { Rect } from '../core/region/working-region';
import { BUILT_IN_PRESETS, findBuiltInPreset } from '../core/sampler/presets';
import { randomSeed } from '../core/sampler/rng';
import { POST_SWEEP, sweepRows, type SweepAxes } from '../core/sampler/sweep';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Many images in one run: every PNG of a folder, each with its mask, results into another folder. */
export interface BatchFolders {
  imageDir: string;
  /** Masks named `name_mask.png` or `name.png`; without it, `mask` is the one mask for every image. */
  maskDir?: string;
  outDir: string;
}

export interface InpaintOptions {
  image: string;
  mask: string;
  batch?: BatchFolders;
  model: string;
  backend: BackendName | 'auto';
  /** The graph: model.onnx (fp32) or the card's int8 variant, run by onnxruntime only. */
  precision: Precision;
  params: GibbsParams;
  chains: number;
  seed: number;
  region: RegionRequest;
  out?: string;
  gif?: string;
  apng?: string;
  frames?: string;
  /** Whether animations and frames show the working region (composited) or the whole image. */
  animate: 'region' | 'full';
  fps: number;
  /** Integer upscale of animations, frames and sweep cells; undefined = as large as fits 512 px, at most 4. */
  zoom?: number;
  sweep?: string;
  sweepAxes: SweepAxes;
  /** An output may replace the --image or --mask file. */
  overwrite: boolean;
  quiet: boolean;
}

/** The sampler of `p` in words, as the help states the defaults. */
export function samplerWords(p: GibbsParams): string {
  if (p.sampler === 'gibbs') {
    return `annealed Gibbs, T ${p.temperature}, α ${p.alphaMax} → ${p.alphaMin}, η ${p.eta}, ${p.steps === null ? 'one step per hole pixel' : `${p.steps} steps`}`;
  }
  const name = { confidence: `confidence (MaskGIT), choice temperature ${p.choiceTemperature}`, entropy: `${p.entropyOrder} entropy first`, 'ancestral-budget': 'budgeted ancestral (ARDM)' }[p.sampler];
  const passes = p.steps === null ? `${AUTO_PASSES} passes (auto, at most one per hole pixel)` : `${p.steps} passes`;
  const refine = p.refine > 0 ? `, then ${p.refine} Gibbs steps (α ${p.alphaMax} → ${p.alphaMin}, η ${p.eta})` : '';
  return `${name}, T ${p.temperature}, ${passes}, ${p.plan} plan${refine}`;
}

export const USAGE = `Usage: npm run inpaint -- --image in.png --mask mask.png --out out.png [options]

Inpaints the white (opaque) pixels of the mask by sampling the model (by default: ${samplerWords(DEFAULT_PARAMS)}).

Inputs
  --image FILE         PNG of any size up to 8192×8192 (only the working region is converted to
                       the model's channels and levels; every other pixel stays as it is)
  --mask FILE          PNG of the same size: white and opaque = inpaint, black or transparent = keep
  --model ID|DIR       model folder or the id of a bundled one (default ${DEFAULT_MODEL_ID})
Working region (the sampler runs on a region around the hole, never on the whole image)
  --region auto|X,Y,W,H   auto (default): a model-size window around a small hole, or a region
                       twice the size of a large one; or a rectangle of the image
  --scale native|fit   native: one image pixel is one model pixel; fit: the region is resampled
                       to about the model's size (default: native for a small hole, fit for a large one)
  --margin PX          context around the hole's bounds for an auto region (instead of the window)
  --feather PX         soften the hole's edge over PX pixels inside it (default 0: a hard edge;
                       pixels outside the mask never change either way)
Batch (instead of --image and outputs)
  --image-dir DIR      inpaint every PNG in DIR
  --mask-dir DIR       masks named NAME_mask.png or NAME.png (or --mask FILE: one mask for all)
  --out-dir DIR        results as DIR/NAME.png; a file that fails is reported and skipped
Sampler (defaults: ${samplerWords(DEFAULT_PARAMS)})
  --sampler NAME       gibbs: annealed blocked Gibbs, the post's sampler; or a fill over a
                       budget of passes, each pass committing part of the hole for good:
                       confidence (MaskGIT: the most confident draws first), entropy (the
                       lowest- or highest-entropy pixels first) or ancestral-budget (a random
                       order); docs/algorithm.md describes each (default ${DEFAULT_PARAMS.sampler})
  --preset ID          start from a built-in preset (${BUILT_IN_PRESETS.length} of them: default, gibbs, coconet, post-t1-amin0.1-eta0.1, confidence, …)
  --temperature T      p^(1/T): lower = more conservative, 0 = argmax
  --steps N|auto       the budget: Gibbs steps (auto: one per hole pixel), or a fill's passes
                       (auto: ${AUTO_PASSES}; at most one per hole pixel); a step is one network pass
                       with --block independent
  --alpha-max A        block probability at the first Gibbs step, in [0, 1]
  --alpha-min A        block probability floor, in [0, alpha-max]
  --eta E              schedule speed, > 0 (α reaches alpha-min after eta·N steps)
  --init border|model|uniform   a Gibbs start: ring by ring from the hole's border inward (one
                       pass per ring), in one model pass, or from uniform noise (the post's start);
                       default ${DEFAULT_PARAMS.init}
  --block independent|channelwise|ancestral   a Gibbs block at once, one colour channel at a time
                       given the ones before, or exactly, pixel by pixel; default ${DEFAULT_PARAMS.blockSampler}
  --plan cosine|linear   a fill's pixels per pass: few at first, more later (cosine), or even;
                       default ${DEFAULT_PARAMS.plan}
  --choice-temperature C   confidence: Gumbel noise on the choice at the first pass, annealed to 0
                       at the last (default ${DEFAULT_PARAMS.choiceTemperature}; 0 = by confidence alone)
  --entropy-order lowest|highest   entropy: lowest first (greedy) or highest (antigreedy);
                       default ${DEFAULT_PARAMS.entropyOrder}
  --refine N           annealed Gibbs steps after a fill (default ${DEFAULT_PARAMS.refine}), α over them as above
  --chains N           chains run as one batch (outputs show them side by side)
  --seed S             32-bit seed; the same seed, inputs and backend give the same chain
  --backend NAME       auto (default), ${BACKEND_NAMES.join(', ')}; or set GIBBS_BACKEND
  --precision fp32|int8   the model's graph: model.onnx (fp32, default) or its faster int8 graph,
                       where its card names one (onnxruntime only; docs/quantisation.md)
Outputs (at least one; checked before sampling, written all or none)
  --out FILE           the result PNG, with the parameters in a tEXt chunk
  --gif FILE           the chain as an animated GIF
  --apng FILE          the chain as an animated PNG (much smaller than GIF)
  --frames DIR         every frame as DIR/frame-00000.png … (replaces frame-NNNNN.png files
                       an earlier run left there)
  --animate region|full   animations and frames show the working region (default) or the whole image
  --fps N              animation frame rate (default 30)
  --zoom N             integer upscale of animations, frames and sweep cells (default: up to 4,
                       as large as fits 512 pixels)
  --sweep FILE         a labelled grid PNG, one row per combination of the --sweep-* axes
  --sweep-FLAG LIST    an axis over the sampler flag --FLAG, comma-separated (e.g. --sweep-sampler
                       gibbs,confidence --sweep-steps 16,64,auto); the other flags hold. With no
                       axis, the source post's table of annealed Gibbs at one step per hole pixel
                       (whatever --sampler and --steps say): T 1,0.1 × α_max 0.5 ×
                       α_min 0.1,0.001,0.00001 × η 0.1,0.001
  --overwrite          let an output replace the --image or --mask file (refused otherwise)
                       An output that is a folder, device, FIFO or socket is refused; one that
                       is a link replaces the file it points to.
  --quiet              no progress bar
`;

const OPTIONS = {
  image: { type: 'string' },
  mask: { type: 'string' },
  'image-dir': { type: 'string' },
  'mask-dir': { type: 'string' },
  'out-dir': { type: 'string' },
  model: { type: 'string', default: DEFAULT_MODEL_ID },
  region: { type: 'string', default: 'auto' },
  scale: { type: 'string' },
  margin: { type: 'string' },
  feather: { type: 'string', default: '0' },
  animate: { type: 'string', default: 'region' },
  zoom: { type: 'string' },
  fit: { type: 'boolean', default: false },
  preset: { type: 'string' },
  chains: { type: 'string', default: '1' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  precision: { type: 'string', default: 'fp32' },
  out: { type: 'string' },
  gif: { type: 'string' },
  apng: { type: 'string' },
  frames: { type: 'string' },
  fps: { type: 'string', default: '30' },
  sweep: { type: 'string' },
  overwrite: { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

/** A decimal number, as a person writes one: "", "NaN", "0x10", "1e999" and the like are refused with the flag's name. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function number(flag: string, text: string): number {
  const value = DECIMAL.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value)) throw new UsageError(`--${flag} must be a decimal number, got "${text}"`);
  return value;
}

/** Digits only: "0x10" would otherwise run 16 chains, "1e3" 1000 steps. */
function integer(flag: string, text: string, lo: number, hi: number, what = `an integer in [${lo}, ${hi}]`): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= lo && value <= hi)) throw new UsageError(`--${flag} must be ${what}, got "${text}"`);
  return value;
}

function oneOf<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) throw new UsageError(`--${flag} must be one of ${choices.join(', ')}, got "${text}"`);
  return text as T;
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A sampler parameter's flag: its name in kebab case, but --block for the block sampler. */
const flagOf = (key: keyof GibbsParams): string => (key === 'blockSampler' ? 'block' : kebab(key));

/** Every sampler flag and its sweep axis --sweep-FLAG take a value. */
const PARAM_OPTIONS = Object.fromEntries(PARAM_NAMES.flatMap((key) => [flagOf(key), `sweep-${flagOf(key)}`]).map((flag) => [flag, { type: 'string' as const }]));

/** One value of a sampler flag, read by the parameter's rule (`keep` is the app's branch, not a start the CLI offers). */
function paramValue<K extends keyof GibbsParams>(key: K, flag: string, text: string): GibbsParams[K] {
  const field = PARAM_FIELDS[key];
  switch (field.kind) {
    case 'decimal':
    case 'positive':
      return number(flag, text) as GibbsParams[K];
    case 'integer':
      if (!field.auto) return integer(flag, text, field.min, field.max) as GibbsParams[K];
      if (text === 'auto') return null as GibbsParams[K];
      return integer(flag, text, field.min, field.max, `auto or an integer in [${field.min}, ${field.max}]`) as GibbsParams[K];
    case 'choice':
      return oneOf(flag, text, field.choices.filter((c) => !(key === 'init' && c === 'keep'))) as GibbsParams[K];
  }
}

type ParamTexts = Record<string, string | boolean | undefined>;

function samplerParams(values: ParamTexts): GibbsParams {
  const presetId = values.preset as string | undefined;
  const preset = presetId === undefined ? undefined : findBuiltInPreset(presetId);
  if (presetId !== undefined && !preset) throw new UsageError(`--preset "${presetId}" is not a built-in preset: ${BUILT_IN_PRESETS.map((p) => p.id).join(', ')}`);
  let params: GibbsParams = { ...DEFAULT_PARAMS, ...preset?.params };
  for (const key of PARAM_NAMES) {
    const text = values[flagOf(key)] as string | undefined;
    if (text !== undefined) params = { ...params, [key]: paramValue(key, flagOf(key), text) };
  }
  try {
    return validateParams(params);
  } catch (error) {
    throw new UsageError(flagNames((error as Error).message));
  }
}

/** The --sweep-FLAG axes given, or the post's table when none is; every row checked before any sampling. */
function sweepAxes(values: ParamTexts, base: GibbsParams): SweepAxes {
  const given = PARAM_NAMES.flatMap((key) => {
    const flag = `sweep-${flagOf(key)}`;
    const text = values[flag] as string | undefined;
    return text === undefined ? [] : [[key, text.split(',').map((t) => paramValue(key, flag, t))] as const];
  });
  const axes: SweepAxes = given.length > 0 ? Object.fromEntries(given) : POST_SWEEP;
  for (const { params } of sweepRows(base, axes)) {
    try {
      validateParams(params);
    } catch (error) {
      throw new UsageError(`--sweep: ${flagNames((error as Error).message)}`);
    }
  }
  return axes;
}

/** Longest first, so no name is taken for the end of a longer one. */
const PARAM_NAME_PATTERN = new RegExp(`\\b(${[...PARAM_NAMES].sort((a, b) => b.length - a.length).join('|')})\\b`, 'g');
const flagNames = (message: string): string => message.replace(PARAM_NAME_PATTERN, (name) => `--${flagOf(name as keyof GibbsParams)}`);

/** Parses and checks every flag; throws a UsageError whose message is the one line the user sees. */
export function parseInpaintArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): InpaintOptions | 'help' {
  let values: Values & ParamTexts;
  try {
    values = parseArgs({ args: argv, options: { ...OPTIONS, ...PARAM_OPTIONS }, strict: true, allowPositionals: false }).values as Values & ParamTexts;
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\n/g, ' ')); // node's own words, on one line
  }
  if (values.help) return 'help';
  if (values.fit) throw new UsageError('--fit is retired: an image of any size now runs on a working region around its mask (--region, --scale fit)');
  const batch = batchFolders(values);
  if (!batch && !values.image) throw new UsageError('--image is required');
  if (!values.mask && !batch?.maskDir) throw new UsageError(batch ? 'give --mask FILE or --mask-dir DIR' : '--mask is required');
  if (!batch && ![values.out, values.gif, values.apng, values.frames, values.sweep].some(Boolean)) {
    throw new UsageError('give at least one output: --out, --gif, --apng, --frames or --sweep');
  }
  const backendText = values.backend ?? (env.GIBBS_BACKEND || 'auto'); // an empty variable means unset
  const params = samplerParams(values);
  return {
    image: values.image ?? '',
    mask: values.mask ?? '',
    batch,
    model: values.model,
    backend: oneOf('backend', backendText, ['auto', ...BACKEND_NAMES] as const),
    precision: precisionFor(values.precision, backendText),
    params,
    chains: wrap(() => validateChains(integer('chains', values.chains, 1, 64))),
    seed: values.seed === undefined ? randomSeed() : wrap(() => validateSeed(integer('seed', values.seed!, 0, 0xffffffff))),
    region: regionRequest(values),
    out: values.out,
    gif: values.gif,
    apng: values.apng,
    frames: values.frames,
    animate: oneOf('animate', values.animate, ['region', 'full'] as const),
    fps: integer('fps', values.fps, 1, 100),
    zoom: values.zoom === undefined ? undefined : integer('zoom', values.zoom, 1, 32),
    sweep: values.sweep,
    sweepAxes: sweepAxes(values, params),
    overwrite: values.overwrite,
    quiet: values.quiet,
  };
}

/** int8 runs only on onnxruntime: a tfjs backend named with it is refused before anything loads. */
function precisionFor(text: string, backend: string): Precision {
  const precision = oneOf('precision', text, PRECISIONS);
  if (precision === 'int8' && backend !== 'auto' && backend !== 'onnxruntime') {
    throw new UsageError(`--precision int8 runs only on onnxruntime, not on backend ${backend}`);
  }
  return precision;
}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

/** The batch flags, all or none, and never mixed with the single-image ones. */
function batchFolders(values: Values): BatchFolders | undefined {
  const { 'image-dir': imageDir, 'mask-dir': maskDir, 'out-dir': outDir } = values;
  if (!imageDir && !maskDir && !outDir) return undefined;
  if (!imageDir) throw new UsageError('--image-dir is required with --mask-dir and --out-dir');
  if (!outDir) throw new UsageError('--out-dir is required with --image-dir');
  if (values.image) throw new UsageError('give --image or --image-dir, not both');
  if (maskDir && values.mask) throw new UsageError('give --mask or --mask-dir, not both');
  const single = (['out', 'gif', 'apng', 'frames', 'sweep'] as const).find((flag) => values[flag]);
  if (single) throw new UsageError(`--${single} is for one image; a batch writes its results to --out-dir`);
  return { imageDir, maskDir, outDir };
}

function regionRequest(values: Values): RegionRequest {
  const scaleText = values.scale;
  if (scaleText !== undefined && /^\d+$/.test(scaleText)) {
    throw new UsageError(`--scale now picks the working scale, native or fit; the animations' pixel size is --zoom ${scaleText}`);
  }
  if (values.region !== 'auto' && values.margin !== undefined) throw new UsageError('--margin sets the context of --region auto; a given --region is its own context');
  return {
    rect: values.region === 'auto' ? 'auto' : regionRect(values.region),
    scale: scaleText === undefined ? undefined : oneOf('scale', scaleText, ['native', 'fit'] as const),
    margin: values.margin === undefined ? undefined : integer('margin', values.margin, 0, 8192),
    feather: integer('feather', values.feather, 0, MAX_FEATHER),
  };
}

/** "X,Y,W,H" in image pixels, digits only. */
function regionRect(text: string): Rect {
  const parts = text.split(',');
  if (parts.length !== 4 || !parts.every((p) => /^\d+$/.test(p))) throw new UsageError(`--region must be auto or X,Y,W,H in pixels, got "${text}"`);
  const [x, y, width, height] = parts.map(Number) as [number, number, number, number];
  if (width < 1 || height < 1) throw new UsageError(`--region must have a width and height of at least 1, got "${text}"`);
  return { x, y, width, height };
}

function wrap<T>(f: () => T): T {
  try {
    return f();
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError((error as Error).message);
  }
}
