/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

/**
 * The sampler core (type-only imports pull it into this check) yields with setImmediate where it
 * exists; the renderer never runs it, so the Node global is declared rather than Node's types added.
 */
declare function setImmediate(callback: () => void): unknown;
