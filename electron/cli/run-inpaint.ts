import path from 'node:path';
import type { FileWrite } from '../core/fs/atomic-write';
import { encodeGif } from '../core/image/gif';
import { composeGrid } from '../core/image/grid';
import { ImageError } from '../core/image/image-error';
import type { HoleMask, LevelImage } from '../core/image/level-image';
import type { RgbaImage } from '../core/image/png';
import { encodeApng, encodePng } from '../core/image/png-encode';
import { provenanceText } from '../core/image/provenance';
import { fromLevels, maskFromRgba, resizeRgba, toLevels } from '../core/image/quantise';
import { scaleNearest } from '../core/image/scale';
import { MAX_SAMPLE_SIDE } from '../core/job/validate-job';
import type { ModelCard } from '../core/model/card';
import { resolveModelDir } from '../core/model/resolve';
import type { GibbsResult } from '../core/sampler/gibbs';
import type { GibbsParams } from '../core/sampler/params';
import { SamplerClient } from '../worker/sampler-client';
import { sweepGrid, type InpaintOptions } from './args';
import { readInputPair } from './inputs';
import { checkOutputs, frameName, writeOutputs } from './outputs';
import { ProgressBar } from './progress';

/** Animations keep at most this many frames (every k-th step, always the last), so memory stays bounded. */
const MAX_ANIMATION_FRAMES = 500;

export const BUNDLED_MODELS = path.resolve(import.meta.dirname, '../../models');

/** Fits the image and mask to the model if asked, and converts the image to the model's levels. */
function toModel(options: InpaintOptions, card: ModelCard, rgba: RgbaImage, maskRgba: RgbaImage): { image: LevelImage; mask: HoleMask } {
  if (options.fit) {
    rgba = resizeRgba(rgba, card.width, card.height);
    maskRgba = resizeRgba(maskRgba, card.width, card.height);
  }
  if (rgba.width > MAX_SAMPLE_SIDE || rgba.height > MAX_SAMPLE_SIDE) {
    throw new ImageError(`image ${options.image}: ${rgba.width}×${rgba.height} is larger than the ${MAX_SAMPLE_SIDE}×${MAX_SAMPLE_SIDE} the sampler runs; add --fit to resize it to ${card.width}×${card.height}`);
  }
  const mask = maskFromRgba(maskRgba, rgba.width, rgba.height, `mask ${options.mask}`);
  return { image: toLevels(rgba, { channels: card.channels, levels: card.levels, background: card.quantisation.background }), mask };
}

/** Chains side by side in one picture. */
function strip(levels: Uint8Array, like: LevelImage, chains: number): RgbaImage {
  const cells = Array.from({ length: chains }, (_, b) => fromLevels({ ...like, data: levels }, b));
  if (chains === 1) return cells[0]!;
  const { width, height } = like;
  const out = new Uint8Array(width * chains * height * 4);
  cells.forEach((cell, b) => {
    for (let y = 0; y < height; y++) out.set(cell.data.subarray(y * width * 4, (y + 1) * width * 4), (y * width * chains + b * width) * 4);
  });
  return { width: width * chains, height, data: out };
}

/** What ends up in the PNG's tEXt chunk, so a result says how it was made. */
function provenance(options: InpaintOptions, card: ModelCard, backend: string, params: GibbsParams, result: GibbsResult): Record<string, string> {
  return provenanceText({ model: card.id, backend, seed: options.seed, chains: options.chains, params, stepsDone: result.stepsDone });
}

interface ChainRecording {
  result: GibbsResult;
  frames: Uint8Array[];
}

async function sampleChain(client: SamplerClient, options: InpaintOptions, image: LevelImage, mask: HoleMask, params: GibbsParams, label: string): Promise<ChainRecording> {
  const holeSize = mask.reduce((n, v) => n + v, 0);
  const steps = params.steps ?? holeSize;
  const keepEvery = Math.max(1, Math.ceil(steps / MAX_ANIMATION_FRAMES));
  const wantFrames = Boolean(options.gif || options.apng || options.frames);
  const frames: Uint8Array[] = [];
  const bar = new ProgressBar(steps, label, options.quiet);
  const run = client.sample(
    { image, mask, params, chains: options.chains, seed: options.seed },
    {
      onInit: (x) => wantFrames && frames.push(x),
      onStep: (step) => {
        bar.update(step.n + 1, step.alpha);
        if (wantFrames && ((step.n + 1) % keepEvery === 0 || step.n + 1 === step.steps)) frames.push(step.image);
      },
    },
  );
  const result = await run.done;
  bar.finish();
  return { result, frames };
}

