/**
 * The audit's fuzz loop as a property: mutated valid PNGs either decode to an image of the size
 * their header gives or are refused with one clean line, and the mutations known to break a file
 * (or known to be harmless) must be refused (or decode unchanged). Fixed seed; GIBBS_FUZZ_CASES
 * runs more (e.g. 20000).
 */
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../sampler/rng';
import { decodePng, type RgbaImage } from './png';
import { chunk, concat } from './png-chunks';
import { encodeApng } from './png-encode';
import { parseHeader } from './png-header';
import { expectCleanRefusal } from './testing/expect-refusal';
import { chunkOffsets, fixCrc, joinChunks, passPixels, splitChunks, writePng, type PngSpec } from './testing/png-writer';
import { randomSpec } from './testing/random-pngs';

const CASES = Number(process.env.GIBBS_FUZZ_CASES ?? 500);
const SEED = 22;

interface Base {
  bytes: Uint8Array;
  spec: PngSpec | null;
  image: RgbaImage;
}

/** 'refused' and 'unchanged' are known outcomes; 'either' asks only for a clean refusal or a decode of the header's size. */
type Outcome = 'refused' | 'unchanged' | 'either';

interface Mutant {
  bytes: Uint8Array;
  outcome: Outcome;
  /** Part of the message a refusal must carry. */
  fault?: string;
}

const READ_CHUNKS = new Set(['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND']);

function bases(rng: Rng): Base[] {
  const text = chunk('tEXt', Uint8Array.from('Software\0Gibbs Inpaint', (c) => c.charCodeAt(0)));
  const specs: PngSpec[] = [
    { ...randomSpec(rng, 0, 8), width: 28, height: 28, samples: Array.from({ length: 784 }, () => rng.nextInt(256)) },
    { ...randomSpec(rng, 3, 4), extraChunks: [text] },
    randomSpec(rng, 6, 16),
    randomSpec(rng, 2, 8),
    randomSpec(rng, 0, 1),
    randomSpec(rng, 4, 8),
  ];
  const frames = [0, 1].map((f) => ({ width: 5, height: 4, data: Uint8Array.from({ length: 80 }, (_, i) => (i % 4 === 3 ? 255 : (i * 29 + f * 70) & 255)) }));
  const files = [...specs.map((spec) => ({ bytes: writePng(spec), spec })), { bytes: encodeApng(frames, 50), spec: null }];
  return files.map((file) => ({ ...file, image: decodePng(file.bytes) }));
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.nextInt(items.length)]!;

