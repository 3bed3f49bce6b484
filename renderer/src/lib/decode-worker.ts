/// <reference lib="webworker" />
/** A Web Worker that decodes an opened image, so a large photo never freezes the page while it decodes. */
import type { DeepDecode } from '../../../electron/core/image/png';
import { decodeImage } from './decode-image';

export interface DecodeJob {
  name: string;
  bytes: Uint8Array;
  type: string;
}

export type DecodeReply = { type: 'progress'; fraction: number } | { type: 'done'; image: DeepDecode } | { type: 'error'; message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** Rows decoded, posted as a fraction each time it gains a percent (a 3000-row photo: 100 messages, not 3000). */
function progressReporter(): (rows: number, total: number) => void {
  let posted = 0;
  return (rows, total) => {
    const fraction = rows / total;
    if (fraction - posted < 0.01) return;
    posted = fraction;
    scope.postMessage({ type: 'progress', fraction } satisfies DecodeReply);
  };
}

scope.onmessage = async ({ data: { name, bytes, type } }: MessageEvent<DecodeJob>) => {
  try {
    const image = await decodeImage(name, bytes, type, progressReporter());
    // the pixels move to the page; no copy of a photo's worth of bytes
    scope.postMessage({ type: 'done', image } satisfies DecodeReply, [image.rgba.data.buffer, ...(image.rgba16 ? [image.rgba16.buffer] : [])]);
  } catch (error) {
    scope.postMessage({ type: 'error', message: (error as Error).message } satisfies DecodeReply);
  }
};
