/**
 * Test-only: a corpus of bad CLI invocations, generated (no committed binaries). Each must exit
 * non-zero with one line on stderr naming its fault, and leave the folder as it was.
 * Extend it by adding to a list below, or by passing more bad PNGs to `badInvocations`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFile, link, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chunk, concat, PNG_SIGNATURE } from '../../core/image/png-chunks';
import { encodePng } from '../../core/image/png-encode';
import type { RgbaImage } from '../../core/image/png';
import { writeRandomModel } from '../../core/model/testing/fixture';

export interface BadInvocation {
  /** What the case tries, as its test's name. */
  name: string;
  argv: string[];
  env?: NodeJS.ProcessEnv;
  /** The one line must match this: it names the flag or file at fault. */
  fault: RegExp;
  /** 2 for a bad command line, 1 for a bad file. */
  code: 1 | 2;
}

/** A PNG that must be refused, as image and as mask (another generator can pass its own). */
export interface BadPng {
  name: string;
  bytes: Uint8Array;
  fault: RegExp;
}

export interface CorpusFolder {
  dir: string;
  /** A good model (8×8 grey, K = 2), image, mask and output folder: each case breaks one thing. */
  model: string;
  image: string;
  mask: string;
  out: string;
  /** Whether this user could make a device node (root with CAP_MKNOD). */
  device: boolean;
  /** The bad PNGs written into the folder, each tried as image and as mask. */
  badPngs: { name: string; file: string; fault: RegExp }[];
}

const W = 10;
const H = 8;

const picture = (width: number, height: number, pixel: (i: number) => number[]): RgbaImage => ({
  width,
  height,
  data: Uint8Array.from(Array.from({ length: width * height }, (_, i) => pixel(i)).flat()),
});

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A PNG of one chunk list: for headers the encoder would never write. */
const pngOf = (...chunks: [string, Uint8Array][]): Uint8Array => concat([PNG_SIGNATURE, ...chunks.map(([type, data]) => chunk(type, data))]);

function header(width: number, height: number): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  data.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, adaptive filters, no interlace
  return data;
}

/** The bad PNGs the current decoder already refuses (a stricter decoder's cases are added by its generator). */
export function ownBadPngs(good: Uint8Array): BadPng[] {
  const crc = good.slice();
  crc[crc.length - 20] ^= 0xff; // a byte inside IDAT: its CRC no longer matches
  return [
    { name: 'an empty file', bytes: new Uint8Array(0), fault: /not a PNG file \(bad signature\)/ },
    { name: 'text', bytes: new TextEncoder().encode('hello, not a picture\n'), fault: /not a PNG file/ },
    { name: 'a JPEG', bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0]), fault: /not a PNG file/ },
    { name: 'the signature only', bytes: PNG_SIGNATURE, fault: /PNG is truncated/ },
    { name: 'a PNG cut in half', bytes: good.subarray(0, good.length >> 1), fault: /PNG is truncated/ },
    { name: 'a PNG without IEND', bytes: good.subarray(0, good.length - 12), fault: /PNG is truncated/ },
    { name: 'a PNG with a bad CRC', bytes: crc, fault: /chunk CRC mismatch/ },
    { name: 'a PNG of 0×0', bytes: pngOf(['IHDR', header(0, 0)], ['IEND', new Uint8Array(0)]), fault: /image is empty \(0×0\)/ },
    { name: 'a PNG of 9000×9000', bytes: pngOf(['IHDR', header(9000, 9000)], ['IEND', new Uint8Array(0)]), fault: /larger than the 8192×8192/ },
    { name: 'a PNG without IHDR', bytes: pngOf(['IEND', new Uint8Array(0)]), fault: /does not start with its header \(IHDR chunk\)/ },
  ];
}