/** Each mutation and what it must lead to. */
const MUTATIONS: Record<string, (base: Base, rng: Rng) => Mutant | null> = {
  flipBit(base, rng) {
    const bytes = base.bytes.slice();
    const at = rng.nextInt(bytes.length);
    bytes[at] ^= 1 << rng.nextInt(8);
    if (at < 8) return { bytes, outcome: 'refused', fault: 'not a PNG' };
    const hit = chunkOffsets(base.bytes).find((c) => at >= c.at && at < c.at + 12 + c.length);
    if (!hit) return { bytes, outcome: 'unchanged' }; // after IEND
    if (at < hit.at + 8) return { bytes, outcome: 'either' }; // length or type: the walk goes elsewhere
    return READ_CHUNKS.has(hit.type) ? { bytes, outcome: 'refused', fault: 'CRC mismatch' } : { bytes, outcome: 'unchanged' };
  },
  flipBitFixCrc(base, rng) {
    const bytes = base.bytes.slice();
    const target = pick(rng, chunkOffsets(bytes).filter((c) => c.length > 0));
    bytes[target.at + 8 + rng.nextInt(target.length)] ^= 1 << rng.nextInt(8);
    fixCrc(bytes, target.at);
    return { bytes, outcome: READ_CHUNKS.has(target.type) ? 'either' : 'unchanged' };
  },
  truncate(base, rng) {
    return { bytes: base.bytes.slice(0, rng.nextInt(base.bytes.length)), outcome: 'refused' };
  },
  editLength(base, rng) {
    const bytes = base.bytes.slice();
    const target = pick(rng, chunkOffsets(bytes));
    const length = rng.next() < 0.5 ? Math.max(0, target.length + rng.nextInt(9) - 4) : rng.nextInt(2 ** 32);
    new DataView(bytes.buffer).setUint32(target.at, length);
    return { bytes, outcome: length === target.length ? 'unchanged' : 'either' };
  },
  headerField(base, rng) {
    const bytes = base.bytes.slice();
    const field = 8 + rng.nextInt(5);
    bytes[8 + 8 + field] = rng.next() < 0.5 ? rng.nextInt(20) : rng.nextInt(256);
    fixCrc(bytes, 8);
    let valid = true;
    try {
      parseHeader(bytes.subarray(16, 29), 'h');
    } catch {
      valid = false;
    }
    return { bytes, outcome: valid ? 'either' : 'refused' };
  },
  headerSize(base, rng) {
    const bytes = base.bytes.slice();
    const view = new DataView(bytes.buffer);
    const field = 16 + 4 * rng.nextInt(2);
    view.setUint32(field, rng.next() < 0.7 ? Math.max(0, view.getUint32(field) + rng.nextInt(7) - 3) : rng.nextInt(2 ** 32));
    fixCrc(bytes, 8);
    return { bytes, outcome: 'either' };
  },
  filterType(base, rng) {
    if (!base.spec) return null;
    const rows = scanlineCount(base.spec);
    const [row, type] = [rng.nextInt(rows), 5 + rng.nextInt(251)];
    const filter = base.spec.filter;
    return { bytes: writePng({ ...base.spec, filter: (r) => (r === row ? type : (filter?.(r) ?? 0)) }), outcome: 'refused', fault: `has filter type ${type}` };
  },
  streamLength(base, rng) {
    if (!base.spec) return null;
    const delta = (1 + rng.nextInt(40)) * (rng.next() < 0.5 ? -1 : 1);
    const editStream = (s: Uint8Array) => (delta < 0 ? s.subarray(0, Math.max(0, s.length + delta)) : concat([s, Uint8Array.from({ length: delta }, () => rng.nextInt(5))]));
    return { bytes: writePng({ ...base.spec, editStream }), outcome: 'refused', fault: delta < 0 ? 'cut short' : 'more pixel data' };
  },
  paletteIndex(base, rng) {
    const spec = base.spec;
    if (spec?.colourType !== 3 || !spec.palette) return null;
    const colours = spec.palette.length / 3;
    if (colours >= 2 ** spec.bitDepth) return null;
    const [pixel, index] = [rng.nextInt(spec.samples.length), colours + rng.nextInt(2 ** spec.bitDepth - colours)];
    const samples = Array.from(spec.samples, (v, i) => (i === pixel ? index : v));
    return { bytes: writePng({ ...spec, samples }), outcome: 'refused', fault: `palette index ${index}, past the palette` };
  },
  dropChunk(base, rng) {
    const chunks = splitChunks(base.bytes);
    const i = rng.nextInt(chunks.length);
    const { type } = chunks[i]!;
    const idats = chunks.filter((c) => c.type === 'IDAT').length;
    const bytes = joinChunks(chunks.filter((_, j) => j !== i));
    const suggestedPalette = type === 'PLTE' && base.bytes[25] !== 3; // IHDR's colour type
    if (!READ_CHUNKS.has(type) || suggestedPalette) return { bytes, outcome: 'unchanged' };
    return { bytes, outcome: type === 'tRNS' || (type === 'IDAT' && idats > 1) ? 'either' : 'refused' };
  },
  duplicateChunk(base, rng) {
    const chunks = splitChunks(base.bytes);
    const i = rng.nextInt(chunks.length);
    const { type } = chunks[i]!;
    const bytes = joinChunks([...chunks.slice(0, i + 1), ...chunks.slice(i)]);
    const outcome: Outcome = type === 'IEND' || !READ_CHUNKS.has(type) ? 'unchanged' : type === 'IDAT' ? 'either' : 'refused';
    return { bytes, outcome };
  },
  insertAncillary(base, rng) {
    const chunks = splitChunks(base.bytes);
    const i = 1 + rng.nextInt(chunks.length - 1);
    const data = Uint8Array.from({ length: rng.nextInt(64) }, () => rng.nextInt(256));
    const framed = chunk('qaAa', data);
    framed[framed.length - 1] ^= rng.nextInt(2); // a wrong CRC, half the time: the chunk is never read
    const splitsIdat = chunks[i - 1]!.type === 'IDAT' && chunks[i]!.type === 'IDAT';
    const bytes = concat([base.bytes.subarray(0, 8), ...chunks.map((c, j) => (j === i ? concat([framed, chunk(c.type, c.data)]) : chunk(c.type, c.data)))]);
    return splitsIdat ? { bytes, outcome: 'refused', fault: 'split by another chunk' } : { bytes, outcome: 'unchanged' };
  },
  junkAfterEnd(base, rng) {
    return { bytes: concat([base.bytes, Uint8Array.from({ length: 1 + rng.nextInt(100) }, () => rng.nextInt(256))]), outcome: 'unchanged' };
  },
  swapChunks(base, rng) {
    const chunks = splitChunks(base.bytes);
    const i = rng.nextInt(chunks.length - 1);
    [chunks[i], chunks[i + 1]] = [chunks[i + 1]!, chunks[i]!];
    return { bytes: joinChunks(chunks), outcome: 'either' };
  },
  garbageIdat(base, rng) {
    const chunks = splitChunks(base.bytes);
    const idat = chunks.find((c) => c.type === 'IDAT')!;
    const at = rng.nextInt(Math.max(1, idat.data.length));
    idat.data = concat([idat.data.subarray(0, at), Uint8Array.from({ length: 1 + rng.nextInt(20) }, () => rng.nextInt(256)), idat.data.subarray(at + 1)]);
    return { bytes: joinChunks(chunks), outcome: 'either' };
  },
};

