import { PNG } from 'pngjs';
import UPNG from 'upng-js';
import { describe, expect, it } from 'vitest';
import { createRng } from '../sampler/rng';
import { decodePng, decodePngDeep, ImageError, MAX_DECODE_SIDE, MAX_TEXT_CHUNK_BYTES, readPngText, type RgbaImage } from './png';
import { chunk, crc32 } from './png-chunks';
import { encodeApng, encodePng } from './png-encode';
import { badPngCases, grey28, withBigChunk, zeroPng } from './testing/bad-pngs';
import { expectCleanRefusal } from './testing/expect-refusal';
import { chunkOffsets, fixCrc, joinChunks, splitChunks, writePng } from './testing/png-writer';
import { DEPTHS, expectedRgba, expectedRgba16, randomSpec } from './testing/random-pngs';

const tiny: RgbaImage = { width: 3, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => (i * 37) % 256) };

function refusal(bytes: Uint8Array, name: string): ImageError {
  try {
    decodePng(bytes, name);
  } catch (error) {
    expectCleanRefusal(error, name);
    return error as ImageError;
  }
  throw new Error(`${name} decoded`);
}

describe('PNG codec', () => {
  it('round-trips RGBA pixels losslessly and carries tEXt chunks', () => {
    const bytes = encodePng(tiny, { 'gibbs-inpaint': '{"temperature":0.5}', Software: 'Gibbs Inpaint' });
    expect(decodePng(bytes)).toEqual(tiny);
    expect(readPngText(bytes)).toEqual({ 'gibbs-inpaint': '{"temperature":0.5}', Software: 'Gibbs Inpaint' });
  });

  it('names a file that is not a PNG', () => {
    expect(() => decodePng(new TextEncoder().encode('GIF89a...'), 'cat.png')).toThrow(/cat.png: not a PNG file/);
  });

  it('names a truncated PNG', () => {
    const bytes = encodePng(tiny);
    expect(() => decodePng(bytes.subarray(0, bytes.length - 20), 'cut.png')).toThrow(/cut.png: PNG is truncated/);
  });

  it('names a corrupt PNG by its CRC', () => {
    const bytes = encodePng(tiny);
    const idat = chunkOffsets(bytes).find((c) => c.type === 'IDAT')!;
    bytes[idat.at + 10] ^= 0xff; // inside IDAT's data
    expect(() => decodePng(bytes, 'bad.png')).toThrow(ImageError);
    expect(() => decodePng(bytes, 'bad.png')).toThrow(/bad.png: PNG is corrupt \(IDAT chunk CRC mismatch/);
  });

  it('opens an APNG as its still image without inflating the animation frames', () => {
    const frames = [0, 1, 2].map((f) => ({ width: 4, height: 3, data: Uint8Array.from({ length: 48 }, (_, i) => (i % 4 === 3 ? 255 : (i * 11 + f * 50) % 256)) }));
    const bytes = encodeApng(frames, 100);
    expect(decodePng(bytes)).toEqual(frames[0]);
    // garbage in every later frame's data (with valid CRCs) does not matter: it is never inflated
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let damaged = 0;
    for (let at = 8; at < bytes.length; ) {
      const length = view.getUint32(at);
      if (String.fromCharCode(...bytes.subarray(at + 4, at + 8)) === 'fdAT') {
        bytes.fill(0xab, at + 12, at + 8 + length); // keep the 4-byte sequence number
        view.setUint32(at + 8 + length, crc32(bytes.subarray(at + 4, at + 8 + length)));
        damaged++;
      }
      at += 12 + length;
    }
    expect(damaged).toBe(2);
    expect(decodePng(bytes)).toEqual(frames[0]);
  });

  it('refuses a huge image before inflating it', () => {
    const bytes = encodePng(tiny);
    const view = new DataView(bytes.buffer);
    view.setUint32(16, MAX_DECODE_SIDE + 1); // IHDR width; fix its CRC so only the size is wrong
    view.setUint32(29, crc32(bytes.subarray(12, 29)));
    expect(() => decodePng(bytes, 'big.png')).toThrow(/big.png: image is 8193×2, larger than/);
  });
});

describe('decodePng refuses the corpus of bad PNGs, each with one line naming the file and the fault', () => {
  it.each(badPngCases())('$name', ({ bytes, fault }) => {
    expect(refusal(bytes, 'in.png').message).toContain(`in.png: `);
    expect(refusal(bytes, 'in.png').message).toContain(fault);
  });
});

describe('decodePng bounds its cost', () => {
  it('inflates a bomb of a decodable size to exactly its pixels (the corpus bomb is the same stream, larger)', () => {
    const bomb = decodePng(zeroPng(300, 200));
    expect([bomb.width, bomb.height, bomb.data.length, bomb.data.every((v) => v === 0)]).toEqual([300, 200, 300 * 200 * 4, true]);
    expect(decodePng(zeroPng(97, 3, 1, 0)).data.every((v, i) => v === (i % 4 === 3 ? 255 : 0))).toBe(true);
  });

  it('stops inflating at the length the header gives: a stream of 500 MB in a 64×64 header is refused', () => {
    const bomb = splitChunks(zeroPng(8192, 8192, 8, 6));
    bomb[0] = { type: 'IHDR', data: splitChunks(zeroPng(64, 64, 8, 6))[0]!.data };
    const before = process.memoryUsage().arrayBuffers;
    expect(refusal(joinChunks(bomb), 'bomb.png').message).toContain('more pixel data than its 64×64 header describes');
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16e6); // the file itself is 3.4 MB
  });

  it('skips a 200 MB ancillary chunk unread: the image decodes and nothing near its size is allocated', () => {
    const good = writePng(grey28);
    const big = withBigChunk(good, 200e6); // untouched zeros with a zero CRC: any read of it would fail the CRC
    const before = process.memoryUsage().arrayBuffers;
    expect(decodePng(big)).toEqual(decodePng(good));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16e6);
  });

  it('skips an ancillary chunk with a wrong CRC, as libpng does; a critical one is refused', () => {
    const good = writePng({ ...grey28, extraChunks: [chunk('zzZz', Uint8Array.of(1, 2, 3))] });
    const zz = chunkOffsets(good).find((c) => c.type === 'zzZz')!;
    const bad = good.slice();
    bad[zz.at + 9] ^= 1;
    expect(decodePng(bad)).toEqual(decodePng(good));
  });
});

