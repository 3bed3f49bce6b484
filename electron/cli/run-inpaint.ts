import path from 'node:path';
import type { FileWrite } from '../core/fs/atomic-write';
import { encodeGif } from '../core/image/gif';
import { composeGrid } from '../core/image/grid';
import type { HoleMask } from '../core/image/level-image';
import type { Rgba16Image, RgbaImage } from '../core/image/png';
import { encodeApng, encodePng } from '../core/image/png-encode';
import { provenanceText } from '../core/image/provenance';
import { scaleNearest } from '../core/image/scale';
import { parseCardText } from '../core/model/card';
import { CARD_FILE, readModelFile } from '../core/model/load';
import { resolveModelDir } from '../core/model/resolve';
import { cropMask, cropRgba } from '../core/region/region-image';
import { planRegion, planRegionFrame, planResult, planResult16, type RegionPlan } from '../core/region/plan';
import type { GibbsResult } from '../core/sampler/gibbs';
import { stepCount } from '../core/sampler/budget';
import type { GibbsParams } from '../core/sampler/params';
import { sweepRows } from '../core/sampler/sweep';
import { SamplerClient } from '../worker/sampler-client';
import { UsageError, type InpaintOptions } from './args';
import { readInputPair, type InputPair } from './inputs';
import { checkOutputs, frameName, writeOutputs } from './outputs';
import { ProgressBar } from './progress';

/** Animations keep at most this many frames (every k-th step, always the last), so memory stays bounded. */
const MAX_ANIMATION_FRAMES = 500;
/** Whole-image animation frames are held in memory until encoded: their bytes stay under this. */
const MAX_ANIMATION_BYTES = 1024 * 2 ** 20;
/** The default zoom makes animation frames and sweep cells up to this many pixels a side, at most 4×. */
const ZOOM_TARGET_SIDE = 512;

export const BUNDLED_MODELS = path.resolve(import.meta.dirname, '../../models');

/** The original image, its hole, and how the sampler works on them. */
export interface Job {
  image: RgbaImage;
  /** A 16-bit original's own samples: the result is then written at 16 bits (animations and sweeps stay 8-bit previews). */
  image16?: Rgba16Image;
  hole: HoleMask;
  plan: RegionPlan;
}

/** Pictures side by side, in one row; `alloc` makes the row's samples (8 or 16 bits, as the cells'). */
function sideBySide<D extends Uint8Array | Uint16Array>(cells: { width: number; height: number; data: D }[], alloc: (n: number) => D) {
  if (cells.length === 1) return cells[0]!;
  const { width, height } = cells[0]!;
  const out = alloc(width * cells.length * height * 4);
  cells.forEach((cell, b) => {
    for (let y = 0; y < height; y++) out.set(cell.data.subarray(y * width * 4, (y + 1) * width * 4), (y * width * cells.length + b * width) * 4);
  });
  return { width: width * cells.length, height, data: out };
}

const eachChain = <T>(chains: number, f: (b: number) => T): T[] => Array.from({ length: chains }, (_, b) => f(b));

/** The full-size result of every chain, side by side. */
const fullResult = (job: Job, levels: Uint8Array, chains: number): RgbaImage =>
  sideBySide(eachChain(chains, (b) => planResult(job.plan, job.image, job.hole, levels, b)), (n) => new Uint8Array(n));

/** The result file's picture: at 16 bits for a 16-bit original, its samples outside the mask bit for bit. */
function outResult(job: Job, levels: Uint8Array, chains: number): RgbaImage | Rgba16Image {
  const deep = job.image16;
  if (!deep) return fullResult(job, levels, chains);
  return sideBySide(eachChain(chains, (b) => planResult16(job.plan, deep, job.hole, levels, b)), (n) => new Uint16Array(n));
}

/** The working region of every chain composited over the original, side by side. */
const regionResult = (job: Job, levels: Uint8Array, chains: number): RgbaImage =>
  sideBySide(eachChain(chains, (b) => planRegionFrame(job.plan, job.image, job.hole, levels, b)), (n) => new Uint8Array(n));

function zoomFor(options: InpaintOptions, width: number, height: number): number {
  return options.zoom ?? Math.max(1, Math.min(4, Math.floor(ZOOM_TARGET_SIDE / Math.max(width, height))));
}