/** The input with its hole tinted red: the first row of a sweep, so the grid says what was asked. */
function holePreview(image: LevelImage, mask: HoleMask): RgbaImage {
  const preview = fromLevels(image);
  mask.forEach((inHole, i) => {
    if (inHole) preview.data.set([128 + (preview.data[i * 4]! >> 1), 40, 40], i * 4);
  });
  return preview;
}

async function sampleSweep(client: SamplerClient, options: InpaintOptions, image: LevelImage, mask: HoleMask): Promise<FileWrite> {
  const grid = sweepGrid(options.params, options.sweepAxes);
  const rows = [{ label: 'input, hole in red', cells: [holePreview(image, mask)] }];
  for (const params of grid) {
    const label = `T=${params.temperature} α ${params.alphaMax}→${params.alphaMin} η=${params.eta}`;
    const { result } = await sampleChain(client, { ...options, gif: undefined, apng: undefined, frames: undefined }, image, mask, params, label);
    rows.push({ label, cells: Array.from({ length: options.chains }, (_, b) => fromLevels({ ...image, data: result.image }, b)) });
  }
  const title = `${client.info.card.title} · seed ${options.seed} · ${options.params.steps ?? 'N = hole'} steps`;
  return { file: options.sweep!, data: encodePng(composeGrid({ rows, title, cellScale: options.scale })) };
}

/** Every output file and its bytes, all encoded before the first is written. */
function encodeOutputs(options: InpaintOptions, image: LevelImage, recording: ChainRecording, text: Record<string, string>): FileWrite[] {
  const toFrame = (levels: Uint8Array): RgbaImage => scaleNearest(strip(levels, image, options.chains), options.scale);
  const delay = 1000 / options.fps;
  const files: FileWrite[] = [];
  if (options.out) files.push({ file: options.out, data: encodePng(strip(recording.result.image, image, options.chains), text) });
  if (options.gif) files.push({ file: options.gif, data: encodeGif(recording.frames.map(toFrame), delay) });
  if (options.apng) files.push({ file: options.apng, data: encodeApng(recording.frames.map(toFrame), delay) });
  if (options.frames) {
    recording.frames.forEach((levels, i) => files.push({ file: path.join(options.frames!, frameName(i)), data: encodePng(toFrame(levels)) }));
  }
  return files;
}

/**
 * The CLI's job: read and check the inputs and every output, load the model on a worker thread,
 * sample, then write every output all or none. Nothing is printed before the checks pass, so a
 * refusal is the one line the caller prints.
 */
export async function runInpaint(options: InpaintOptions, log: (line: string) => void): Promise<void> {
  const inputs = await readInputPair(options.image, options.mask);
  await checkOutputs(options, { image: inputs.image.info, mask: inputs.mask.info });
  const modelDir = await resolveModelDir(options.model, BUNDLED_MODELS);
  const client = await SamplerClient.start(modelDir, options.backend);
  try {
    const { card, backend, reason } = client.info;
    const { image, mask } = toModel(options, card, inputs.image.rgba, inputs.mask.rgba);
    log(`model ${card.id} (${card.width}×${card.height}×${card.channels}, K=${card.levels}) on ${reason}; seed ${options.seed}`);
    if (!mask.some((v) => v === 1)) log('warning: the mask marks no pixel to inpaint; the output equals the input');
    const files: FileWrite[] = [];
    if (options.sweep) files.push(await sampleSweep(client, options, image, mask));
    let frameCount = 0;
    if (options.out || options.gif || options.apng || options.frames) {
      const recording = await sampleChain(client, options, image, mask, options.params, 'inpaint');
      files.push(...encodeOutputs(options, image, recording, provenance(options, card, backend, options.params, recording.result)));
      frameCount = recording.frames.length;
    }
    await writeOutputs(files, options.frames ? { dir: options.frames, count: frameCount } : undefined);
  } finally {
    await client.close();
  }
}
