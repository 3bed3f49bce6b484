import { describe, expect, it } from 'vitest';
import { decodePng, ImageError, MAX_DECODE_SIDE, readPngText, type RgbaImage } from './png';
import { encodeApng, encodePng } from './png-encode';
import UPNG from 'upng-js';
import { crc32 } from './png-chunks';

const tiny: RgbaImage = { width: 3, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => (i * 37) % 256) };

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
    bytes[40] ^= 0xff; // inside IDAT
    expect(() => decodePng(bytes, 'bad.png')).toThrow(ImageError);
    expect(() => decodePng(bytes, 'bad.png')).toThrow(/CRC mismatch/);
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

describe('encodePng', () => {
  it('writes RGBA when there are more than 256 colours', () => {
    const data = Uint8Array.from({ length: 20 * 20 * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 7919) % 256));
    const image = { width: 20, height: 20, data };
    expect(decodePng(encodePng(image))).toEqual(image);
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