const scanlineCount = (spec: PngSpec) => passPixels(spec.width, spec.height, spec.interlace === 1).reduce((n, pass) => n + pass.length, 0);

/** The size IHDR gives, for a mutant that decodes. */
function headerSize(bytes: Uint8Array): [number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

function check(mutant: Mutant, base: Base, label: string): 'refused' | 'decoded' {
  let image: RgbaImage;
  try {
    image = decodePng(mutant.bytes, 'fuzz.png');
  } catch (error) {
    expectCleanRefusal(error, 'fuzz.png');
    expect(mutant.outcome, `${label} was refused: ${(error as Error).message}`).not.toBe('unchanged');
    if (mutant.outcome === 'refused' && mutant.fault) expect((error as Error).message, label).toContain(mutant.fault);
    return 'refused';
  }
  expect(mutant.outcome, `${label} decoded`).not.toBe('refused');
  if (mutant.outcome === 'unchanged') expect(image, label).toEqual(base.image);
  const [width, height] = headerSize(mutant.bytes);
  expect([image.width, image.height, image.data.length], label).toEqual([width, height, width * height * 4]);
  return 'decoded';
}

describe('decodePng under mutation', () => {
  it(`refuses cleanly or decodes to the header's size, over ${CASES} mutants (seed ${SEED})`, () => {
    const rng = createRng(SEED);
    const all = bases(rng);
    const tally: Record<string, { refused: number; decoded: number }> = {};
    for (let n = 0; n < CASES; ) {
      const kind = pick(rng, Object.keys(MUTATIONS));
      const base = pick(rng, all);
      const mutant = MUTATIONS[kind]!(base, rng);
      if (!mutant) continue;
      const result = check(mutant, base, `case ${n} (${kind})`);
      tally[kind] ??= { refused: 0, decoded: 0 };
      tally[kind][result]++;
      n++;
    }
    // every kind of mutation was tried, and the known-bad ones were all refused (checked case by case above)
    expect(Object.keys(tally).sort()).toEqual(Object.keys(MUTATIONS).sort());
    expect(tally.filterType!.decoded + tally.streamLength!.decoded + tally.truncate!.decoded).toBe(0);
  });
});
