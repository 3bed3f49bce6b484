/** The uncertainty and change maps as pictures: colours, legends, and their place in the full image. */
import type { HoleMask } from '../../../electron/core/image/level-image';
import type { RgbaImage } from '../../../electron/core/image/png';
import { ENTROPY_SCALE, type HoleMaps } from '../../../electron/core/sampler/maps';
import type { Rect, Size } from '../../../electron/core/region/working-region';
import { countHole } from './mask-ops';

export const MAP_KINDS = ['uncertainty', 'changes'] as const;
export type MapKind = (typeof MAP_KINDS)[number];

/** What a legend shows: the colour scale runs from `low` to `high` of `unit`. */
export interface MapLegend {
  title: string;
  low: number;
  high: number;
  unit: string;
}

/** A colour-blind-safe ramp (viridis at five stops), dark = low, yellow = high. */
const STOPS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** The ramp's colour at t ∈ [0, 1]. */
export function rampColour(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [STOPS[i]!, STOPS[i + 1]!];
  return [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as [number, number, number];
}

/** The CSS gradient of the same ramp, for the legend. */
export const rampCss = (): string => `linear-gradient(to right, ${STOPS.map(([r, g, b]) => `rgb(${r} ${g} ${b})`).join(', ')})`;

/** The model's shape a map is read with. */
export interface MapShape extends Size {
  channels: number;
  levels: number;
}

/** The most changes any hole pixel of chain `chain` shows (at least 1, so the scale is never empty). */
function mostChanges(maps: HoleMaps, holeSize: number, chain: number): number {
  let most = 1;
  for (let i = chain * holeSize; i < (chain + 1) * holeSize; i++) most = Math.max(most, maps.changes[i]!);
  return most;
}

/**
 * Legend of a map. Uncertainty in bits per pixel on a fixed scale (0 … C·log2 K, so frames compare);
 * changes from 0 to the most any pixel of this frame has.
 */
export function mapLegend(kind: MapKind, maps: HoleMaps, shape: MapShape, holeSize: number, chain: number): MapLegend {
  if (kind === 'uncertainty') return { title: 'Uncertainty (entropy)', low: 0, high: shape.channels * Math.log2(shape.levels), unit: 'bits/px' };
  return { title: 'Changes so far', low: 0, high: mostChanges(maps, holeSize, chain), unit: 'changes' };
}

/**
 * Chain `chain`'s map at the model's size (the region as the sampler saw it): hole pixels in the
 * ramp's colour, everything else transparent.
 */
export function mapImage(kind: MapKind, maps: HoleMaps, mask: HoleMask, shape: MapShape, chain: number): RgbaImage {
  const holeSize = countHole(mask);
  const high = kind === 'changes' ? mostChanges(maps, holeSize, chain) : ENTROPY_SCALE;
  const values = kind === 'changes' ? maps.changes : maps.entropy;
  const data = new Uint8Array(shape.width * shape.height * 4);
  let i = chain * holeSize;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    const [r, g, b] = rampColour(values[i++]! / high);
    data.set([r, g, b, 255], p * 4);
  }
  return { width: shape.width, height: shape.height, data };
}

/** The map laid into a transparent picture of the full image's size at the region's rectangle (nearest neighbour). */
export function mapOnImage(map: RgbaImage, rect: Rect, image: Size): RgbaImage {
  const data = new Uint8Array(image.width * image.height * 4);
  for (let y = 0; y < rect.height; y++) {
    const sy = Math.min(map.height - 1, Math.floor((y * map.height) / rect.height));
    for (let x = 0; x < rect.width; x++) {
      const sx = Math.min(map.width - 1, Math.floor((x * map.width) / rect.width));
      const from = (sy * map.width + sx) * 4;
      data.set(map.data.subarray(from, from + 4), ((rect.y + y) * image.width + rect.x + x) * 4);
    }
  }
  return { width: image.width, height: image.height, data };
}