describe('decodePng decodes every kind of valid PNG exactly', () => {
  const combos = Object.entries(DEPTHS).flatMap(([type, depths]) => depths.map((depth) => [Number(type), depth] as const));

  it.each(combos)('colour type %i at %i bits, plain and interlaced, every filter: as worked out from the samples, and as pngjs reads it', (type, depth) => {
    const rng = createRng(type * 100 + depth);
    for (let i = 0; i < 12; i++) {
      const spec = randomSpec(rng, type, depth);
      const bytes = writePng(spec);
      const decoded = decodePng(bytes, 'x.png');
      expect(decoded).toEqual({ width: spec.width, height: spec.height, data: expectedRgba(spec) });
      const reference = PNG.sync.read(Buffer.from(bytes), { skipRescale: depth === 16 });
      const ref = depth === 16 ? Uint8Array.from(reference.data, (v) => v >> 8) : reference.data;
      const keyed = spec.transparency && type !== 3; // pngjs blacks out a tRNS colour; browsers and libpng keep its RGB
      const ours = decoded.data.map((v, j) => (keyed && decoded.data[j - (j % 4) + 3] === 0 ? 0 : v));
      expect([...ours]).toEqual([...ref]);
    }
  });

  it('ignores palette indices in the padding bits at the end of a row', () => {
    const spec = { width: 3, height: 2, colourType: 3, bitDepth: 2, palette: [9, 9, 9, 7, 7, 7], samples: [0, 1, 0, 1, 0, 1] };
    const bytes = writePng({ ...spec, editStream: (s) => s.map((v, i) => (i % 2 === 1 ? v | 0b11 : v)) }); // the 4th 2-bit slot of each row: index 3
    expect(decodePng(bytes).data).toEqual(expectedRgba(spec));
  });

  it('reads IDAT split into 1-byte chunks and empty ones', () => {
    const chunks = splitChunks(writePng({ ...grey28, idatSize: 1 }));
    const withEmpty = chunks.flatMap((c) => (c.type === 'IDAT' ? [c, { type: 'IDAT', data: new Uint8Array(0) }] : [c]));
    expect(decodePng(joinChunks(withEmpty)).data).toEqual(expectedRgba(grey28));
  });

  it('takes the high byte of a 16-bit sample, as libpng and browsers do', () => {
    const spec = { width: 2, height: 1, colourType: 0, bitDepth: 16, samples: [0x12ff, 0xfe01] };
    expect([...decodePng(writePng(spec)).data]).toEqual([0x12, 0x12, 0x12, 255, 0xfe, 0xfe, 0xfe, 255]);
  });

  it.each([0, 2, 4, 6])('keeps a 16-bit colour type %i image\'s own samples as RGBA16 (tRNS alpha too), its RGBA8 as decodePng gives it', (type) => {
    const rng = createRng(1600 + type);
    for (let i = 0; i < 12; i++) {
      const spec = randomSpec(rng, type, 16);
      const bytes = writePng(spec);
      const { rgba, rgba16 } = decodePngDeep(bytes, 'x.png');
      expect(rgba).toEqual(decodePng(bytes, 'x.png'));
      expect(rgba16).toEqual(expectedRgba16(spec));
      expect(rgba16!.every((v, j) => v >> 8 === rgba.data[j])).toBe(true); // the 8 bits are the 16's top byte, alpha included
    }
  });

  it('keeps no RGBA16 for an image of 8 bits or fewer', () => {
    for (const [type, depth] of [[0, 8], [0, 4], [3, 8], [6, 8]] as const) {
      const spec = randomSpec(createRng(type + depth), type, depth);
      expect(decodePngDeep(writePng(spec))).toEqual({ rgba: decodePng(writePng(spec)) });
    }
  });

  it('refuses a broken 16-bit PNG with the same line either way', () => {
    const bytes = writePng({ width: 2, height: 2, colourType: 6, bitDepth: 16, samples: Array(16).fill(0x1234), editStream: (s) => s.subarray(0, 20) });
    expect(() => decodePngDeep(bytes, 'cut.png')).toThrow(refusal(bytes, 'cut.png').message);
  });

  it('agrees with upng-js, the decoder it replaced, on what both read right', () => {
    const bytes = encodePng({ width: 20, height: 20, data: Uint8Array.from({ length: 1600 }, (_, i) => (i % 4 === 3 ? 255 : (i * 7919) % 256)) });
    expect([...decodePng(bytes).data]).toEqual([...new Uint8Array(UPNG.toRGBA8(UPNG.decode(bytes.slice().buffer))[0]!)]);
  });
});

