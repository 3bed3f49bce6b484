import { ModelFormatError } from '../model/errors';
import { loadModelFolder, probeSize, type LoadedModel } from '../model/load';
import { BACKEND_NAMES, type BackendName, type Predictor } from './predictor';

/** A predictor and a line saying why its backend was chosen (for the status bar and the CLI). */
export interface OpenedPredictor {
  readonly predictor: Predictor;
  readonly backend: BackendName;
  readonly reason: string;
}

export interface PredictorOptions {
  /** A backend, or 'auto' (the default) for the fastest one that runs here. */
  readonly backend?: BackendName | 'auto';
  /** Where GIBBS_BACKEND is read from; process.env by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface BackendAvailability {
  readonly name: BackendName;
  readonly available: boolean;
  /** What loaded, or why it cannot run here. */
  readonly reason: string;
}

/** A requested backend that cannot run here; the message says why. */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
}

/** Fastest first: a GPU, then onnxruntime's tuned CPU kernels, TensorFlow's CPU kernels, wasm. */
export const AUTO_ORDER: readonly BackendName[] = ['tfjs-node-gpu', 'onnxruntime', 'tfjs-node', 'wasm'];

/**
 * Load the model folder and open it on a backend: a named `options.backend`, else env
 * GIBBS_BACKEND (so an 'auto' option still lets the env var decide), else 'auto': the first of
 * AUTO_ORDER that loads. The opened predictor runs one probe pass. Rejects with the model
 * folder's error (from the loader or the probe), or BackendUnavailableError.
 */
export async function createPredictor(modelDir: string, options: PredictorOptions = {}): Promise<OpenedPredictor> {
  const { request, source } = backendRequest(options);
  const model = await loadModelFolder(modelDir);
  if (request !== 'auto') {
    try {
      const predictor = await openOn(model, request);
      return { predictor, backend: request, reason: `${request}: requested by ${source}` };
    } catch (error) {
      if (error instanceof ModelFormatError) throw error;
      throw new BackendUnavailableError(`backend "${request}" was requested by ${source} but cannot run here: ${message(error)}`);
    }
  }
  return openAuto(model);
}

/** The sampler service's signature. */
export const openPredictor = (modelDir: string, backend: BackendName | 'auto'): Promise<OpenedPredictor> =>
  createPredictor(modelDir, { backend });

async function openAuto(model: LoadedModel): Promise<OpenedPredictor> {
  const skipped: string[] = [];
  for (const backend of AUTO_ORDER) {
    try {
      const predictor = await openOn(model, backend);
      const why = skipped.length === 0 ? 'the first choice' : `skipped ${skipped.join('; ')}`;
      return { predictor, backend, reason: `${backend}: auto (${why})` };
    } catch (error) {
      if (error instanceof ModelFormatError) throw error; // the model is at fault, not the backend
      skipped.push(`${backend}: ${message(error)}`);
    }
  }
  throw new BackendUnavailableError(`no backend can run here: ${skipped.join('; ')}`);
}

/** Opens `model` on `backend` and runs the probe pass; a failed probe frees the predictor. */
async function openOn(model: LoadedModel, backend: BackendName): Promise<Predictor> {
  const predictor = await construct(model, backend);
  try {
    await probePass(predictor);
    return predictor;
  } catch (error) {
    await predictor.dispose();
    throw error;
  }
}

/** Backends are imported lazily, so a missing native library only rules out its own backend. */
async function construct(model: LoadedModel, backend: BackendName): Promise<Predictor> {
  if (backend === 'onnxruntime') {
    const { createOnnxRuntimePredictor } = await import('./onnxruntime');
    return createOnnxRuntimePredictor(model);
  }
  const { createTfjsPredictor } = await import('./tfjs');
  return createTfjsPredictor(model, backend);
}

/**
 * One real pass at the loader's probe size, every value unknown: the predictor checks the
 * logits it gets against the card (serial.ts), so a net whose real output differs from what
 * the loader's shape pass expects is refused at load, not after sampling with it.
 */
async function probePass(predictor: Predictor): Promise<void> {
  const { batch, height, width } = probeSize(predictor.card);
  const count = batch * height * width * predictor.card.channels;
  await predictor.predict({ levels: new Uint8Array(count), known: new Uint8Array(count), batch, height, width });
}

function backendRequest(options: PredictorOptions): { request: BackendName | 'auto'; source: string } {
  const fromEnv = (options.env ?? process.env)['GIBBS_BACKEND'];
  const [value, source] =
    options.backend !== undefined && options.backend !== 'auto'
      ? [options.backend, 'the backend option']
      : fromEnv
        ? [fromEnv, 'GIBBS_BACKEND']
        : ['auto', 'default'];
  return { request: parseBackendName(value, source), source };
}

/** Validate a backend name from outside (option, env var, CLI flag). */
export function parseBackendName(value: string, source = 'backend'): BackendName | 'auto' {
  if (value === 'auto') return value;
  const name = BACKEND_NAMES.find((b) => b === value);
  if (!name) throw new RangeError(`unknown backend "${value}" from ${source}; valid: auto, ${BACKEND_NAMES.join(', ')}`);
  return name;
}

/** Which backends run in this process, and why not where they don't. */
export async function availableBackends(): Promise<BackendAvailability[]> {
  const results: BackendAvailability[] = [];
  for (const name of AUTO_ORDER) {
    try {
      results.push({ name, available: true, reason: await probe(name) });
    } catch (error) {
      results.push({ name, available: false, reason: message(error) });
    }
  }
  return results;
}

async function probe(name: BackendName): Promise<string> {
  // loaded only when asked for: tfjs-core alone takes longer to load than an onnxruntime session to open
  if (name !== 'onnxruntime') return (await import('./tfjs-engine')).loadTfjsBackend(name);
  await import('onnxruntime-node');
  return 'onnxruntime-node (CPU)';
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
