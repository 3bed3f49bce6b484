import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePng, decodePngDeep, readPngText, type RgbaImage } from '../core/image/png';
import { encodePng } from '../core/image/png-encode';
import { writePng } from '../core/image/testing/png-writer';
import { writeRandomModel } from '../core/model/testing/fixture';
import { main } from './main';

let dir: string;
let model: string;

/** Colour, with alpha that varies: what a grey model must leave alone outside the hole. */
function photo(width: number, height: number): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([(i * 7) & 255, (i >> 3) & 255, (i * 13) & 255, 64 + (i % 192)], i * 4);
  return { width, height, data };
}

function maskPng(width: number, height: number, inHole: (x: number, y: number) => boolean): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set(inHole(i % width, Math.floor(i / width)) ? [255, 255, 255, 255] : [0, 0, 0, 255], i * 4);
  return encodePng({ width, height, data });
}

async function cli(...args: string[]): Promise<{ code: number; lines: string[] }> {
  let stderr = '';
  const code = await main(['--model', model, '--backend', 'onnxruntime', '--seed', '5', '--steps', '6', '--quiet', ...args], {}, { stdout: () => undefined, stderr: (t) => void (stderr += t) });
  return { code, lines: stderr.split('\n').filter(Boolean) };
}

const read = async (file: string): Promise<RgbaImage> => decodePng(new Uint8Array(await readFile(file)));

/** Pixels outside the hole that differ from the original, and hole pixels that are not the grey model's black or white. */
function audit(original: RgbaImage, out: RgbaImage, inHole: (x: number, y: number) => boolean): { outsideChanged: number; holeOffLevels: number } {
  let outsideChanged = 0;
  let holeOffLevels = 0;
  for (let i = 0; i < original.width * original.height; i++) {
    const [x, y] = [i % original.width, Math.floor(i / original.width)];
    const pixel = out.data.subarray(i * 4, i * 4 + 4);
    if (!inHole(x, y)) outsideChanged += pixel.some((v, c) => v !== original.data[i * 4 + c]) ? 1 : 0;
    else holeOffLevels += (pixel[0] === 0 || pixel[0] === 255) && pixel[3] === 255 ? 0 : 1;
  }
  return { outsideChanged, holeOffLevels };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cli-region-'));
  model = path.join(dir, 'tiny');
  await writeRandomModel(model, { height: 8, width: 8, channels: 1, levels: 2, features: 8, blocks: 1 });
});

describe('a working region in a full-size image', () => {
  it.each([
    ['a small hole, native scale', 300, 200, (x: number, y: number) => x >= 150 && x < 154 && y >= 100 && y < 104, 'native'],
    ['a large hole, fit scale', 1200, 900, (x: number, y: number) => (x - 600) ** 2 + (y - 450) ** 2 < 120 ** 2, 'fit'],
    ['holes touching two corners', 257, 131, (x: number, y: number) => (x < 3 && y < 2) || (x > 250 && y > 126), 'fit'],
  ] as const)('%s: the output is the full size, the original bit for bit outside the mask, alpha included', async (_, width, height, inHole, scale) => {
    const original = photo(width, height);
    await writeFile(path.join(dir, 'photo.png'), encodePng(original));
    await writeFile(path.join(dir, 'photo-mask.png'), maskPng(width, height, inHole));
    const { code, lines } = await cli('--image', path.join(dir, 'photo.png'), '--mask', path.join(dir, 'photo-mask.png'), '--out', path.join(dir, 'result.png'));
    expect(code, lines.join('\n')).toBe(0);
    expect(lines[1]).toMatch(new RegExp(`^region \\d+,\\d+ \\d+×\\d+ at ${scale} scale`));
    const out = await read(path.join(dir, 'result.png'));
    expect([out.width, out.height]).toEqual([width, height]);
    expect(audit(original, out, inHole)).toEqual({ outsideChanged: 0, holeOffLevels: 0 });
    const meta = JSON.parse(readPngText(new Uint8Array(await readFile(path.join(dir, 'result.png'))))['gibbs-inpaint']!);
    expect(meta.region).toMatchObject({ scale, feather: 0 });
  });

  it('with a feather blends only inside the hole', async () => {
    const original = photo(64, 48);
    const inHole = (x: number, y: number) => x >= 20 && x < 40 && y >= 10 && y < 30;
    await writeFile(path.join(dir, 'f.png'), encodePng(original));
    await writeFile(path.join(dir, 'f-mask.png'), maskPng(64, 48, inHole));
    expect((await cli('--image', path.join(dir, 'f.png'), '--mask', path.join(dir, 'f-mask.png'), '--out', path.join(dir, 'f-out.png'), '--feather', '3')).code).toBe(0);
    const { outsideChanged, holeOffLevels } = audit(original, await read(path.join(dir, 'f-out.png')), inHole);
    expect(outsideChanged).toBe(0);
    expect(holeOffLevels).toBeGreaterThan(0); // the soft edge mixes the original into the model's levels
  });

  it('leaves the mask outside a given region as it was, and says so', async () => {
    const original = photo(40, 30);
    await writeFile(path.join(dir, 'r.png'), encodePng(original));
    await writeFile(path.join(dir, 'r-mask.png'), maskPng(40, 30, (x, y) => x >= 10 && x < 30 && y >= 10 && y < 20));
    const { code, lines } = await cli('--image', path.join(dir, 'r.png'), '--mask', path.join(dir, 'r-mask.png'), '--out', path.join(dir, 'r-out.png'), '--region', '5,5,15,20');
    expect(code).toBe(0);
    expect(lines).toContain('warning: 100 pixels of the mask lie outside the region and keep their values');
    const { outsideChanged } = audit(original, await read(path.join(dir, 'r-out.png')), (x, y) => x >= 10 && x < 20 && y >= 10 && y < 20);
    expect(outsideChanged).toBe(0);
  });
});

