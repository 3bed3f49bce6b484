import type { Api } from '../../../electron/core/ipc/contract';

/** The typed API the preload (or the e2e bridge) put on window; read lazily so tests can stub it. */
export function api(): Api {
  const exposed = (globalThis as { api?: Api }).api;
  if (!exposed) throw new Error('window.api is missing: the preload did not run');
  return exposed;
}
