import { describe, expect, it } from 'vitest';
import { encodeGif } from './gif';
import { ImageError } from './image-error';
import { imageSize, sniffFormat } from './image-size';
import { encodePng } from './png-encode';

const bytes = (...parts: Array<number[] | string>) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const u16be = (n: number) => [n >> 8, n & 255];
const u16le = (n: number) => [n & 255, n >> 8];
const u32le = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24];

/** A JPEG's first bytes: SOI, a JFIF APP0, a fill byte, a DQT stub, then a baseline frame header. */
const jpeg = (width: number, height: number, sof = 0xc0) =>
  bytes([0xff, 0xd8], [0xff, 0xe0, 0, 16], 'JFIF\0', [1, 1, 0, 0, 1, 0, 1, 0, 0], [0xff, 0xff, 0xdb, 0, 4, 0, 0], [0xff, sof, 0, 17, 8], u16be(height), u16be(width), [3, 1, 0x22, 0]);

const riff = (chunk: string, data: number[]) => bytes('RIFF', u32le(4 + 8 + data.length), 'WEBP', chunk, u32le(data.length), data);

describe('imageSize reads the size from the header alone', () => {
  it('PNG, from IHDR', () => {
    expect(imageSize(encodePng({ width: 3, height: 2, data: new Uint8Array(24) }), 'a.png')).toEqual({ format: 'png', width: 3, height: 2 });
  });

  it('JPEG, from the first frame header past APP segments and fill bytes (progressive too)', () => {
    expect(imageSize(jpeg(640, 480), 'a.jpg')).toEqual({ format: 'jpeg', width: 640, height: 480 });
    expect(imageSize(jpeg(30000, 20000, 0xc2), 'a.jpg')).toEqual({ format: 'jpeg', width: 30000, height: 20000 });
  });

  it('GIF, its screen grown to the first frame (a small screen cannot hide a huge frame)', () => {
    const gif = encodeGif([{ width: 5, height: 3, data: new Uint8Array(60).fill(255) }], 100);
    expect(imageSize(gif, 'a.gif')).toEqual({ format: 'gif', width: 5, height: 3 });
    const lying = gif.slice();
    lying.set([...u16le(1), ...u16le(1)], 6); // the screen says 1×1; the frame is still 5×3
    expect(imageSize(lying, 'a.gif')).toEqual({ format: 'gif', width: 5, height: 3 });
  });

  it('WebP, lossy, lossless and extended', () => {
    expect(imageSize(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, ...u16le(300), ...u16le(200), 0, 0]), 'a.webp')).toEqual({ format: 'webp', width: 300, height: 200 });
    const bits = (300 - 1) | ((200 - 1) << 14);
    expect(imageSize(riff('VP8L', [0x2f, ...u32le(bits), 0, 0, 0, 0, 0]), 'a.webp')).toEqual({ format: 'webp', width: 300, height: 200 });
    expect(imageSize(riff('VP8X', [0, 0, 0, 0, ...u32le(16383 - 1).slice(0, 3), ...u32le(20000 - 1).slice(0, 3)]), 'a.webp')).toEqual({ format: 'webp', width: 16383, height: 20000 });
  });

  it('BMP, bottom-up and top-down', () => {
    const bmp = (width: number, height: number) => bytes('BM', u32le(0), u32le(0), u32le(54), u32le(40), u32le(width), u32le(height >>> 0), [1, 0, 24, 0]);
    expect(imageSize(bmp(7, 9), 'a.bmp')).toEqual({ format: 'bmp', width: 7, height: 9 });
    expect(imageSize(bmp(7, -9), 'a.bmp')).toEqual({ format: 'bmp', width: 7, height: 9 });
  });

  it('refuses other formats and headers too short to hold a size, naming the file', () => {
    expect(sniffFormat(bytes('II*\0'))).toBeNull();
    expect(() => imageSize(bytes('II*\0', [8, 0, 0, 0]), 'scan.tif')).toThrow(/^scan.tif: not an image this app can read \(PNG, JPEG, GIF, WebP or BMP\)$/);
    expect(() => imageSize(jpeg(640, 480).subarray(0, 30), 'cut.jpg')).toThrow(ImageError);
    expect(() => imageSize(jpeg(640, 480).subarray(0, 30), 'cut.jpg')).toThrow(/^cut.jpg: JPEG header is damaged or truncated/);
    expect(() => imageSize(bytes('GIF89a', [1, 0]), 'cut.gif')).toThrow(/^cut.gif: GIF header is damaged/);
    expect(() => imageSize(bytes([0xff, 0xd8, 0xff, 0xda, 0, 2, 0, 0, 0, 0]), 'scan.jpg')).toThrow(/^scan.jpg: JPEG header is damaged/);
  });
});
