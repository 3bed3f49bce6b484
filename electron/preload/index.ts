/**
 * Preload: exposes exactly one typed object, `window.api`, through contextBridge. The renderer
 * never sees ipcRenderer; sampler frames arrive on a MessagePort that main hands us.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { Api, EventChannel, Events, SamplerFrameEvent } from '../core/ipc/contract';
import { isRequestChannel } from '../core/ipc/schemas';

const IPC_EVENTS: readonly EventChannel[] = ['menu', 'recent:changed', 'file:opened', 'file:open-failed', 'sampler:crashed', 'training'];
const samplerListeners = new Set<(event: SamplerFrameEvent) => void>();

ipcRenderer.on('sampler:port', (event) => {
  const port = event.ports[0];
  if (!port) return;
  port.onmessage = (message: { data: unknown }) => samplerListeners.forEach((listener) => listener(message.data as SamplerFrameEvent));
  port.start();
});

const api: Api = {
  invoke(channel, req) {
    // only the contract's channels reach ipcRenderer, whatever a compromised page passes
    if (typeof channel !== 'string' || !isRequestChannel(channel)) return Promise.reject(new Error(`unknown request channel ${String(channel)}`));
    return ipcRenderer.invoke(channel, req);
  },
  on<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void) {
    if (channel === 'sampler') {
      const l = listener as (event: SamplerFrameEvent) => void;
      samplerListeners.add(l);
      return () => samplerListeners.delete(l);
    }
    if (!IPC_EVENTS.includes(channel)) throw new Error(`unknown event channel ${channel}`);
    const wrapped = (_event: Electron.IpcRendererEvent, payload: Events[E]) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => ipcRenderer.off(channel, wrapped);
  },
};

contextBridge.exposeInMainWorld('api', api);