/** What ends up in the PNG's tEXt chunk, so a result says how it was made. */
function provenance(options: InpaintOptions, job: Job, info: SamplerClient['info'], result: GibbsResult): Record<string, string> {
  const { rect, scale, model } = job.plan.region;
  const region = { ...rect, scale, model, feather: job.plan.composite.feather };
  const { card, backend, precision } = info;
  return provenanceText({ model: card.id, backend, precision, seed: options.seed, chains: options.chains, params: options.params, stepsDone: result.stepsDone, region });
}

interface ChainRecording {
  result: GibbsResult;
  frames: Uint8Array[];
}

async function sampleChain(client: SamplerClient, options: InpaintOptions, job: Job, params: GibbsParams, label: string): Promise<ChainRecording> {
  const { image, mask } = job.plan.input;
  const steps = stepCount(params, mask.reduce((n, v) => n + v, 0));
  const keepEvery = Math.max(1, Math.ceil(steps / maxFrames(options, job)));
  const wantFrames = Boolean(options.gif || options.apng || options.frames);
  const frames: Uint8Array[] = [];
  const bar = new ProgressBar(steps, label, options.quiet);
  const run = client.sample(
    { image, mask, params, chains: options.chains, seed: options.seed },
    {
      onInit: (x) => wantFrames && frames.push(x),
      onStep: (step) => {
        bar.update(step.n + 1, `α=${step.alpha.toFixed(4)}`);
        if (wantFrames && ((step.n + 1) % keepEvery === 0 || step.n + 1 === step.steps)) frames.push(step.image);
      },
    },
  );
  const result = await run.done;
  bar.finish();
  return { result, frames };
}

/** Frames kept for animations: fewer when each is the whole (large) image. */
function maxFrames(options: InpaintOptions, job: Job): number {
  if (options.animate === 'region') return MAX_ANIMATION_FRAMES;
  const frameBytes = job.image.width * job.image.height * 4 * options.chains;
  return Math.max(2, Math.min(MAX_ANIMATION_FRAMES, Math.floor(MAX_ANIMATION_BYTES / frameBytes)));
}

/** The region as given, its hole tinted red: the first row of a sweep, so the grid says what was asked. */
function holePreview(job: Job): RgbaImage {
  const { rect } = job.plan.region;
  const preview = cropRgba(job.image, rect);
  cropMask(job.hole, job.image, rect).forEach((inHole, i) => {
    if (inHole) preview.data.set([128 + (preview.data[i * 4]! >> 1), 40, 40, 255], i * 4);
  });
  return preview;
}

async function sampleSweep(client: SamplerClient, options: InpaintOptions, job: Job): Promise<FileWrite> {
  const rows = [{ label: 'input, hole in red', cells: [holePreview(job)] }];
  const sweep = sweepRows(options.params, options.sweepAxes);
  for (const { label, params } of sweep) {
    const { result } = await sampleChain(client, { ...options, gif: undefined, apng: undefined, frames: undefined }, job, params, label);
    rows.push({ label, cells: eachChain(options.chains, (b) => planRegionFrame(job.plan, job.image, job.hole, result.image, b)) });
  }
  // the sampler and budget every row shares (the post's table names Gibbs at N = auto)
  const shared = (text: (params: GibbsParams) => string): string[] => {
    const values = new Set(sweep.map(({ params }) => text(params)));
    return values.size === 1 ? [...values] : [];
  };
  const held = [...shared((p) => p.sampler), ...shared((p) => `N=${p.steps ?? 'auto'}`)];
  const title = [client.info.card.title, `seed ${options.seed}`, ...held].join(' · ');
  const { rect } = job.plan.region;
  return { file: options.sweep!, data: encodePng(composeGrid({ rows, title, cellScale: zoomFor(options, rect.width, rect.height) })) };
}

/** Every output file and its bytes, all encoded before the first is written. */
function encodeOutputs(options: InpaintOptions, job: Job, recording: ChainRecording, text: Record<string, string>): FileWrite[] {
  const frame = options.animate === 'region' ? regionResult : fullResult;
  const size = options.animate === 'region' ? job.plan.region.rect : job.image;
  const zoom = zoomFor(options, size.width * options.chains, size.height);
  const toFrame = (levels: Uint8Array): RgbaImage => scaleNearest(frame(job, levels, options.chains), zoom);
  const delay = 1000 / options.fps;
  const files: FileWrite[] = [];
  if (options.out) files.push({ file: options.out, data: encodePng(outResult(job, recording.result.image, options.chains), text) });
  if (options.gif) files.push({ file: options.gif, data: encodeGif(recording.frames.map(toFrame), delay) });
  if (options.apng) files.push({ file: options.apng, data: encodeApng(recording.frames.map(toFrame), delay) });
  if (options.frames) {
    recording.frames.forEach((levels, i) => files.push({ file: path.join(options.frames!, frameName(i)), data: encodePng(toFrame(levels)) }));
  }
  return files;
}

