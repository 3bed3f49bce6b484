/** Worker-thread host of the sampler service: the CLI, the benchmark and the tests run jobs here. */
import { parentPort } from 'node:worker_threads';
import { transferables, type SamplerRequest } from '../core/job/protocol';
import { createSamplerService } from '../core/job/sampler-service';
import { openPredictor } from '../core/predictor/select';

const port = parentPort;
if (!port) throw new Error('sampler-thread must run as a worker thread');
const service = createSamplerService(openPredictor);
port.on('message', (request: SamplerRequest) => {
  service.handle(request, (event) => {
    port.postMessage(event, transferables(event));
    // with the model released, closing the port lets the thread end on its own
    if (event.type === 'closed') port.close();
  });
});
