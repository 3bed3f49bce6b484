import type { AnimationJob, AnimationReply } from './export-worker';

/** Runs one animation export on a fresh Web Worker; `onProgress` gets 0…1. The worker ends with the job. */
export function encodeAnimationInWorker(job: AnimationJob, onProgress: (fraction: number) => void): Promise<Uint8Array> {
  const worker = new Worker(new URL('./export-worker.ts', import.meta.url), { type: 'module' });
  return new Promise<Uint8Array>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<AnimationReply>) => {
      const reply = event.data;
      if (reply.type === 'progress') onProgress(reply.fraction);
      else if (reply.type === 'done') resolve(reply.bytes);
      else reject(new Error(reply.message));
    };
    worker.onerror = (event) => reject(new Error(event.message || 'the export worker failed'));
    worker.postMessage(job); // structured clone: the chain's frames stay with the chain store
  }).finally(() => worker.terminate());
}
