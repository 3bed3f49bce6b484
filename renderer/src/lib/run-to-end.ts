import type { SampleJob } from '../../../electron/core/job/protocol';
import type { GibbsResult } from '../../../electron/core/sampler/gibbs';
import { api } from './api';
import { followRun } from './sampler-events';

/** Runs one job to its end without showing its frames (sweeps); resolves with the final chains. */
export async function runToEnd(job: SampleJob, onStep?: (n: number, steps: number) => void, signal?: AbortSignal): Promise<GibbsResult> {
  const { runId } = await api().invoke('sampler:start', { job });
  const cancel = () => void api().invoke('sampler:cancel', { runId });
  if (signal?.aborted) cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  return new Promise((resolve, reject) => {
    followRun(runId, (event) => {
      if (event.type === 'step') onStep?.(event.step.n + 1, event.step.steps);
      else if (event.type === 'done') resolve(event.result);
      else if (event.type === 'error') reject(new Error(event.message));
    });
  });
}
