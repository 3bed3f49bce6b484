import { validateImageForModel } from './validate-job';
import { validateChains, validateParams, validateSeed } from '../sampler/params';
import { chainRngs } from '../sampler/rng';
import { runSampler } from '../sampler/run-sampler';
import type { Precision } from '../model/card';
import type { Predictor } from '../predictor/predictor';
import type { LoadedInfo, SampleJob, SamplerEvent, SamplerRequest } from './protocol';

export type Send = (event: SamplerEvent) => void;
export type OpenPredictor = (
  modelDir: string,
  backend: LoadedInfo['backend'] | 'auto',
  precision: Precision,
) => Promise<{ predictor: Predictor; reason: string; precision: Precision }>;

/**
 * The sampler process's brain, free of any transport: holds one loaded model, runs sample jobs
 * on it one after another and cancels them. A worker thread or a utilityProcess wraps it.
 */
export function createSamplerService(openPredictor: OpenPredictor) {
  let predictor: Predictor | null = null;
  const running = new Map<number, AbortController>();
  let queue: Promise<void> = Promise.resolve();

  async function load(modelDir: string, backend: LoadedInfo['backend'] | 'auto', precision: Precision, send: Send): Promise<void> {
    try {
      const opened = await openWithFallback(modelDir, backend, precision);
      await predictor?.dispose();
      predictor = opened.predictor;
      send({ type: 'loaded', backend: predictor.backend, reason: opened.reason, card: predictor.card, precision: opened.precision });
    } catch (error) {
      send({ type: 'load-error', message: (error as Error).message });
    }
  }

  /** An int8 graph that does not open (no variant, a broken file) leaves the model usable in fp32, and says why. */
  async function openWithFallback(modelDir: string, backend: LoadedInfo['backend'] | 'auto', precision: Precision) {
    if (precision === 'fp32') return openPredictor(modelDir, backend, precision);
    try {
      return await openPredictor(modelDir, backend, precision);
    } catch (error) {
      const opened = await openPredictor(modelDir, backend, 'fp32');
      return { ...opened, reason: `${opened.reason}; ${precision} graph refused, running fp32: ${(error as Error).message}` };
    }
  }

  async function sample(id: number, job: SampleJob, send: Send, controller: AbortController): Promise<void> {
    try {
      if (!predictor) throw new Error('no model is loaded');
      const model = predictor;
      validateParams(job.params);
      validateChains(job.chains);
      validateSeed(job.seed);
      validateImageForModel(job.image, job.mask, model.card);
      const result = await runSampler((input) => model.predict(input), job.image, job.mask, job.params, {
        rngs: chainRngs(job.seed, job.chains),
        signal: controller.signal,
        onInit: (image, maps) => send({ type: 'init', id, image, maps }),
        onStep: (step) => send({ type: 'step', id, step }),
      });
      send({ type: 'done', id, result });
    } catch (error) {
      send({ type: 'error', id, message: (error as Error).message });
    } finally {
      running.delete(id);
    }
  }

  /** Requests run in arrival order; a cancel acts at once, even on a job still waiting its turn. */
  function handle(request: SamplerRequest, send: Send): void {
    if (request.type === 'cancel') {
      running.get(request.id)?.abort();
      return;
    }
    if (request.type === 'close') {
      running.forEach((c) => c.abort());
      queue = queue.then(close).then(() => send({ type: 'closed' }));
      return;
    }
    if (request.type === 'load') {
      queue = queue.then(() => load(request.modelDir, request.backend, request.precision, send));
      return;
    }
    const controller = new AbortController();
    running.set(request.id, controller);
    queue = queue.then(() => sample(request.id, request.job, send, controller));
  }

  async function close(): Promise<void> {
    await predictor?.dispose();
    predictor = null;
  }

  return { handle };
}
