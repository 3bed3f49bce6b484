import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import UPNG from 'upng-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePng, readPngText, type RgbaImage } from '../core/image/png';
import { encodePng } from '../core/image/png-encode';
import { writeRandomModel } from '../core/model/fixture';

const run = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, 'inpaint.ts');
const TSX = path.resolve(import.meta.dirname, '../../node_modules/.bin/tsx');

let dir: string;
let model: string;

const solid = (width: number, height: number, pixel: (i: number) => number[]): RgbaImage => ({
  width,
  height,
  data: Uint8Array.from(Array.from({ length: width * height }, (_, i) => pixel(i)).flat()),
});

async function inpaint(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { cwd: dir, env: { ...process.env, GIBBS_BACKEND: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cli-'));
  model = path.join(dir, 'tiny');
  await writeRandomModel(model, { height: 8, width: 8, channels: 1, levels: 2, features: 8, blocks: 1 });
  // a 10×8 grey ramp with a hole in columns 3–6 (another size than the model's native 8×8)
  await writeFile(path.join(dir, 'in.png'), encodePng(solid(10, 8, (i) => [i * 3, i * 3, i * 3, 255])));
  await writeFile(path.join(dir, 'mask.png'), encodePng(solid(10, 8, (i) => (i % 10 >= 3 && i % 10 <= 6 ? [255, 255, 255, 255] : [0, 0, 0, 255]))));
  await writeFile(path.join(dir, 'small-mask.png'), encodePng(solid(4, 4, () => [255, 255, 255, 255])));
  await writeFile(path.join(dir, 'corrupt.png'), new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0]));
});

describe('npm run inpaint', () => {
  it('writes the result, a GIF, an APNG and frames; the seed reproduces the result bit for bit', async () => {
    const base = ['--model', model, '--image', 'in.png', '--mask', 'mask.png', '--seed', '7', '--steps', '12', '--quiet'];
    const first = await inpaint(...base, '--out', 'a.png', '--gif', 'a.gif', '--apng', 'a.apng', '--frames', 'frames', '--scale', '2');
    expect(first.stderr).toMatch(/model tiny .* on onnxruntime/);
    expect(first.code).toBe(0);
    const again = await inpaint(...base, '--out', 'b.png');
    const a = decodePng(new Uint8Array(await readFile(path.join(dir, 'a.png'))));
    const b = decodePng(new Uint8Array(await readFile(path.join(dir, 'b.png'))));
    expect(again.code).toBe(0);
    expect(b).toEqual(a);
    // pixels outside the mask are the input's, quantised to K = 2
    const input = decodePng(new Uint8Array(await readFile(path.join(dir, 'in.png'))));
    for (let i = 0; i < 80; i++) if (i % 10 < 3 || i % 10 > 6) expect(a.data[i * 4]).toBe(input.data[i * 4]! >= 128 ? 255 : 0);
    const meta = JSON.parse(readPngText(new Uint8Array(await readFile(path.join(dir, 'a.png'))))['gibbs-inpaint']!);
    expect(meta).toMatchObject({ model: 'tiny', seed: 7, params: { steps: 12 } });
    const apng = UPNG.decode((await readFile(path.join(dir, 'a.apng'))).buffer.slice(0) as ArrayBuffer);
    expect(apng.frames).toHaveLength(13); // the initial fill and 12 steps
    expect(apng.width).toBe(20);
    expect(await readdir(path.join(dir, 'frames'))).toHaveLength(13);
    // a shorter run into the same folder leaves no frames of the longer one behind
    await inpaint(...base, '--steps', '4', '--frames', 'frames');
    expect((await readdir(path.join(dir, 'frames'))).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `frame-0000${i}.png`));
    expect((await readFile(path.join(dir, 'a.gif'))).subarray(0, 6).toString()).toBe('GIF89a');
  });

  it('lays a sweep over T × α_min × η out as one labelled grid, a row per combination', async () => {
    const { code } = await inpaint('--model', model, '--image', 'in.png', '--mask', 'mask.png', '--seed', '1', '--steps', '5', '--chains', '2', '--scale', '3',
      '--sweep', 'grid.png', '--sweep-temperature', '1,0.1', '--sweep-alpha-min', '0.1', '--sweep-eta', '0.1,0.001', '--quiet');
    expect(code).toBe(0);
    const grid = decodePng(new Uint8Array(await readFile(path.join(dir, 'grid.png'))));
    expect(grid.height).toBeGreaterThan(4 * 8 * 3); // four rows of 3× upscaled 8-pixel cells, plus title and gaps
    expect(grid.width).toBeGreaterThan(2 * 10 * 3);
  });

  it.each([
    [['--temperature', 'NaN'], /--temperature must be a number, got "NaN"/],
    [['--alpha-min', '0.9', '--alpha-max', '0.5'], /--alpha-min \(0.9\) must not exceed --alpha-max \(0.5\)/],
    [['--eta', '0'], /--eta must be a finite number > 0, got 0/],
    [['--alpha-max', '1.5'], /--alpha-max must be in \[0, 1\], got 1.5/],
    [['--backend', 'cuda'], /--backend must be one of auto, .*got "cuda"/],
    [['--init', 'keep'], /--init must be one of uniform, model, border, got "keep"/],
    [['--chains', '0'], /--chains must be an integer in \[1, 64\]/],
    [['--sweep', 'g.png', '--sweep-alpha-min', '0.1,0.9'], /--sweep: --alpha-min \(0.9\) must not exceed --alpha-max \(0.5\)/],
  ])('refuses %j with one clear line and exit code 2', async (flags, message) => {
    const { code, stderr } = await inpaint('--model', model, '--image', 'in.png', '--mask', 'mask.png', '--out', 'bad.png', ...flags);
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toMatch(message);
  });

  it.each([
    [['--image', 'corrupt.png', '--mask', 'mask.png'], /image corrupt.png: PNG is truncated/],
    [['--image', 'missing.png', '--mask', 'mask.png'], /image missing.png: no such file/],
    [['--image', 'in.png', '--mask', 'small-mask.png'], /the mask is 4×4 but the image is 10×8/],
    [['--image', 'in.png', '--mask', 'small-mask.png', '--fit'], /the mask is 4×4 but the image is 10×8/],
    [['--image', 'in.png', '--mask', 'mask.png', '--gif', 'in.png/chain.gif'], /cannot write in.png\/chain.gif: in.png is a file, not a folder/],
    [['--image', 'in.png', '--mask', 'mask.png', '--frames', 'mask.png'], /cannot write mask.png: it is a file/],
  ])('refuses bad input %j, exits 1 and writes no output', async (inputs, message) => {
    const { code, stderr } = await inpaint('--model', model, ...inputs, '--out', 'never.png');
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(await readdir(dir)).not.toContain('never.png');
  });

  it('names an unknown model', async () => {
    const { code, stderr } = await inpaint('--model', 'no-such-model', '--image', 'in.png', '--mask', 'mask.png', '--out', 'x.png');
    expect(code).toBe(1);
    expect(stderr).toMatch(/no-such-model: is neither a model folder nor a bundled model id/);
  });
});
