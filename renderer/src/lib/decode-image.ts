import { MAX_DECODE_SIDE, type RgbaImage } from '../../../electron/core/image/png';

/**
 * Decodes any image the browser can (PNG, JPEG, GIF, WebP, BMP) to straight RGBA. Errors name
 * the file and say what is wrong with it, never only the browser's wording.
 */
export async function decodeImage(name: string, bytes: Uint8Array, type = ''): Promise<RgbaImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), {
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
  } catch (error) {
    throw new Error(`${name}: not an image this app can read, or a damaged one (${(error as Error).message})`);
  }
  try {
    if (bitmap.width > MAX_DECODE_SIDE || bitmap.height > MAX_DECODE_SIDE) {
      throw new Error(`${name}: the image is ${bitmap.width}×${bitmap.height}, larger than the ${MAX_DECODE_SIDE}×${MAX_DECODE_SIDE} this app opens`);
    }
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error(`${name}: no 2D canvas to decode it on (out of memory?)`);
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width: bitmap.width, height: bitmap.height, data: new Uint8Array(data.buffer) };
  } finally {
    bitmap.close();
  }
}
