import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_ID } from '../core/model/default-model';
import { BACKEND_NAMES, type BackendName } from '../core/predictor/predictor';
import { BLOCK_SAMPLERS, DEFAULT_PARAMS, validateChains, validateParams, validateSeed, type GibbsParams } from '../core/sampler/params';
import { MAX_FEATHER } from '../core/region/composite';
import type { RegionRequest } from '../core/region/plan';
import type { Rect } from '../core/region/working-region';
import { BUILT_IN_PRESETS, findBuiltInPreset } from '../core/sampler/presets';
import { randomSeed } from '../core/sampler/rng';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** The post's table, the default axes of --sweep (α_max = 0.5 everywhere there). */
export const DEFAULT_SWEEP = { temperature: [1, 0.1], alphaMax: [0.5], alphaMin: [0.1, 0.001, 0.00001], eta: [0.1, 0.001] };

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
  sweepAxes: typeof DEFAULT_SWEEP;
  /** An output may replace the --image or --mask file. */
  overwrite: boolean;
  quiet: boolean;
}

export const USAGE = `Usage: npm run inpaint -- --image in.png --mask mask.png --out out.png [options]

Inpaints the white (opaque) pixels of the mask with annealed blocked Gibbs sampling.

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
Sampler (defaults: T ${DEFAULT_PARAMS.temperature}, α ${DEFAULT_PARAMS.alphaMax} → ${DEFAULT_PARAMS.alphaMin}, η ${DEFAULT_PARAMS.eta}, one step per hole pixel)
  --preset ID          start from a built-in preset (${BUILT_IN_PRESETS.length} of them: default, coconet, post-t1-amin0.1-eta0.1, …)
  --temperature T      p^(1/T): lower = more conservative, 0 = argmax
  --alpha-max A        block probability at the first step, in [0, 1]
  --alpha-min A        block probability floor, in [0, alpha-max]
  --eta E              schedule speed, > 0 (α reaches alpha-min after eta·N steps)
  --steps N            number of Gibbs steps (default: one per hole pixel)
  --init border|model|uniform   start the hole ring by ring from its border inward (default; one
                       pass per ring), in one model pass, or from uniform noise (the post's start)
  --block independent|channelwise|ancestral   the block at once (default), one colour channel at a time
                       given the ones before, or exactly, pixel by pixel
  --chains N           chains run as one batch (outputs show them side by side)
  --seed S             32-bit seed; the same seed, inputs and backend give the same chain
  --backend NAME       auto (default), ${BACKEND_NAMES.join(', ')}; or set GIBBS_BACKEND
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
  --sweep FILE         a grid over T × α_min × η (the source post's table) as one labelled PNG
  --sweep-temperature LIST  --sweep-alpha-max LIST  --sweep-alpha-min LIST  --sweep-eta LIST
                       comma-separated axes (default: the post's T 1,0.1 × α_max 0.5 × α_min 0.1,0.001,0.00001 × η 0.1,0.001)
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
  temperature: { type: 'string' },
  'alpha-max': { type: 'string' },
  'alpha-min': { type: 'string' },
  eta: { type: 'string' },
  steps: { type: 'string' },
  init: { type: 'string' },
  block: { type: 'string' },
  chains: { type: 'string', default: '1' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  out: { type: 'string' },
  gif: { type: 'string' },
  apng: { type: 'string' },
  frames: { type: 'string' },
  fps: { type: 'string', default: '30' },
  sweep: { type: 'string' },
  'sweep-temperature': { type: 'string' },
  'sweep-alpha-max': { type: 'string' },
  'sweep-alpha-min': { type: 'string' },
  'sweep-eta': { type: 'string' },
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
function integer(flag: string, text: string, lo: number, hi: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= lo && value <= hi)) throw new UsageError(`--${flag} must be an integer in [${lo}, ${hi}], got "${text}"`);
  return value;
}

function list(flag: string, text: string | undefined, fallback: number[]): number[] {
  return text === undefined ? fallback : text.split(',').map((t) => number(flag, t));
}

function oneOf<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) throw new UsageError(`--${flag} must be one of ${choices.join(', ')}, got "${text}"`);
  return text as T;
}

function samplerParams(v: Record<string, string | boolean | undefined>): GibbsParams {
  const get = (flag: string): string | undefined => v[flag] as string | undefined;
  const presetId = get('preset');
  const preset = presetId === undefined ? undefined : findBuiltInPreset(presetId);
  if (presetId !== undefined && !preset) throw new UsageError(`--preset "${presetId}" is not a built-in preset: ${BUILT_IN_PRESETS.map((p) => p.id).join(', ')}`);
  const base: GibbsParams = { ...DEFAULT_PARAMS, ...preset?.params };
  const read = (flag: string, fallback: number): number => (get(flag) === undefined ? fallback : number(flag, get(flag)!));
  const params: GibbsParams = {
    temperature: read('temperature', base.temperature),
    alphaMax: read('alpha-max', base.alphaMax),
    alphaMin: read('alpha-min', base.alphaMin),
    eta: read('eta', base.eta),
    steps: get('steps') === undefined ? base.steps : integer('steps', get('steps')!, 1, 1_000_000),
    init: get('init') === undefined ? base.init : oneOf('init', get('init')!, ['uniform', 'model', 'border'] as const),
    blockSampler: get('block') === undefined ? base.blockSampler : oneOf('block', get('block')!, BLOCK_SAMPLERS),
  };
  try {
    return validateParams(params);
  } catch (error) {
    throw new UsageError(flagNames((error as Error).message));
  }
}

/** Every combination of the sweep's axes, in the order the post's table lists them. */
export function sweepGrid(base: GibbsParams, axes: typeof DEFAULT_SWEEP): GibbsParams[] {
  return axes.temperature.flatMap((temperature) =>
    axes.alphaMax.flatMap((alphaMax) => axes.alphaMin.flatMap((alphaMin) => axes.eta.map((eta) => ({ ...base, temperature, alphaMax, alphaMin, eta })))),
  );
}

/** Checks every combination of a sweep before any sampling, naming the flags. */
function checkSweep(base: GibbsParams, axes: typeof DEFAULT_SWEEP): typeof DEFAULT_SWEEP {
  for (const params of sweepGrid(base, axes)) {
    try {
      validateParams(params);
    } catch (error) {
      throw new UsageError(`--sweep: ${flagNames((error as Error).message)}`);
    }
  }
  return axes;
}

const flagNames = (message: string): string => message.replace(/\b(alphaMax|alphaMin|temperature|eta)\b/g, (name) => `--${kebab(name)}`);

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Parses and checks every flag; throws a UsageError whose message is the one line the user sees. */
export function parseInpaintArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): InpaintOptions | 'help' {
  let values;
  try {
    values = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
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
    sweepAxes: checkSweep(params, {
      temperature: list('sweep-temperature', values['sweep-temperature'], DEFAULT_SWEEP.temperature),
      alphaMax: list('sweep-alpha-max', values['sweep-alpha-max'], DEFAULT_SWEEP.alphaMax),
      alphaMin: list('sweep-alpha-min', values['sweep-alpha-min'], DEFAULT_SWEEP.alphaMin),
      eta: list('sweep-eta', values['sweep-eta'], DEFAULT_SWEEP.eta),
    }),
    overwrite: values.overwrite,
    quiet: values.quiet,
  };
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