describe('a 16-bit image', () => {
  const [width, height] = [40, 30];
  const inHole = (x: number, y: number) => x >= 12 && x < 20 && y >= 8 && y < 14;
  /** Samples whose low bytes vary on their own, so a result that keeps only the high bytes shows. */
  const sample = (i: number) => ((i * 7919) & 0xff00) | ((i * 31 + 5) & 0xff);

  /** Runs the CLI on a 16-bit PNG; the result's header bit depth and its RGBA16, one chain's picture a time. */
  async function run16(file: string, spec: Parameters<typeof writePng>[0], ...args: string[]) {
    await writeFile(path.join(dir, `${file}.png`), writePng(spec));
    await writeFile(path.join(dir, `${file}-mask.png`), maskPng(width, height, inHole));
    const out = path.join(dir, `${file}-out.png`);
    const { code, lines } = await cli('--image', path.join(dir, `${file}.png`), '--mask', path.join(dir, `${file}-mask.png`), '--out', out, ...args);
    expect(code, lines.join('\n')).toBe(0);
    const bytes = new Uint8Array(await readFile(out));
    return { depth: bytes[24], colourType: bytes[25], decoded: decodePngDeep(bytes), text: readPngText(bytes) };
  }

  /** Samples outside the hole that differ from `want`, and hole samples that are not a level ×257 (grey model: 0 or 65535, opaque). */
  function audit16(out: Uint16Array, outWidth: number, x0: number, want: (i: number, c: number) => number) {
    let outsideChanged = 0;
    let holeOffLevels = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const at = (y * outWidth + x0 + x) * 4;
        const i = y * width + x;
        if (!inHole(x, y)) outsideChanged += [0, 1, 2, 3].some((c) => out[at + c] !== want(i, c)) ? 1 : 0;
        else holeOffLevels += (out[at] === 0 || out[at] === 65535) && out[at + 3] === 65535 ? 0 : 1;
      }
    }
    return { outsideChanged, holeOffLevels };
  }

  it('RGBA: --out is 16-bit RGBA, every sample outside the mask the input’s, bit for bit', async () => {
    const samples = Array.from({ length: width * height * 4 }, (_, j) => sample(j));
    const { depth, colourType, decoded, text } = await run16('deep-rgba', { width, height, colourType: 6, bitDepth: 16, samples });
    expect([depth, colourType]).toEqual([16, 6]);
    expect(audit16(decoded.rgba16!, width, 0, (i, c) => samples[i * 4 + c]!)).toEqual({ outsideChanged: 0, holeOffLevels: 0 });
    expect(JSON.parse(text['gibbs-inpaint']!).region).toMatchObject({ feather: 0 });
  });

  it('grey with a tRNS colour, two chains: each chain’s picture keeps the grey samples (and the transparent one) outside the mask', async () => {
    const samples = Array.from({ length: width * height }, (_, i) => (i === 3 ? 0x1234 : sample(i)));
    const transparency = [0x12, 0x34];
    const { depth, decoded } = await run16('deep-grey', { width, height, colourType: 0, bitDepth: 16, samples, transparency }, '--chains', '2');
    expect(depth).toBe(16);
    expect([decoded.rgba.width, decoded.rgba.height]).toEqual([2 * width, height]);
    const want = (i: number, c: number) => (c < 3 ? samples[i]! : samples[i] === 0x1234 ? 0 : 65535);
    for (const x0 of [0, width]) expect(audit16(decoded.rgba16!, 2 * width, x0, want)).toEqual({ outsideChanged: 0, holeOffLevels: 0 });
  });

  it('an 8-bit image still gives an 8-bit result', async () => {
    await writeFile(path.join(dir, 'eight.png'), encodePng(photo(width, height)));
    await writeFile(path.join(dir, 'eight-mask.png'), maskPng(width, height, inHole));
    expect((await cli('--image', path.join(dir, 'eight.png'), '--mask', path.join(dir, 'eight-mask.png'), '--out', path.join(dir, 'eight-out.png'))).code).toBe(0);
    expect((await readFile(path.join(dir, 'eight-out.png')))[24]).toBe(8);
  });
});

