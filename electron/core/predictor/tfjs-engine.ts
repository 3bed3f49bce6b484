import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

/** The tfjs backends a predictor can run on; 'cpu' (pure JS) is a slow fallback for tests. */
export type TfjsBackend = 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu';

/** The tfjs-core backend name each one registers. */
export const TFJS_ENGINE: Readonly<Record<TfjsBackend, string>> = {
  'tfjs-node-gpu': 'tensorflow',
  'tfjs-node': 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

const NODE_PACKAGE = { 'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu', 'tfjs-node': '@tensorflow/tfjs-node' } as const;

const loading = new Map<TfjsBackend, Promise<string>>();

/**
 * Register and initialise a tfjs backend, once per process. Resolves to a line saying what was
 * loaded; rejects with the reason it cannot run here. tfjs-node-gpu must also see a GPU.
 */
export function loadTfjsBackend(backend: TfjsBackend): Promise<string> {
  let promise = loading.get(backend);
  if (!promise) {
    promise = register(backend).then(async (detail) => {
      await activate(backend);
      return detail;
    });
    loading.set(backend, promise);
  }
  return promise;
}

/** Make `backend` tfjs's current backend (tfjs has one global engine). */
export async function activate(backend: TfjsBackend): Promise<void> {
  const engine = TFJS_ENGINE[backend];
  if (tf.getBackend() === engine) return;
  if (!(await tf.setBackend(engine))) throw new Error(`tfjs could not initialise its "${engine}" backend`);
}

async function register(backend: TfjsBackend): Promise<string> {
  if (backend === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
    return 'tfjs pure-JS cpu backend';
  }
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // in Node the .wasm binaries are read from the package's dist folder
    const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${path.dirname(entry)}${path.sep}`);
    return `tfjs wasm backend (${path.dirname(entry)})`;
  }
  return registerNode(backend);
}

async function registerNode(backend: 'tfjs-node-gpu' | 'tfjs-node'): Promise<string> {
  const name: string = NODE_PACKAGE[backend];
  try {
    // optional dependency: a variable specifier keeps bundlers and tsc from requiring it
    await import(name);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND';
    throw new Error(missing ? `${name} is not installed` : `${name} failed to load its native library (${firstLine(error)})`);
  }
  const engine = tf.findBackend('tensorflow') as { isUsingGpuDevice?: unknown } | null;
  if (!engine) throw new Error(`${name} loaded but registered no "tensorflow" backend`);
  if (backend === 'tfjs-node-gpu' && engine.isUsingGpuDevice !== true) {
    throw new Error(`${name} loaded but TensorFlow sees no CUDA GPU`);
  }
  return backend === 'tfjs-node-gpu' ? `${name} on a CUDA GPU` : `${name} (TensorFlow C library, CPU)`;
}

const firstLine = (error: unknown): string => String(error instanceof Error ? error.message : error).split('\n')[0] ?? '';
