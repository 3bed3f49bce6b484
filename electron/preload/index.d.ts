import type { Api } from '../core/ipc/contract';

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or the e2e bridge (browser). */
    readonly api: Api;
  }
}

export {};
