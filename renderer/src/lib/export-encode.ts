/** Pure encoders for what the Export panel writes: chain animations, a result PNG with provenance, a sweep grid. */
import { encodeGif } from '../../../electron/core/image/gif';
import { composeGrid, type GridRow } from '../../../electron/core/image/grid';
import type { LevelImage } from '../../../electron/core/image/level-image';
import { encodeApng, encodePng } from '../../../electron/core/image/png-encode';
import type { Rgba16Image, RgbaImage } from '../../../electron/core/image/png';
import { provenanceText } from '../../../electron/core/image/provenance';
import { scaleNearest } from '../../../electron/core/image/scale';
import type { Size } from '../../../electron/core/region/working-region';
import { framePatch, withPatch, type RegionComposite } from './placement';

export interface AnimationRequest {
  shape: Omit<LevelImage, 'data'>;
  frames: readonly Uint8Array[];
  /** Inclusive frame range. */
  from: number;
  to: number;
  chain: number;
  fps: number;
  scale: number;
  /** How each frame composites into its region. */
  composite: RegionComposite;
  /** The whole picture around the region, for an animation of the full image; null: the region alone. */
  backdrop: RgbaImage | null;
}

/** RGBA bytes an animation holds before encoding; past this it is refused rather than allocated. */
export const MAX_ANIMATION_BYTES = 1024 * 2 ** 20;

/** Why an animation of `frames` frames of `size`, upscaled by `scale`, is too large to make, or null. */
export function animationTooLarge(frames: number, size: Size, scale: number): string | null {
  const bytes = frames * size.width * scale * size.height * scale * 4;
  if (bytes <= MAX_ANIMATION_BYTES) return null;
  return `${frames} frames of ${size.width * scale}×${size.height * scale} would take ${Math.round(bytes / 2 ** 20)} MiB (at most ${MAX_ANIMATION_BYTES / 2 ** 20}): export the region instead of the full image, lower the upscale, or pick fewer frames.`;
}

/** Frames from..to of one chain composited into their region (and the picture, for a full-image animation) and upscaled; `onProgress` gets 0…1. */
export async function animationFrames(req: AnimationRequest, onProgress: (fraction: number) => void): Promise<RgbaImage[]> {
  const out: RgbaImage[] = [];
  for (let i = req.from; i <= req.to; i++) {
    const patch = framePatch(req.composite, { ...req.shape, data: req.frames[i]! }, req.chain);
    out.push(scaleNearest(req.backdrop ? withPatch(req.backdrop, req.composite, patch) : patch, req.scale));
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

/** A PNG of the picture at its own size (16-bit for RGBA16), with how it was made in a tEXt chunk (the same record the CLI writes). */
export const resultPng = (image: RgbaImage | Rgba16Image, provenance: object): Uint8Array => encodePng(image, provenanceText(provenance));

export function gridPng(rows: GridRow[], title: string, scale: number): Uint8Array {
  return encodePng(composeGrid({ rows, title, cellScale: scale }));
}

/** Cells of a sweep grid are regions: upscaled up to `scale` (at most 6) while their longer side stays within 384 px. */
export const sweepCellScale = (region: Size, scale: number): number =>
  Math.max(1, Math.min(scale, 6, Math.floor(384 / Math.max(region.width, region.height))));
