/** The study's per-fill measures besides the likelihood (docs/algorithm.md; models/training/sheet.py). */

/** The off-palette figures' tolerance: RGB distance on the 0–255 scale (sheet.OFF_PALETTE_TOLERANCE). */
export const OFF_PALETTE_TOLERANCE = 40;

/** A level shown as 0–255 by the card's linear rule, round(level·255/(K−1)) (sheet.to_rgb). */
const shown = (level: number, K: number): number => Math.floor((level * 255) / (K - 1) + 0.5);

/**
 * Share of the hole's pixels whose colour is farther than `tolerance` from every colour of the
 * image outside the hole: colours the image never had (sheet.off_palette_share, the project's
 * definition). `image` is H·W·3 levels, `mask` 1 on the hole.
 */
export function offPaletteShare(image: Uint8Array, mask: Uint8Array, K: number, tolerance = OFF_PALETTE_TOLERANCE): number {
  const palette = new Map<number, [number, number, number]>();
  let holeSize = 0;
  for (let p = 0; p < mask.length; p++) {
    if (mask[p]) {
      holeSize++;
      continue;
    }
    const rgb: [number, number, number] = [shown(image[3 * p]!, K), shown(image[3 * p + 1]!, K), shown(image[3 * p + 2]!, K)];
    palette.set((rgb[0] << 16) | (rgb[1] << 8) | rgb[2], rgb);
  }
  if (holeSize === 0) return 0;
  const colours = [...palette.values()];
  const limit = tolerance * tolerance;
  let off = 0;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    const [r, g, b] = [shown(image[3 * p]!, K), shown(image[3 * p + 1]!, K), shown(image[3 * p + 2]!, K)];
    if (!colours.some(([cr, cg, cb]) => (r - cr) ** 2 + (g - cg) ** 2 + (b - cb) ** 2 <= limit)) off++;
  }
  return off / holeSize;
}

/**
 * Diversity between chains: over every pair of fills, the share of hole pixels (any channel)
 * where they differ, averaged over the pairs. 0 for fewer than two fills.
 */
export function meanPairwiseDisagreement(fills: readonly Uint8Array[], hole: Int32Array, channels: number): number {
  let pairs = 0;
  let total = 0;
  for (let a = 0; a < fills.length; a++) {
    for (let b = a + 1; b < fills.length; b++) {
      let differ = 0;
      for (const p of hole) {
        for (let ch = 0; ch < channels; ch++) {
          if (fills[a]![p * channels + ch] !== fills[b]![p * channels + ch]) {
            differ++;
            break;
          }
        }
      }
      total += differ / hole.length;
      pairs++;
    }
  }
  return pairs === 0 ? 0 : total / pairs;
}

/** Mean and standard error of the mean (0 for one value). */
export function meanAndStdErr(values: readonly number[]): { mean: number; stdErr: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { mean, stdErr: 0 };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { mean, stdErr: Math.sqrt(variance / n) };
}
