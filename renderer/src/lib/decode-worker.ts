/// <reference lib="webworker" />
/** A Web Worker that decodes an opened image, so a large photo never freezes the page while it decodes. */
import type { DeepDecode } from '../../../electron/core/image/png';
import { decodeImage } from './decode-image';

export interface DecodeJob {
  name: string;
  bytes: Uint8Array;
  type: string;
}

export type DecodeReply = { type: 'done'; image: DeepDecode } | { type: 'error'; message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async ({ data: { name, bytes, type } }: MessageEvent<DecodeJob>) => {
  try {
    const image = await decodeImage(name, bytes, type);
    // the pixels move to the page; no copy of a photo's worth of bytes
    scope.postMessage({ type: 'done', image } satisfies DecodeReply, [image.rgba.data.buffer, ...(image.rgba16 ? [image.rgba16.buffer] : [])]);
  } catch (error) {
    scope.postMessage({ type: 'error', message: (error as Error).message } satisfies DecodeReply);
  }
};
