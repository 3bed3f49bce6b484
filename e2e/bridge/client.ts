/**
 * The browser half of the e2e bridge: the same `Api` the preload exposes, over HTTP (requests) and
 * server-sent events (menu, recent files, sampler frames). Bundled to an IIFE and loaded before the app.
 */
import type { Api, EventChannel, Events } from '../../electron/core/ipc/contract';
import { decode, encode } from './codec';

/** The browser's EventSource, declared here so this file type-checks under the Node config too. */
declare const EventSource: new (url: string) => {
  onmessage: ((message: { data: string }) => void) | null;
  addEventListener(type: 'open', listener: () => void, options?: { once: boolean }): void;
};

type Listener = (payload: never) => void;
const listeners = new Map<EventChannel, Set<Listener>>();
const source = new EventSource('/__bridge/events');
const ready = new Promise<void>((resolve) => source.addEventListener('open', () => resolve(), { once: true }));

source.onmessage = (message) => {
  const { channel, payload } = decode<{ channel: EventChannel; payload: never }>(message.data);
  listeners.get(channel)?.forEach((listener) => listener(payload));
};

const api: Api = {
  async invoke(channel, req) {
    await ready; // frames of a run must not be sent before we listen
    const response = await fetch(`/__bridge/invoke/${channel}`, { method: 'POST', body: encode(req) });
    const body = decode<{ ok: true; value: never } | { ok: false; error: string }>(await response.text());
    if (!body.ok) throw new Error(body.error);
    return body.value;
  },
  on<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void) {
    const set = listeners.get(channel) ?? new Set<Listener>();
    listeners.set(channel, set);
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  },
};

Object.defineProperty(globalThis, 'api', { value: api });
