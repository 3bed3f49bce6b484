import path from 'node:path';
import type { Precision } from '../model/card';
import { ModelCardError, ModelFormatError, ModelGraphError } from '../model/errors';
import { CARD_FILE, loadModelFolder, probeSize, type LoadedModel } from '../model/load';
import { graphBytes } from '../model/variant';
import { BACKEND_NAMES, type BackendName, type Predictor } from './predictor';

/** A predictor and a line saying why its backend was chosen (for the status bar and the CLI). */
export interface OpenedPredictor {
  readonly predictor: Predictor;
  readonly backend: BackendName;
  readonly reason: string;
  /** The graph that runs: int8 only where it was asked for and the backend is onnxruntime. */
  readonly precision: Precision;
}

export interface PredictorOptions {
  /** A backend, or 'auto' (the default) for the fastest one that runs here. */
  readonly backend?: BackendName | 'auto';
  /** Where GIBBS_BACKEND is read from; process.env by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The graph onnxruntime runs: model.onnx ('fp32', the default) or the card's int8 variant. A
   * card without the variant, or a broken variant file, is refused (ModelFormatError); the tfjs
   * backends always run model.onnx, and the reason says so.
   */
  readonly precision?: Precision;
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
  const precision = options.precision ?? 'fp32';
  const model = await loadModelFolder(modelDir);
  if (precision !== 'fp32' && !model.card.variants[precision]) {
    throw new ModelCardError(path.join(modelDir, CARD_FILE), `variants.${precision}`, `is missing: model "${model.card.id}" has no ${precision} graph (use fp32)`);
  }
  if (request !== 'auto') {
    try {
      const opened = await openOn(model, request, precision);
      return { ...opened, backend: request, reason: `${request}: requested by ${source}${precisionNote(request, precision)}` };
    } catch (error) {
      if (error instanceof ModelFormatError) throw error;
      throw new BackendUnavailableError(`backend "${request}" was requested by ${source} but cannot run here: ${message(error)}`);
    }
  }
  return openAuto(model, precision);
}

/** The sampler service's signature. */
export const openPredictor = (modelDir: string, backend: BackendName | 'auto', precision: Precision = 'fp32'): Promise<OpenedPredictor> =>
  createPredictor(modelDir, { backend, precision });

/** Said once, in the reason: only onnxruntime runs the int8 graph. */
function precisionNote(backend: BackendName, precision: Precision): string {
  if (precision === 'fp32') return '';
  return backend === 'onnxruntime' ? `; ${precision} graph` : `; ${precision} graph ignored (only onnxruntime runs it; ${backend} runs model.onnx, fp32)`;
}

async function openAuto(model: LoadedModel, precision: Precision): Promise<OpenedPredictor> {
  const skipped: string[] = [];
  for (const backend of AUTO_ORDER) {
    try {
      const opened = await openOn(model, backend, precision);
      const why = skipped.length === 0 ? 'the first choice' : `skipped ${skipped.join('; ')}`;
      return { ...opened, backend, reason: `${backend}: auto (${why})${precisionNote(backend, precision)}` };
    } catch (error) {
      if (error instanceof ModelFormatError) throw error; // the model is at fault, not the backend
      skipped.push(`${backend}: ${message(error)}`);
    }
  }
  throw new BackendUnavailableError(`no backend can run here: ${skipped.join('; ')}`);
}

/**
 * Opens `model` on `backend` and runs the probe pass; a failed probe frees the predictor. The
 * tfjs backends run model.onnx whatever `precision` asks.
 */
async function openOn(model: LoadedModel, backend: BackendName, precision: Precision): Promise<{ predictor: Predictor; precision: Precision }> {
  const runs = backend === 'onnxruntime' ? precision : 'fp32';
  if (runs === 'fp32') return { predictor: await openProbed(model, backend, runs), precision: runs };
  await import('./onnxruntime'); // a backend that does not load is the backend's fault
  try {
    return { predictor: await openProbed(model, backend, runs), precision: runs };
  } catch (error) {
    // onnxruntime runs model.onnx here: a variant it cannot open or run is the model folder's fault
    if (error instanceof ModelFormatError) throw error;
    const file = path.join(model.dir, model.card.variants[runs]?.file ?? '');
    throw new ModelGraphError(file, undefined, `does not run on onnxruntime (${message(error)})`);
  }
}

async function openProbed(model: LoadedModel, backend: BackendName, runs: Precision): Promise<Predictor> {
  const predictor = await construct(model, backend, runs);
  try {
    await probePass(predictor);
    return predictor;
  } catch (error) {
    await predictor.dispose();
    throw error;
  }
}

/** Backends are imported lazily, so a missing native library only rules out its own backend. */
async function construct(model: LoadedModel, backend: BackendName, precision: Precision): Promise<Predictor> {
  if (backend === 'onnxruntime') {
    const graph = await graphBytes(model, precision);
    const { createOnnxRuntimePredictor } = await import('./onnxruntime');
    return createOnnxRuntimePredictor(model, graph);
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
