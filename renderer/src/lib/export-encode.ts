/** Pure encoders for what the Export panel writes: chain animations, a result PNG with provenance, a sweep grid. */
import { encodeGif } from '../../../electron/core/image/gif';
import { composeGrid, type GridRow } from '../../../electron/core/image/grid';
import type { LevelImage } from '../../../electron/core/image/level-image';
import { encodeApng, encodePng } from '../../../electron/core/image/png-encode';
import type { RgbaImage } from '../../../electron/core/image/png';
import { provenanceText } from '../../../electron/core/image/provenance';
import { fromLevels } from '../../../electron/core/image/quantise';
import { scaleNearest } from '../../../electron/core/image/scale';

export interface AnimationRequest {
  shape: Omit<LevelImage, 'data'>;
  frames: readonly Uint8Array[];
  /** Inclusive frame range. */
  from: number;
  to: number;
  chain: number;
  fps: number;
  scale: number;
}

/** Frames from..to of one chain as RGBA, upscaled; `onProgress` gets 0…1 as frames convert. */
export async function animationFrames(req: AnimationRequest, onProgress: (fraction: number) => void): Promise<RgbaImage[]> {
  const out: RgbaImage[] = [];
  for (let i = req.from; i <= req.to; i++) {
    out.push(scaleNearest(fromLevels({ ...req.shape, data: req.frames[i]! }, req.chain), req.scale));
    // yield now and then so the progress bar paints during long exports
    if ((i - req.from) % 64 === 63) {
      onProgress((i - req.from + 1) / (req.to - req.from + 1));
      await new Promise((r) => setTimeout(r, 0));
    }
  }
  return out;
}

export const encodeAnimation = (kind: 'gif' | 'apng', frames: readonly RgbaImage[], fps: number): Uint8Array =>
  kind === 'gif' ? encodeGif(frames, 1000 / fps) : encodeApng(frames, 1000 / fps);

/** A PNG of one image with how it was made in a tEXt chunk (the same record the CLI writes). */
export function resultPng(image: LevelImage, scale: number, provenance: object): Uint8Array {
  return encodePng(scaleNearest(fromLevels(image), scale), provenanceText(provenance));
}

export function gridPng(rows: GridRow[], title: string, scale: number): Uint8Array {
  return encodePng(composeGrid({ rows, title, cellScale: scale }));
}
