/**
 * utilityProcess host of the sampler service (Electron). Requests come from main over the parent
 * port; model load replies and job ends go back to main, while frames go straight to the renderer
 * over the MessagePortMain main hands us, so big frame buffers never pass through the main process.
 */
import type { MessagePortMain } from 'electron';
import type { SamplerEvent, SamplerRequest } from '../core/job/protocol';
import { createSamplerService } from '../core/job/sampler-service';
import { openPredictor } from '../core/predictor/select';

/** Main → utility: a sampler request, or the renderer's port (sent again after each reload). */
export type UtilityMessage = { type: 'request'; request: SamplerRequest } | { type: 'renderer-port' };

/** Utility → main: load replies, and that a job ended (main counts the window's open jobs; frames skip it). */
export type UtilityReply = Extract<SamplerEvent, { type: 'loaded' | 'load-error' }> | { type: 'ended'; id: number };

const service = createSamplerService(openPredictor);
let rendererPort: MessagePortMain | null = null;

const toMain = (reply: UtilityReply) => process.parentPort.postMessage(reply);

function route(event: SamplerEvent): void {
  if (event.type === 'loaded' || event.type === 'load-error') return toMain(event);
  rendererPort?.postMessage(event);
  if (event.type === 'done' || event.type === 'error') toMain({ type: 'ended', id: event.id });
}

process.parentPort.on('message', ({ data, ports }) => {
  const message = data as UtilityMessage;
  if (message.type === 'renderer-port') {
    rendererPort?.close();
    rendererPort = ports[0] ?? null;
    rendererPort?.start();
    return;
  }
  service.handle(message.request, route);
});