/** Writes the folder every case runs in; nothing in it may change. */
export async function writeCorpusFolder(dir: string, extraPngs: readonly BadPng[] = []): Promise<CorpusFolder> {
  const at = (...parts: string[]): string => path.join(dir, ...parts);
  await writeRandomModel(at('tiny'), { height: 8, width: 8, channels: 1, levels: 2, features: 8, blocks: 1 });
  await writeFile(at('in.png'), encodePng(picture(W, H, (i) => [i * 3, i * 3, i * 3, 255])));
  await writeFile(at('mask.png'), encodePng(picture(W, H, (i) => (i % W >= 3 && i % W <= 6 ? [255, 255, 255, 255] : [0, 0, 0, 255]))));
  await writeFile(at('small-mask.png'), encodePng(picture(4, 4, () => [255, 255, 255, 255])));
  await writeFile(at('wide.png'), encodePng(picture(600, 2, () => [0, 0, 0, 255])));
  await writeFile(at('wide-mask.png'), encodePng(picture(600, 2, () => [255, 255, 255, 255])));
  await writeFile(at('empty-mask.png'), encodePng(picture(W, H, () => [0, 0, 0, 255])));
  await mkdir(at('out'));
  await mkdir(at('folder'));
  await writeFile(at('out', 'old.png'), 'an earlier result'); // a case names it as --out: it must stay
  execFileSync('mkfifo', [at('fifo')]);
  const device = spawnSync('mknod', [at('null-device'), 'c', '1', '3']).status === 0;
  await symlink(at('missing.png'), at('dangling.png'));
  await symlink(at('fifo'), at('to-fifo.png'));
  await symlink(at('in.png'), at('to-image.png'));
  await link(at('in.png'), at('image-hard-link.png'));
  // a frames folder whose frame names hold a FIFO, a folder or the image itself
  for (const name of ['frames-fifo', 'frames-folder', 'frames-input']) await mkdir(at(name));
  execFileSync('mkfifo', [at('frames-fifo', 'frame-00002.png')]);
  await mkdir(at('frames-folder', 'frame-00003.png'));
  await link(at('in.png'), at('frames-input', 'frame-00000.png'));
  await writeBrokenModels(at('broken'), at('tiny'));
  await writeFile(at('gif.gif'), Uint8Array.from([...new TextEncoder().encode('GIF89a'), 1, 0, 1, 0, 0, 0, 0, 0x3b]));
  await mkdir(at('bad'));
  const badPngs = [];
  for (const png of [...ownBadPngs(new Uint8Array(await readFile(at('in.png')))), ...extraPngs]) {
    const file = at('bad', `${png.name.replace(/[^a-z0-9]+/gi, '-')}.png`);
    await writeFile(file, png.bytes);
    badPngs.push({ name: png.name, file, fault: png.fault });
  }
  return { dir, model: at('tiny'), image: at('in.png'), mask: at('mask.png'), out: at('out'), device, badPngs };
}

/** Model folders each broken one way, beside a good one. */
async function writeBrokenModels(root: string, good: string): Promise<void> {
  const card = JSON.parse(await readFile(path.join(good, 'card.json'), 'utf8')) as Record<string, unknown>;
  const folder = async (name: string, files: Record<string, string | Uint8Array | null>): Promise<void> => {
    await mkdir(path.join(root, name), { recursive: true });
    for (const [file, content] of Object.entries(files)) {
      if (content === null) await copyFile(path.join(good, file), path.join(root, name, file));
      else await writeFile(path.join(root, name, file), content);
    }
  };
  const json = (value: unknown): string => JSON.stringify(value);
  await folder('empty', {});
  await folder('no-onnx', { 'card.json': json({ ...card, id: 'no-onnx' }) });
  await folder('no-card', { 'model.onnx': null });
  await folder('card-not-json', { 'card.json': '{"id": "card-not-json",', 'model.onnx': null });
  await folder('card-wrong-id', { 'card.json': json(card), 'model.onnx': null });
  await folder('card-bad-levels', { 'card.json': json({ ...card, id: 'card-bad-levels', levels: -3 }), 'model.onnx': null });
  await folder('onnx-garbage', { 'card.json': json({ ...card, id: 'onnx-garbage' }), 'model.onnx': new TextEncoder().encode('not a protobuf at all') });
  await folder('onnx-other-levels', { 'card.json': json({ ...card, id: 'onnx-other-levels', levels: 4 }), 'model.onnx': null });
  await folder('card-fifo', { 'model.onnx': null });
  execFileSync('mkfifo', [path.join(root, 'card-fifo', 'card.json')]);
}