describe('batch mode', () => {
  it('inpaints every PNG with its mask, skips a bad one with one line, counts both, and exits 1', async () => {
    const images = path.join(dir, 'batch-in');
    const masks = path.join(dir, 'batch-masks');
    const out = path.join(dir, 'batch-out');
    await mkdir(images);
    await mkdir(masks);
    const hole = (x: number, y: number) => x >= 4 && x < 8 && y >= 4 && y < 8;
    for (const name of ['a', 'b', 'c']) await writeFile(path.join(images, `${name}.png`), encodePng(photo(20, 16)));
    await writeFile(path.join(images, 'notes.txt'), 'not an image');
    await writeFile(path.join(masks, 'a_mask.png'), maskPng(20, 16, hole));
    await writeFile(path.join(masks, 'b.png'), maskPng(20, 16, hole));
    await writeFile(path.join(masks, 'c_mask.png'), maskPng(10, 16, hole)); // the wrong size
    const { code, lines } = await cli('--image-dir', images, '--mask-dir', masks, '--out-dir', out);
    expect(code).toBe(1);
    expect(lines).toContain(`skipped c.png: mask ${path.join(masks, 'c_mask.png')}: the mask is 10×16 but the image is 20×16`);
    expect(lines.at(-1)).toBe(`batch: 2 done, 1 skipped, of 3 images in ${images}; 1 files that are not PNG left alone`);
    expect((await readdir(out)).sort()).toEqual(['a.png', 'b.png']);
    expect(audit(photo(20, 16), await read(path.join(out, 'a.png')), hole)).toEqual({ outsideChanged: 0, holeOffLevels: 0 });
  });

  it('takes one mask for every image and exits 0 when all are done', async () => {
    const images = path.join(dir, 'batch-one-mask');
    await mkdir(images);
    for (const name of ['x', 'y']) await writeFile(path.join(images, `${name}.png`), encodePng(photo(12, 12)));
    await writeFile(path.join(dir, 'one-mask.png'), maskPng(12, 12, (x, y) => x === 6 && y === 6));
    const { code, lines } = await cli('--image-dir', images, '--mask', path.join(dir, 'one-mask.png'), '--out-dir', path.join(dir, 'batch-one-out'));
    expect(code).toBe(0);
    expect(lines.at(-1)).toBe(`batch: 2 done, 0 skipped, of 2 images in ${images}`);
  });

  it('refuses an image folder with no PNG in one line', async () => {
    const empty = path.join(dir, 'no-pngs');
    await mkdir(empty);
    const { code, lines } = await cli('--image-dir', empty, '--mask', path.join(dir, 'one-mask.png'), '--out-dir', path.join(dir, 'never'));
    expect({ code, lines }).toEqual({ code: 1, lines: [`gibbs-inpaint: error: --image-dir ${empty}: holds no PNG to inpaint`] });
  });
});
