import type { LevelImage, HoleMask } from '../image/level-image';
import type { ModelCard, Precision } from '../model/card';
import type { BackendName } from '../predictor/predictor';
import type { GibbsResult, GibbsStep } from '../sampler/gibbs';
import type { HoleMaps } from '../sampler/maps';
import type { GibbsParams } from '../sampler/params';

/** Messages to the sampler process (a worker thread or Electron's utilityProcess). */
export type SamplerRequest =
  | { type: 'load'; modelDir: string; backend: BackendName | 'auto'; precision: Precision }
  | { type: 'sample'; id: number; job: SampleJob }
  | { type: 'cancel'; id: number }
  /** Cancel everything, release the model, answer `closed`: native sessions must not be torn down mid-call. */
  | { type: 'close' };

/** One inpainting run: `chains` chains of the same image and mask, chain i seeded from (seed, i). */
export interface SampleJob {
  image: LevelImage;
  mask: HoleMask;
  params: GibbsParams;
  chains: number;
  seed: number;
}

export interface LoadedInfo {
  backend: BackendName;
  /** Why this backend was chosen, for the status bar and the CLI's first line. */
  reason: string;
  card: ModelCard;
  /** The graph that runs (int8 only on onnxruntime, where asked and the card has it): runs record it. */
  precision: Precision;
}

/** One run's events, each naming its run: what reaches the renderer (ipc/contract's SamplerFrameEvent). */
export type RunEvent =
  | { type: 'init'; id: number; image: Uint8Array; maps: HoleMaps }
  | { type: 'step'; id: number; step: GibbsStep }
  | { type: 'done'; id: number; result: GibbsResult }
  | { type: 'error'; id: number; message: string };

/** Messages from the sampler process. Frames carry their own copies, so their buffers are transferred. */
export type SamplerEvent = ({ type: 'loaded' } & LoadedInfo) | { type: 'load-error'; message: string } | RunEvent | { type: 'closed' };

/** The buffers an event can hand over without a copy. */
export function transferables(event: SamplerEvent): ArrayBuffer[] {
  if (event.type === 'init') return [event.image.buffer, ...mapBuffers(event.maps)] as ArrayBuffer[];
  if (event.type === 'step') return [event.step.image.buffer, ...mapBuffers(event.step.maps)] as ArrayBuffer[];
  if (event.type === 'done') return [event.result.image.buffer as ArrayBuffer];
  return [];
}

const mapBuffers = (maps: HoleMaps) => [maps.entropy.buffer, maps.changes.buffer];
