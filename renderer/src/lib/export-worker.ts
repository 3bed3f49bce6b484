/// <reference lib="webworker" />
/** A Web Worker that renders and encodes chain animations, so a long export never blocks the UI thread. */
import { animationFrames, encodeAnimation, type AnimationRequest } from './export-encode';

export interface AnimationJob extends AnimationRequest {
  kind: 'gif' | 'apng';
}

export type AnimationReply = { type: 'progress'; fraction: number } | { type: 'done'; bytes: Uint8Array } | { type: 'error'; message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<AnimationJob>) => {
  const job = event.data;
  const reply = (message: AnimationReply, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
  try {
    const frames = await animationFrames(job, (fraction) => reply({ type: 'progress', fraction: fraction * 0.7 }));
    reply({ type: 'progress', fraction: 0.75 });
    const bytes = encodeAnimation(job.kind, frames, job.fps);
    reply({ type: 'done', bytes }, [bytes.buffer]);
  } catch (error) {
    reply({ type: 'error', message: (error as Error).message });
  }
};
