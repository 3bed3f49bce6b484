import { afterEach, describe, expect, it, vi } from 'vitest';
import { ImageError } from '../../../electron/core/image/image-error';
import { sniffFormat } from '../../../electron/core/image/image-size';
import { decodePng, decodePngDeep } from '../../../electron/core/image/png';
import { badPngCases, grey28 } from '../../../electron/core/image/testing/bad-pngs';
import { writePng } from '../../../electron/core/image/testing/png-writer';
import { decodeImage } from './decode-image';

/** A JPEG's first bytes up to a baseline frame header of the given size. */
const jpeg = (width: number, height: number) => Uint8Array.from([0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x22, 0]);

describe('decodeImage (the app) opens images under the CLI rules', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('decodes a PNG with the CLI decoder, never the browser', async () => {
    const createImageBitmap = vi.fn();
    vi.stubGlobal('createImageBitmap', createImageBitmap);
    const bytes = writePng(grey28);
    expect(await decodeImage('a.png', bytes)).toEqual({ rgba: decodePng(bytes, 'a.png') });
    expect(createImageBitmap).not.toHaveBeenCalled();
  });

  it('keeps a 16-bit PNG\'s own samples as RGBA16 beside its RGBA8', async () => {
    const bytes = writePng({ width: 2, height: 1, colourType: 6, bitDepth: 16, samples: [0x1201, 0x3402, 0x5603, 0xff04, 0, 1, 2, 0xffff] });
    expect(await decodeImage('deep.png', bytes)).toEqual(decodePngDeep(bytes, 'deep.png'));
    expect([...(await decodeImage('deep.png', bytes)).rgba16!]).toEqual([0x1201, 0x3402, 0x5603, 0xff04, 0, 1, 2, 0xffff]);
  });

  it('names a PNG cut off after its signature as the CLI does', async () => {
    const cut = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0]);
    await expect(decodeImage('broken.png', cut)).rejects.toThrow(/^broken.png: PNG is truncated \(no IEND chunk\)$/);
  });

  it.each(badPngCases().filter((c) => sniffFormat(c.bytes) === 'png'))('refuses the corpus PNG "$name" as the CLI does', async ({ bytes, fault }) => {
    await expect(decodeImage('in.png', bytes)).rejects.toThrow(ImageError);
    await expect(decodeImage('in.png', bytes)).rejects.toThrow(`in.png: `);
    await expect(decodeImage('in.png', bytes)).rejects.toThrow(fault);
  });

  it('budgets another format by its header before the browser decodes it', async () => {
    const createImageBitmap = vi.fn(() => Promise.reject(new Error('')));
    vi.stubGlobal('createImageBitmap', createImageBitmap);
    await expect(decodeImage('huge.jpg', jpeg(8000, 8000))).rejects.toThrow(/^huge.jpg: image is 8000×8000, 64.0 megapixels, more than/);
    await expect(decodeImage('wide.jpg', jpeg(9000, 10))).rejects.toThrow(/^wide.jpg: image is 9000×10, larger than the 8192×8192/);
    expect(createImageBitmap).not.toHaveBeenCalled();
    await expect(decodeImage('ok.jpg', jpeg(640, 480))).rejects.toThrow(/^ok.jpg: a damaged JPEG \(the browser cannot decode it\)$/);
    expect(createImageBitmap).toHaveBeenCalledOnce();
  });

  it('refuses a format it cannot budget, naming the file', async () => {
    await expect(decodeImage('doc.png', badPngCases().find((c) => c.name === 'not a PNG')!.bytes)).rejects.toThrow(/^doc.png: not an image this app can read/);
    await expect(decodeImage('scan.tif', Uint8Array.from([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]))).rejects.toThrow(/^scan.tif: not an image this app can read/);
  });
});
