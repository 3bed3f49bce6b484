import { checkDecodeSize } from '../../../electron/core/image/decode-limits';
import { ImageError } from '../../../electron/core/image/image-error';
import { imageSize, sniffFormat } from '../../../electron/core/image/image-size';
import { decodePngDeep, type DecodeProgress, type DeepDecode } from '../../../electron/core/image/png';

/**
 * Decodes an image to straight RGBA under the CLI's rules. A PNG goes through the same strict
 * decoder as the CLI (header, pixel budget, exact length, filters, palette), so both open and
 * refuse the same files and get the same pixels. Other formats (JPEG, GIF, WebP, BMP) have their
 * size read from the header and budgeted before the browser decodes them. Errors name the file
 * and say what is wrong with it, never only the browser's wording. A 16-bit PNG also keeps its
 * own samples as RGBA16, so a PNG export can write them back bit for bit. A PNG reports
 * `progress` row by row; the browser's decoders report none.
 */
export async function decodeImage(name: string, bytes: Uint8Array, type = '', progress?: DecodeProgress): Promise<DeepDecode> {
  if (sniffFormat(bytes) === 'png') return decodePngDeep(bytes, name, progress);
  const { format, width, height } = imageSize(bytes, name);
  checkDecodeSize(width, height, name);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), {
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
  } catch (error) {
    throw new ImageError(`${name}: a damaged ${format.toUpperCase()} (${(error as Error).message || 'the browser cannot decode it'})`);
  }
  try {
    checkDecodeSize(bitmap.width, bitmap.height, name); // as decoded: EXIF may turn it, and a header may lie
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error(`${name}: no 2D canvas to decode it on (out of memory?)`);
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return { rgba: { width: bitmap.width, height: bitmap.height, data: new Uint8Array(data.buffer) } };
  } finally {
    bitmap.close();
  }
}