function regionLine(plan: RegionPlan): string {
  const { rect, scale, model } = plan.region;
  const seen = scale === 'fit' ? `, resampled to ${model.width}×${model.height}` : '';
  return `region ${rect.x},${rect.y} ${rect.width}×${rect.height} at ${scale} scale${seen}; feather ${plan.composite.feather}`;
}

/** The image's working region for the loaded model: a region that cannot be sampled is refused here. */
export const planJob = (client: SamplerClient, options: InpaintOptions, { image, hole }: InputPair): Job => ({
  image: image.rgba,
  ...(image.rgba16 && { image16: { width: image.rgba.width, height: image.rgba.height, data: image.rgba16 } }),
  hole,
  plan: planRegion(image.rgba, hole, client.info.card, options.region),
});

/** Samples one planned image and encodes its outputs; writes them all or none. */
export async function inpaintOne(client: SamplerClient, options: InpaintOptions, job: Job, log: (line: string) => void): Promise<void> {
  log(regionLine(job.plan));
  if (job.plan.holeOutside) log(`warning: ${job.plan.holeOutside} pixels of the mask lie outside the region and keep their values`);
  const files: FileWrite[] = [];
  if (options.sweep) files.push(await sampleSweep(client, options, job));
  let frameCount = 0;
  if (options.out || options.gif || options.apng || options.frames) {
    const recording = await sampleChain(client, options, job, options.params, 'inpaint');
    files.push(...encodeOutputs(options, job, recording, provenance(options, job, client.info, recording.result)));
    frameCount = recording.frames.length;
  }
  await writeOutputs(files, options.frames ? { dir: options.frames, count: frameCount } : undefined);
}

/**
 * Loads the model on a worker thread. `--precision int8` is refused in one line for a model whose
 * card names no int8 graph, and where the graph did not open (a broken file, a tfjs backend
 * chosen by auto): the sampler would fall back to fp32, and the CLI runs what it was asked or nothing.
 */
export async function startSampler(options: InpaintOptions): Promise<SamplerClient> {
  const dir = await resolveModelDir(options.model, BUNDLED_MODELS);
  if (options.precision === 'int8') {
    const cardFile = path.join(dir, CARD_FILE);
    const card = parseCardText(new TextDecoder().decode(await readModelFile(cardFile)), cardFile);
    if (!card.variants.int8) throw new UsageError(`--precision int8: model ${card.id} has no int8 graph (its card.json names no "variants.int8"); use --precision fp32`);
  }
  const client = await SamplerClient.start(dir, options.backend, options.precision);
  if (client.info.precision !== options.precision) {
    await client.close();
    const { reason } = client.info;
    // the sampler's words: "…; int8 graph refused, running fp32: WHY" or "…; int8 graph ignored (WHY)"
    const why = /graph refused, running fp32: (.*)$/.exec(reason)?.[1] ?? reason.slice(reason.indexOf('; ') + 2);
    throw new Error(`--precision ${options.precision}: ${why}`);
  }
  return client;
}

export function modelLine(client: SamplerClient, options: InpaintOptions): string {
  const { card, reason } = client.info;
  return `model ${card.id} (${card.width}×${card.height}×${card.channels}, K=${card.levels}) on ${reason}; seed ${options.seed}`;
}

/**
 * The CLI's job: read and check the inputs and every output, load the model on a worker thread,
 * sample the working region, then write every output all or none. Nothing is printed before the
 * checks pass, so a refusal is the one line the caller prints. Returns the exit code.
 */
export async function runInpaint(options: InpaintOptions, log: (line: string) => void): Promise<number> {
  const inputs = await readInputPair(options.image, options.mask);
  await checkOutputs(options, { image: inputs.image.info, mask: inputs.mask.info });
  const client = await startSampler(options);
  try {
    const job = planJob(client, options, inputs);
    log(modelLine(client, options));
    await inpaintOne(client, options, job, log);
    return 0;
  } finally {
    await client.close();
  }
}
