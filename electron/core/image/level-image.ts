/**
 * An image as the model sees it: H×W×C category indices in 0…levels−1, channel-last.
 * `data` may hold several images back to back (a batch of chains).
 */
export interface LevelImage {
  width: number;
  height: number;
  channels: number;
  levels: number;
  data: Uint8Array;
}

/** 1 where the user wants the pixel inpainted, 0 where it is context; H·W values. */
export type HoleMask = Uint8Array;

export function holePixels(mask: HoleMask): Int32Array {
  let count = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) count++;
  const hole = new Int32Array(count);
  for (let i = 0, j = 0; i < mask.length; i++) if (mask[i]) hole[j++] = i;
  return hole;
}