describe('readPngText', () => {
  it('reads a long text (no spread of a huge argument list) and skips tEXt past its cap unread', () => {
    const long = 'x'.repeat(300_000);
    const bytes = writePng({ ...grey28, extraChunks: [chunk('tEXt', Uint8Array.from(`k\0${long}`, (c) => c.charCodeAt(0)))] });
    expect(readPngText(bytes)).toEqual({ k: long });
    const huge = withBigChunk(writePng(grey28), MAX_TEXT_CHUNK_BYTES + 1, 'tEXt');
    expect(readPngText(huge)).toEqual({});
  });

  it('refuses a damaged tEXt chunk by its CRC, and one without a keyword', () => {
    const bytes = encodePng(tiny, { Software: 'Gibbs Inpaint' });
    const text = chunkOffsets(bytes).find((c) => c.type === 'tEXt')!;
    const damaged = bytes.slice();
    damaged[text.at + 9] ^= 1;
    expect(() => readPngText(damaged, 'a.png')).toThrow(/a.png: PNG is corrupt \(tEXt chunk CRC mismatch/);
    const keyless = bytes.slice();
    keyless[text.at + 8] = 0;
    fixCrc(keyless, text.at);
    expect(() => readPngText(keyless, 'a.png')).toThrow(/a.png: PNG has a tEXt chunk without a keyword/);
  });
});

describe('encodePng', () => {
  it('writes RGBA when there are more than 256 colours', () => {
    const data = Uint8Array.from({ length: 20 * 20 * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 7919) % 256));
    const image = { width: 20, height: 20, data };
    expect(decodePng(encodePng(image))).toEqual(image);
  });
});

describe('encodePng at 16 bits', () => {
  it('writes RGBA16 as 16-bit RGBA, every sample back bit for bit, with its tEXt', () => {
    const rng = createRng(16);
    const image = { width: 7, height: 5, data: Uint16Array.from({ length: 7 * 5 * 4 }, () => rng.nextInt(65536)) };
    const bytes = encodePng(image, { 'gibbs-inpaint': '{"seed":1}' });
    expect([...bytes.subarray(24, 26)]).toEqual([16, 6]); // IHDR's bit depth and colour type
    expect(decodePngDeep(bytes).rgba16).toEqual(image.data);
    expect(readPngText(bytes)).toEqual({ 'gibbs-inpaint': '{"seed":1}' });
    const reference = PNG.sync.read(Buffer.from(bytes), { skipRescale: true });
    expect([...(reference.data as unknown as Uint16Array)]).toEqual([...image.data]); // pngjs keeps 16-bit samples as they are with skipRescale
  });
});

describe('encodeApng', () => {
  it('stores every frame, each decoding to the pixels it was given', () => {
    const frames = [0, 1, 2].map((f) => ({
      width: 4,
      height: 3,
      data: Uint8Array.from({ length: 48 }, (_, i) => (i % 4 === 3 ? 255 : i === 4 * f ? 200 : 10)),
    }));
    const bytes = encodeApng(frames, 100);
    const decoded = UPNG.decode(bytes.slice().buffer);
    expect(decoded.frames).toHaveLength(3);
    expect(UPNG.toRGBA8(decoded).map((b) => [...new Uint8Array(b)])).toEqual(frames.map((f) => [...f.data]));
  });
});