/** Every case, generated from the folder: flags × bad values, inputs, outputs and models. */
export function badInvocations(f: CorpusFolder): BadInvocation[] {
  const at = (...parts: string[]): string => path.join(f.dir, ...parts);
  const never = path.join(f.out, 'never.png');
  const base = ['--model', f.model, '--image', f.image, '--mask', f.mask, '--seed', '1', '--steps', '3', '--quiet'];
  const run = (...more: string[]): string[] => [...base, ...more];
  const cases: BadInvocation[] = [];
  const usage = (name: string, argv: string[], fault: RegExp, env?: NodeJS.ProcessEnv): void => void cases.push({ name, argv, fault, code: 2, env });
  const file = (name: string, argv: string[], fault: RegExp): void => void cases.push({ name, argv, fault, code: 1 });

  // the command line
  usage('no --image', ['--mask', f.mask, '--out', never], /--image is required/);
  usage('an empty --image', ['--image', '', '--mask', f.mask, '--out', never], /--image is required/);
  usage('no --mask', ['--image', f.image, '--out', never], /--mask is required/);
  usage('no output', ['--image', f.image, '--mask', f.mask], /give at least one output/);
  usage('an empty --out', ['--image', f.image, '--mask', f.mask, '--out', ''], /give at least one output/);
  usage('an unknown flag', run('--out', never, '--colour', 'red'), /Unknown option '--colour'/);
  usage('a misspelt flag', run('--out', never, '--temprature', '1'), /Unknown option '--temprature'/);
  usage('a short flag', run('--out', never, '-o', never), /Unknown option '-o'/);
  usage('a positional argument', run('--out', never, 'extra.png'), /Unexpected argument 'extra.png'/);
  usage('a flag without its value', run('--out'), /--out/);
  usage('a value starting with a dash, not joined by =', run('--out', never, '--temperature', '-1'), /Option '--temperature' argument is ambiguous\. .* use '--temperature=-XYZ'/);
  usage('a switch given a value', run('--out', never, '--quiet=yes'), /--quiet' does not take an argument/);
  usage('--fit given a value', run('--out', never, '--fit=no'), /--fit' does not take an argument/);
  usage('--fit, retired', run('--out', never, '--fit'), /--fit is retired: .*--scale fit/);
  usage('--scale given a zoom factor (its old meaning)', run('--out', never, '--scale', '4'), /--scale now picks the working scale, native or fit; .* --zoom 4/);
  usage('--scale neither native nor fit', run('--out', never, '--scale', 'big'), /--scale must be one of native, fit, got "big"/);
  usage('--animate neither region nor full', run('--gif', never, '--animate', 'all'), /--animate must be one of region, full/);
  for (const value of ['', 'full', '1,2,3', '1,2,3,4,5', '1,-1,4,4', '0,0,0,4', '0,0,4,0', '0x1,0,4,4', '1.5,0,4,4']) {
    usage(`--region ${JSON.stringify(value)}`, run('--out', never, '--region', value), /--region must (be auto or X,Y,W,H in pixels|have a width and height of at least 1)/);
  }
  usage('--margin with a given --region', run('--out', never, '--region', '0,0,4,4', '--margin', '3'), /--margin sets the context of --region auto/);
  usage('--image with --image-dir', run('--image-dir', f.dir, '--out-dir', f.out), /give --image or --image-dir, not both/);
  usage('--image-dir without --out-dir', ['--image-dir', f.dir, '--mask', f.mask], /--out-dir is required with --image-dir/);
  usage('--out-dir without --image-dir', ['--out-dir', f.out, '--mask', f.mask], /--image-dir is required/);
  usage('a batch without a mask', ['--image-dir', f.dir, '--out-dir', f.out], /give --mask FILE or --mask-dir DIR/);
  usage('a batch with --mask and --mask-dir', ['--image-dir', f.dir, '--out-dir', f.out, '--mask', f.mask, '--mask-dir', f.dir], /give --mask or --mask-dir, not both/);
  usage('a batch with --gif', ['--image-dir', f.dir, '--out-dir', f.out, '--mask', f.mask, '--gif', never], /--gif is for one image; a batch writes its results to --out-dir/);

  // numbers: decimal only, in range
  const badDecimals = ['', ' ', ' 1', 'NaN', 'Infinity', '-Infinity', '0x10', '0b1', '0o7', '1e999', 'abc', '1,5', '1_0', '١'];
  for (const flag of ['temperature', 'alpha-max', 'alpha-min', 'eta', 'choice-temperature']) {
    for (const value of badDecimals) usage(`--${flag} ${JSON.stringify(value)}`, run('--out', never, `--${flag}=${value}`), new RegExp(`--${flag} must be a decimal number, got "${escape(value)}"`));
  }
  const badIntegers = ['', 'NaN', '0x10', '1e3', '1.5', '-1', ' 2', 'abc', '1e999', '99999999999999999999'];
  for (const value of [...badIntegers, '0', '1000001', 'Auto', 'none']) {
    usage(`--steps ${JSON.stringify(value)}`, run('--out', never, `--steps=${value}`), new RegExp(`--steps must be auto or an integer in \\[1, 1000000\\], got "${escape(value)}"`));
  }
  const integers: [string, number, number][] = [['refine', 0, 1_000_000], ['chains', 1, 64], ['seed', 0, 4294967295], ['fps', 1, 100], ['zoom', 1, 32], ['margin', 0, 8192], ['feather', 0, 64]];
  for (const [flag, lo, hi] of integers) {
    for (const value of [...badIntegers, ...(lo > 0 ? [String(lo - 1)] : []), String(hi + 1)]) {
      usage(`--${flag} ${JSON.stringify(value)}`, run('--out', never, `--${flag}=${value}`), new RegExp(`--${flag} must be an integer in \\[${lo}, ${hi}\\], got "${escape(value)}"`));
    }
  }
  usage('--temperature below 0', run('--out', never, '--temperature=-1'), /--temperature must be in \[0, 1000\], got -1/);
  usage('--temperature above 1000', run('--out', never, '--temperature', '1001'), /--temperature must be in \[0, 1000\], got 1001/);
  usage('--alpha-max above 1', run('--out', never, '--alpha-max', '1.5'), /--alpha-max must be in \[0, 1\], got 1.5/);
  usage('--alpha-max below 0', run('--out', never, '--alpha-max=-0.1'), /--alpha-max must be in \[0, 1\], got -0.1/);
  usage('--alpha-min above --alpha-max', run('--out', never, '--alpha-min', '0.9', '--alpha-max', '0.5'), /--alpha-min \(0.9\) must not exceed --alpha-max \(0.5\)/);
  usage('--eta 0', run('--out', never, '--eta', '0'), /--eta must be a finite number > 0, got 0/);
  usage('--eta below 0', run('--out', never, '--eta=-1'), /--eta must be a finite number > 0, got -1/);
  usage('--choice-temperature below 0', run('--out', never, '--choice-temperature=-1'), /--choice-temperature must be in \[0, 1000\], got -1/);
  usage('--choice-temperature above 1000', run('--out', never, '--choice-temperature', '1e4'), /--choice-temperature must be in \[0, 1000\], got 10000/);
  for (const axis of ['temperature', 'alpha-max', 'alpha-min', 'eta', 'choice-temperature']) {
    for (const [value, bad] of [['', ''], ['0.1,', ''], [',', ''], ['0x1', '0x1'], ['1,NaN', 'NaN'], ['0.1;0.2', '0.1;0.2']] as const) {
      usage(`--sweep-${axis} ${JSON.stringify(value)}`, run('--sweep', never, `--sweep-${axis}`, value), new RegExp(`--sweep-${axis} must be a decimal number, got "${escape(bad)}"`));
    }
  }
  usage('a sweep temperature out of range', run('--sweep', never, '--sweep-temperature', '1,2000'), /--sweep: --temperature must be in \[0, 1000\], got 2000/);
  usage('a sweep α_max out of range', run('--sweep', never, '--sweep-alpha-max', '2'), /--sweep: --alpha-max must be in \[0, 1\], got 2/);
  usage('a sweep α_min above α_max', run('--sweep', never, '--sweep-alpha-min', '0.1,0.9'), /--sweep: --alpha-min \(0.9\) must not exceed --alpha-max \(0.5\)/);
  usage('a sweep η of 0', run('--sweep', never, '--sweep-eta', '0.1,0'), /--sweep: --eta must be a finite number > 0, got 0/);
  usage('a sweep choice temperature out of range', run('--sweep', never, '--sweep-choice-temperature', '0,2000'), /--sweep: --choice-temperature must be in \[0, 1000\], got 2000/);
  usage('a sweep α_min above the given α_max', run('--sweep', never, '--alpha-max', '0.2', '--sweep-alpha-min', '0.1,0.3'), /--sweep: --alpha-min \(0.3\) must not exceed --alpha-max \(0.2\)/);
  for (const value of ['', 'gibbs,', 'gibbs,maskgit', 'Gibbs']) {
    usage(`--sweep-sampler ${JSON.stringify(value)}`, run('--sweep', never, '--sweep-sampler', value), /--sweep-sampler must be one of gibbs, confidence, entropy, ancestral-budget, got "/);
  }
  for (const value of ['', '16,', '0', '16,1.5', 'auto,0x10']) {
    usage(`--sweep-steps ${JSON.stringify(value)}`, run('--sweep', never, '--sweep-steps', value), /--sweep-steps must be auto or an integer in \[1, 1000000\], got "/);
  }
  usage('--sweep-refine -1', run('--sweep', never, '--sweep-refine=-1'), /--sweep-refine must be an integer in \[0, 1000000\], got "-1"/);
  usage('--sweep-plan exponential', run('--sweep', never, '--sweep-plan', 'cosine,exponential'), /--sweep-plan must be one of cosine, linear, got "exponential"/);
  usage('--sweep-init keep (a branch, not a start)', run('--sweep', never, '--sweep-init', 'keep'), /--sweep-init must be one of uniform, model, border, got "keep"/);
  usage('--sweep-colour (no such flag)', run('--sweep', never, '--sweep-colour', 'red'), /Unknown option '--sweep-colour'/);

  // names from a list
  const choices: [string, string[], RegExp][] = [
    ['init', ['', 'keep', 'Border'], /--init must be one of uniform, model, border/],
    ['block', ['', 'gibbs'], /--block must be one of independent, channelwise, ancestral/],
    ['sampler', ['', 'maskgit', 'Gibbs', 'ancestral'], /--sampler must be one of gibbs, confidence, entropy, ancestral-budget, got "/],
    ['plan', ['', 'cos', 'exponential'], /--plan must be one of cosine, linear, got "/],
    ['entropy-order', ['', 'greedy', 'low'], /--entropy-order must be one of lowest, highest, got "/],
    ['backend', ['', 'cuda', 'ONNXRUNTIME'], /--backend must be one of auto, /],
    ['preset', ['', 'nope'], /--preset ".*" is not a built-in preset/],
  ];
  for (const [flag, values, fault] of choices) for (const value of values) usage(`--${flag} ${JSON.stringify(value)}`, run('--out', never, `--${flag}`, value), fault);
  usage('GIBBS_BACKEND naming no backend', run('--out', never), /--backend must be one of auto, .*got "cuda"/, { GIBBS_BACKEND: 'cuda' });

  // the image and the mask
  const input = (name: string, image: string, mask: string, fault: RegExp, ...more: string[]): void =>
    file(name, ['--model', f.model, '--image', image, '--mask', mask, '--out', never, '--quiet', ...more], fault);
  input('a missing image', at('missing.png'), f.mask, /image .*missing.png: no such file/);
  input('a missing mask', f.image, at('missing.png'), /mask .*missing.png: no such file/);
  input('an image name holding a line break', at('new\nline.png'), f.mask, /image .*new\\nline.png: no such file/);
  input('an image that is a link to nothing', at('dangling.png'), f.mask, /image .*dangling.png: no such file/);
  input('an image that is a folder', at('folder'), f.mask, /image .*folder: it is a folder, not a PNG file/);
  input('a mask that is a folder', f.image, at('folder'), /mask .*folder: it is a folder, not a PNG file/);
  input('an image that is a FIFO', at('fifo'), f.mask, /image .*fifo: it is a named pipe \(FIFO\), not a PNG file/);
  input('a mask that is a link to a FIFO', f.image, at('to-fifo.png'), /mask .*to-fifo.png: it is a named pipe \(FIFO\), not a PNG file/);
  input('an image that is /dev/zero', '/dev/zero', f.mask, /image \/dev\/zero: it is a device, not a PNG file/);
  input('a mask of another size', f.image, at('small-mask.png'), /mask .*small-mask.png: the mask is 4×4 but the image is 10×8/);
  input('a mask that marks no pixel', f.image, at('empty-mask.png'), /mask .*empty-mask.png: marks no pixel to inpaint/);
  input('a region outside the image', f.image, f.mask, /the region 8,0,4,4 does not lie inside the 10×8 image/, '--region', '8,0,4,4');
  input('a region that holds none of the hole', f.image, f.mask, /the region holds no pixel of the mask/, '--region', '0,0,2,2');
  input('a native region past the sampler\'s size', at('wide.png'), at('wide-mask.png'), /the region is 600×2 at native scale, more than the 512×512 the sampler runs; use fit scale/, '--scale', 'native');
  input('a GIF as the image', at('gif.gif'), f.mask, /image .*gif.gif: not a PNG file/);
  for (const png of f.badPngs) {
    input(`an image that is ${png.name}`, png.file, f.mask, new RegExp(`^image ${escape(png.file)}: .*${png.fault.source}`));
    input(`a mask that is ${png.name}`, f.image, png.file, new RegExp(`^mask ${escape(png.file)}: .*${png.fault.source}`));
  }

  // the outputs: checked before sampling, none written when one is refused
  const output = (name: string, outputs: string[], fault: RegExp, ...more: string[]): void => file(name, [...base, ...outputs, ...more], fault);
  const ok = path.join(f.out, 'ok.png');
  output('--out that is a folder', ['--out', at('folder')], /cannot write .*folder: it is a folder$/);
  output('--out that is a FIFO', ['--out', at('fifo')], /cannot write .*fifo: it is a named pipe \(FIFO\), not a regular file/);
  if (f.device) output('--out that is a device', ['--out', at('null-device')], /cannot write .*null-device: it is a device, not a regular file/);
  output('--out that is a link to nothing', ['--out', at('dangling.png')], /cannot write .*dangling.png: it is a link to nothing/);
  output('--out that is a link to a FIFO', ['--out', at('to-fifo.png')], /cannot write .*to-fifo.png: it is a named pipe \(FIFO\), not a regular file/);
  output('--out inside a file', ['--out', at('in.png', 'x.png')], /cannot write .*in.png\/x.png: .*in.png is a file, not a folder/);
  output('--out that is the image', ['--out', f.image], /--out .*in.png is the --image file; add --overwrite to replace it/);
  output('--out that is the mask', ['--out', f.mask], /--out .*mask.png is the --mask file; add --overwrite/);
  output('--out that is the image spelt another way', ['--out', path.join(f.dir, 'out', '..', 'in.png')], /is the --image file/);
  output('--out that is a hard link to the image', ['--out', at('image-hard-link.png')], /is the --image file/);
  output('--out that is a link to the image', ['--out', at('to-image.png')], /is the --image file/);
  output('--gif that is the mask', ['--gif', f.mask], /--gif .*mask.png is the --mask file/);
  output('--sweep that is the image', ['--sweep', f.image], /--sweep .*in.png is the --image file/);
  output('--gif that is --out', ['--out', ok, '--gif', ok], /--gif .*ok.png is the same file as --out/);
  output('--apng that is --out spelt another way', ['--out', ok, '--apng', path.join(f.out, '.', 'ok.png')], /--apng .* is the same file as --out/);
  output('--frames that is a file', ['--frames', f.image], /cannot write .*in.png: it is a file, not a folder/);
  output('--frames that is a FIFO', ['--frames', at('fifo')], /cannot write .*fifo: it is a named pipe \(FIFO\), not a folder/);
  output('--frames holding a FIFO named as a frame', ['--frames', at('frames-fifo')], /cannot write .*frame-00002.png: it is a named pipe \(FIFO\), not a regular file/);
  output('--frames holding a folder named as a frame', ['--frames', at('frames-folder')], /cannot write .*frame-00003.png: it is a folder$/);
  output('--frames holding the image as a frame', ['--frames', at('frames-input')], /--frames .*frames-input holds frame-00000.png, which is the --image file/);
  output('--out that is a file --frames writes', ['--out', path.join(f.out, 'fr', 'frame-00001.png'), '--frames', path.join(f.out, 'fr')], /--out .*frame-00001.png is a file --frames .* writes/);
  output('a good --out and a --gif that is a folder', ['--out', ok, '--gif', at('folder')], /cannot write .*folder: it is a folder$/);
  output('a good --out and an --apng that is a FIFO', ['--out', ok, '--apng', at('fifo')], /cannot write .*fifo: it is a named pipe/);
  output('a good --out and --frames that is a file', ['--out', ok, '--frames', f.mask], /cannot write .*mask.png: it is a file, not a folder/);
  output('an earlier result as --out and a --gif that is a FIFO', ['--out', path.join(f.out, 'old.png'), '--gif', at('fifo')], /cannot write .*fifo: it is a named pipe/);
  output('a good --out and a --sweep inside a file', ['--out', ok, '--sweep', at('in.png', 'grid.png')], /in.png is a file, not a folder/);

  // the model
  const model = (name: string, dir: string, fault: RegExp): void => file(`a model folder: ${name}`, ['--model', dir, ...base.slice(2), '--out', never], fault);
  model('no such model', 'no-such-model', /no-such-model: is neither a model folder nor a bundled model id/);
  model('a file, not a folder', f.image, /in.png: is neither a model folder nor a bundled model id/);
  model('an empty folder', at('broken', 'empty'), /card.json: is missing/);
  model('no card.json', at('broken', 'no-card'), /card.json: is missing/);
  model('no model.onnx', at('broken', 'no-onnx'), /model.onnx: is missing/);
  model('card.json not JSON', at('broken', 'card-not-json'), /card.json: is not valid JSON/);
  model("card.json's id not the folder's", at('broken', 'card-wrong-id'), /card.json: "id" must equal the folder's name/);
  model('card.json with levels -3', at('broken', 'card-bad-levels'), /card.json: "levels"/);
  model('model.onnx not ONNX', at('broken', 'onnx-garbage'), /model.onnx: /);
  model('card.json that is a FIFO', at('broken', 'card-fifo'), /card.json: is not a regular file/);
  model('model.onnx of another card', at('broken', 'onnx-other-levels'), /model.onnx: "x" has 2 channels, card says C·E = 1·4/);
  return cases;
}
