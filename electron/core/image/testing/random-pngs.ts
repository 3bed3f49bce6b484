/** Test-only: random valid PNG specs of every colour type, bit depth and interlace, and the RGBA each must decode to, worked out from the samples alone. */
import type { Rng } from '../../sampler/rng';
import { channelsOf, type PngSpec } from './png-writer';

/** The bit depths PNG allows, by colour type. */
export const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.nextInt(items.length)]!;

/** A random valid image: 1–20 a side, random filters per row, sometimes interlaced, split IDATs or a tRNS colour that some pixels have. */
export function randomSpec(rng: Rng, colourType = pick(rng, [0, 2, 3, 4, 6]), bitDepth = pick(rng, DEPTHS[colourType]!)): PngSpec {
  const [width, height] = [1 + rng.nextInt(rng.next() < 0.2 ? 3 : 20), 1 + rng.nextInt(rng.next() < 0.2 ? 3 : 20)];
  const max = colourType === 3 ? Math.min(256, 2 ** bitDepth) : 2 ** bitDepth;
  const colours = colourType === 3 ? 1 + rng.nextInt(max) : 0;
  const samples = Array.from({ length: width * height * channelsOf(colourType) }, () => rng.nextInt(colourType === 3 ? colours : max));
  const filters = Array.from({ length: 8 * height }, () => rng.nextInt(5));
  const spec: PngSpec = { width, height, colourType, bitDepth, samples, interlace: rng.next() < 0.5 ? 1 : 0, filter: (row) => filters[row] ?? 0 };
  if (rng.next() < 0.3) spec.idatSize = 1 + rng.nextInt(40);
  if (colourType === 3) {
    spec.palette = Array.from({ length: 3 * colours }, () => rng.nextInt(256));
    if (rng.next() < 0.5) spec.transparency = Array.from({ length: rng.nextInt(colours + 1) }, () => rng.nextInt(256));
  } else if ((colourType === 0 || colourType === 2) && rng.next() < 0.5) {
    const n = channelsOf(colourType);
    const pixel = rng.nextInt(width * height); // a colour the image has, so some pixels turn transparent
    spec.transparency = Array.from({ length: n }, (_, c) => samples[pixel * n + c]!).flatMap((v) => [v >> 8, v & 255]);
  }
  return spec;
}

/** 8 bits from a sample: low depths scaled exactly, 16 bits by the high byte. */
const to8 = (v: number, depth: number) => (depth === 16 ? v >> 8 : (v * 255) / (2 ** depth - 1));

/** The RGBA an exact decoder gives for `spec`. */
export const expectedRgba = (spec: PngSpec): Uint8Array => expectedPixels(spec, new Uint8Array(spec.width * spec.height * 4), (v) => to8(v, spec.bitDepth), 255);

/** The RGBA16 of a 16-bit grey or colour `spec`: its samples as they are (grey spread to RGB), opaque 65535. */
export const expectedRgba16 = (spec: PngSpec): Uint16Array => expectedPixels(spec, new Uint16Array(spec.width * spec.height * 4), (v) => v, 0xffff);

function expectedPixels<T extends Uint8Array | Uint16Array>(spec: PngSpec, out: T, to: (v: number) => number, opaque: number): T {
  const { width, height, colourType: type, samples } = spec;
  const n = channelsOf(type);
  const trns = spec.transparency ? Array.from(spec.transparency) : null;
  const key = trns && (type === 0 || type === 2) ? Array.from({ length: n }, (_, c) => (trns[2 * c]! << 8) | trns[2 * c + 1]!) : null;
  for (let i = 0; i < width * height; i++) {
    const s = Array.from({ length: n }, (_, c) => samples[i * n + c]!);
    let rgba: number[];
    if (type === 3) rgba = [spec.palette![3 * s[0]!]!, spec.palette![3 * s[0]! + 1]!, spec.palette![3 * s[0]! + 2]!, trns?.[s[0]!] ?? 255];
    else if (type === 0 || type === 4) rgba = [to(s[0]!), to(s[0]!), to(s[0]!), type === 4 ? to(s[1]!) : opaque];
    else rgba = [to(s[0]!), to(s[1]!), to(s[2]!), type === 6 ? to(s[3]!) : opaque];
    if (key && key.every((v, c) => v === s[c])) rgba[3] = 0;
    out.set(rgba, 4 * i);
  }
  return out;
}
