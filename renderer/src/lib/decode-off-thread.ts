import type { DeepDecode } from '../../../electron/core/image/png';
import { decodeImage } from './decode-image';
import type { DecodeJob, DecodeReply } from './decode-worker';

/**
 * `decodeImage` on a fresh Web Worker (createImageBitmap and OffscreenCanvas work there), the
 * pixels transferred back: the page stays responsive while a large photo decodes, and hears how far
 * it is (`onProgress`, 0–1, PNG only). Where there are no workers (unit tests) it decodes in place.
 */
export function decodeOffThread(name: string, bytes: Uint8Array, type = '', onProgress?: (fraction: number) => void): Promise<DeepDecode> {
  if (typeof Worker === 'undefined') return decodeImage(name, bytes, type, onProgress && ((rows, total) => onProgress(rows / total)));
  const worker = new Worker(new URL('./decode-worker.ts', import.meta.url), { type: 'module' });
  return new Promise<DeepDecode>((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<DecodeReply>) => {
      if (data.type === 'progress') onProgress?.(data.fraction);
      else if (data.type === 'done') resolve(data.image);
      else reject(new Error(data.message));
    };
    worker.onerror = (event) => reject(new Error(`${name}: the decoder failed (${event.message || 'the worker did not start'})`));
    worker.postMessage({ name, bytes, type } satisfies DecodeJob); // a copy: the caller keeps its bytes
  }).finally(() => worker.terminate());
}
