import type { SamplerFrameEvent } from '../../../electron/core/ipc/contract';
import { api } from './api';

type Listener = (event: SamplerFrameEvent) => void;

/**
 * Routes sampler events to the run that owns them. Frames can arrive before `sampler:start`
 * resolves with the run id, so events for unknown ids wait here until their owner subscribes.
 */
const owners = new Map<number, Listener>();
const early = new Map<number, SamplerFrameEvent[]>();
let subscribed = false;

function dispatch(event: SamplerFrameEvent): void {
  const owner = owners.get(event.id);
  if (owner) owner(event);
  else early.set(event.id, [...(early.get(event.id) ?? []), event]);
  if (event.type === 'done' || event.type === 'error') owners.delete(event.id);
}

/** The sampler process died: every run still followed ends as an error, and no early frame waits any longer. */
function crashed({ message }: { message: string }): void {
  early.clear();
  for (const id of [...owners.keys()]) dispatch({ type: 'error', id, message: `The sampler stopped unexpectedly (${message}); this run was lost. Start it again to continue.` });
}

function subscribe(): void {
  if (subscribed) return;
  api().on('sampler', dispatch);
  api().on('sampler:crashed', crashed);
  subscribed = true;
}

/** Sends every event of run `id` (also the early ones) to `listener`. */
export function followRun(id: number, listener: Listener): void {
  subscribe();
  owners.set(id, listener);
  const waiting = early.get(id) ?? [];
  early.delete(id);
  waiting.forEach(dispatch);
}

/** Subscribe before the first start, so no early frame is missed. */
export function listenToSampler(): void {
  subscribe();
}
