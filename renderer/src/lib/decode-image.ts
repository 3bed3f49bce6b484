import type { RgbaImage } from '../../../electron/core/image/png';

/** Decodes any image the browser can (PNG, JPEG, GIF, WebP, BMP) to straight RGBA. */
export async function decodeImage(bytes: Uint8Array, type = ''): Promise<RgbaImage> {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), {
    premultiplyAlpha: 'none',
    colorSpaceConversion: 'none',
  });
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width: bitmap.width, height: bitmap.height, data: new Uint8Array(data.buffer) };
  } finally {
    bitmap.close();
  }
}
