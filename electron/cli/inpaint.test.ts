import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import UPNG from 'upng-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePng, readPngText, type RgbaImage } from '../core/image/png';
import { encodePng } from '../core/image/png-encode';
import { rm } from 'node:fs/promises';
import { writeRandomModel, writeVariant } from '../core/model/testing/fixture';
import { main } from './main';

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
});

describe('npm run inpaint', () => {
  it('writes the result, a GIF, an APNG and frames; the seed reproduces the result bit for bit', async () => {
    // --refine 0: `--steps` is then every step of the default sampler's run
    const base = ['--model', model, '--backend', 'onnxruntime', '--image', 'in.png', '--mask', 'mask.png', '--seed', '7', '--steps', '12', '--refine', '0', '--quiet'];
    const first = await inpaint(...base, '--out', 'a.png', '--gif', 'a.gif', '--apng', 'a.apng', '--frames', 'frames', '--zoom', '2');
    expect(first.stderr).toMatch(/model tiny .* on onnxruntime/);
    expect(first.code).toBe(0);
    const again = await inpaint(...base, '--out', 'b.png');
    const a = decodePng(new Uint8Array(await readFile(path.join(dir, 'a.png'))));
    const b = decodePng(new Uint8Array(await readFile(path.join(dir, 'b.png'))));
    expect(again.code).toBe(0);
    expect(b).toEqual(a);
    // pixels outside the mask are the input's, bit for bit; the hole takes the model's two levels
    const input = decodePng(new Uint8Array(await readFile(path.join(dir, 'in.png'))));
    for (let i = 0; i < 80; i++) {
      const pixel = [...a.data.subarray(i * 4, i * 4 + 4)];
      if (i % 10 < 3 || i % 10 > 6) expect(pixel).toEqual([...input.data.subarray(i * 4, i * 4 + 4)]);
      else expect([[0, 0, 0, 255], [255, 255, 255, 255]]).toContainEqual(pixel);
    }
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
    const { code } = await inpaint('--model', model, '--backend', 'onnxruntime', '--image', 'in.png', '--mask', 'mask.png', '--seed', '1', '--sampler', 'gibbs', '--steps', '5', '--chains', '2', '--zoom', '3',
      '--sweep', 'grid.png', '--sweep-temperature', '1,0.1', '--sweep-alpha-min', '0.1', '--sweep-eta', '0.1,0.001', '--quiet');
    expect(code).toBe(0);
    const grid = decodePng(new Uint8Array(await readFile(path.join(dir, 'grid.png'))));
    expect(grid.height).toBeGreaterThan(4 * 8 * 3); // four rows of 3× upscaled 8-pixel cells, plus title and gaps
    expect(grid.width).toBeGreaterThan(2 * 10 * 3);
  });

  it('runs a progressive sampler from its flags: its budget of passes, then its Gibbs steps; the PNG records them', async () => {
    const base = ['--model', model, '--backend', 'onnxruntime', '--image', 'in.png', '--mask', 'mask.png', '--seed', '3', '--quiet'];
    const { code } = await inpaint(...base, '--sampler', 'confidence', '--steps', '5', '--refine', '2', '--out', 'c.png', '--apng', 'c.apng');
    expect(code).toBe(0);
    const apng = UPNG.decode((await readFile(path.join(dir, 'c.apng'))).buffer.slice(0) as ArrayBuffer);
    expect(apng.frames).toHaveLength(1 + 5 + 2); // the empty hole, 5 passes, 2 Gibbs steps
    const meta = JSON.parse(readPngText(new Uint8Array(await readFile(path.join(dir, 'c.png'))))['gibbs-inpaint']!);
    expect(meta).toMatchObject({ seed: 3, stepsDone: 7, params: { sampler: 'confidence', steps: 5, refine: 2, plan: 'cosine' } });
    const sweep = await inpaint(...base, '--steps', '4', '--zoom', '1', '--sweep', 'samplers.png', '--sweep-sampler', 'gibbs,confidence,entropy,ancestral-budget');
    expect(sweep.code).toBe(0);
    const rows = await inpaint(...base, '--steps', '4', '--zoom', '1', '--sweep', 'two.png', '--sweep-sampler', 'gibbs,entropy');
    const height = async (file: string) => decodePng(new Uint8Array(await readFile(path.join(dir, file)))).height;
    expect(rows.code).toBe(0);
    expect((await height('samplers.png')) - (await height('two.png'))).toBeGreaterThanOrEqual(2 * 8); // two more rows of 8-pixel cells
  });

  it.each([
    [['--chains', '0x10', '--out', 'bad.png'], 2, /^gibbs-inpaint: error: --chains must be an integer in \[1, 64\], got "0x10" \(--help lists the options\)$/],
    [['--model', 'no-model', '--out', 'bad.png'], 1, /^gibbs-inpaint: error: \S*no-model\/card.json: is missing$/],
  ])('the real process refuses %j with exit code %i and one line on stderr, nothing else', async (flags, exit, line) => {
    await mkdir(path.join(dir, 'no-model'), { recursive: true }); // the worker loads it: no line of its own may reach stderr
    const { code, stdout, stderr } = await inpaint('--model', model, '--image', 'in.png', '--mask', 'mask.png', '--backend', 'onnxruntime', ...flags);
    expect({ code, stdout }).toEqual({ code: exit, stdout: '' });
    expect(stderr.split('\n')).toEqual([expect.stringMatching(line), '']);
    expect(await readdir(dir)).not.toContain('bad.png');
  });
});

