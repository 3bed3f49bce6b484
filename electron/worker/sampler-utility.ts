/**
 * utilityProcess host of the sampler service (Electron). Requests come from main over the parent
 * port; model load replies go back to main, while frames go straight to the renderer over the
 * MessagePortMain main hands us, so big frame buffers never pass through the main process.
 */
import type { MessagePortMain } from 'electron';
import type { SamplerEvent, SamplerRequest } from '../core/job/protocol';
import { createSamplerService } from '../core/job/sampler-service';
import { openPredictor } from '../core/predictor/select';

/** Main → utility: a sampler request, or the renderer's port (sent again after each reload). */
export type UtilityMessage = { type: 'request'; request: SamplerRequest } | { type: 'renderer-port' };

const service = createSamplerService(openPredictor);
let rendererPort: MessagePortMain | null = null;

function route(event: SamplerEvent): void {
  if (event.type === 'loaded' || event.type === 'load-error') process.parentPort.postMessage(event);
  else rendererPort?.postMessage(event);
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