describe('--precision (in-process)', () => {
  const cli = async (...args: string[]): Promise<{ code: number; stderr: string }> => {
    let stderr = '';
    const code = await main(['--image', path.join(dir, 'in.png'), '--mask', path.join(dir, 'mask.png'), '--seed', '5', '--steps', '4', '--quiet', ...args], {}, { stdout: () => undefined, stderr: (t) => void (stderr += t) });
    return { code, stderr };
  };
  const meta = async (file: string) => JSON.parse(readPngText(new Uint8Array(await readFile(path.join(dir, file))))['gibbs-inpaint']!) as Record<string, unknown>;
  const withVariant = async (name: string) => {
    const folder = path.join(dir, name);
    await writeVariant(folder, await writeRandomModel(folder, { height: 8, width: 8, channels: 1, levels: 2, features: 8, blocks: 1 }));
    return folder;
  };

  it('runs the card’s int8 graph on onnxruntime when asked, says so, and the PNG records it', async () => {
    const folder = await withVariant('tiny8');
    const int8 = await cli('--model', folder, '--precision', 'int8', '--out', path.join(dir, 'int8.png'));
    expect(int8).toMatchObject({ code: 0, stderr: expect.stringMatching(/model tiny8 .* on onnxruntime: auto .*; int8 graph; seed 5/) as unknown });
    expect(await meta('int8.png')).toMatchObject({ model: 'tiny8', backend: 'onnxruntime', precision: 'int8' });
    expect((await cli('--model', folder, '--out', path.join(dir, 'fp32.png'))).code).toBe(0);
    expect(await meta('fp32.png')).toMatchObject({ model: 'tiny8', precision: 'fp32' });
  });

  it.each([
    [[], 2, 'gibbs-inpaint: error: --precision int8: model tiny has no int8 graph (its card.json names no "variants.int8"); use --precision fp32 (--help lists the options)'],
    [['--backend', 'wasm'], 2, 'gibbs-inpaint: error: --precision int8 runs only on onnxruntime, not on backend wasm (--help lists the options)'],
  ])('refuses int8 %j in one line, writing nothing', async (flags, exit, line) => {
    const { code, stderr } = await cli('--model', model, '--precision', 'int8', ...flags, '--out', path.join(dir, 'refused.png'));
    expect({ code, stderr }).toEqual({ code: exit, stderr: `${line}\n` });
    expect(await readdir(dir)).not.toContain('refused.png');
  });

  it('refuses a variant file that does not open, naming it, rather than run fp32', async () => {
    const folder = await withVariant('gone8');
    await rm(path.join(folder, 'model.int8.onnx'));
    const { code, stderr } = await cli('--model', folder, '--precision', 'int8', '--backend', 'onnxruntime', '--out', path.join(dir, 'gone.png'));
    expect({ code, stderr }).toEqual({ code: 1, stderr: `gibbs-inpaint: error: --precision int8: ${path.join(folder, 'model.int8.onnx')}: is missing\n` });
    expect(await readdir(dir)).not.toContain('gone.png');
  });

  it('refuses an unknown precision', async () => {
    expect((await cli('--model', model, '--precision', 'fp16', '--out', path.join(dir, 'x.png'))).stderr).toBe('gibbs-inpaint: error: --precision must be one of fp32, int8, got "fp16" (--help lists the options)\n');
  });
});

describe('outputs never destroy anything (in-process)', () => {
  const cli = async (...args: string[]): Promise<{ code: number; stderr: string }> => {
    let stderr = '';
    const code = await main(['--model', model, '--backend', 'onnxruntime', '--seed', '3', '--steps', '4', '--refine', '0', '--quiet', ...args], {}, { stdout: () => undefined, stderr: (t) => void (stderr += t) });
    return { code, stderr };
  };

  it('replaces the image with --overwrite, and only then', async () => {
    const image = path.join(dir, 'own.png');
    await writeFile(image, await readFile(path.join(dir, 'in.png')));
    const mask = path.join(dir, 'mask.png');
    expect((await cli('--image', image, '--mask', mask, '--out', image)).code).toBe(1);
    expect(await readFile(image)).toEqual(await readFile(path.join(dir, 'in.png')));
    expect((await cli('--image', image, '--mask', mask, '--out', image, '--overwrite')).code).toBe(0);
    expect(readPngText(new Uint8Array(await readFile(image)))['gibbs-inpaint']).toBeDefined();
  });

  it('removes the temporaries a killed run left, of frames of any number and of other outputs, and no live writer\'s', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'killed-'));
    const frames = path.join(out, 'frames');
    await mkdir(frames);
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const left = [path.join(frames, `.frame-00042.png.${dead}.0123456789ab.tmp`), path.join(out, `.result.png.${dead}.0123456789ab.tmp`)];
    const live = path.join(frames, `.frame-00001.png.${process.pid}.0123456789ab.tmp`);
    for (const file of [...left, live]) await writeFile(file, 'half a file');
    const { code } = await cli('--image', path.join(dir, 'in.png'), '--mask', path.join(dir, 'mask.png'), '--out', path.join(out, 'result.png'), '--frames', frames);
    expect(code).toBe(0);
    expect(await readdir(out)).toEqual(['frames', 'result.png']);
    expect((await readdir(frames)).sort()).toEqual([path.basename(live), ...[0, 1, 2, 3, 4].map((i) => `frame-0000${i}.png`)]);
  });
});

