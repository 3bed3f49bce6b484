/**
 * A run's frames, compactly: consecutive frames differ only where the sampler resampled the hole,
 * so each frame is stored as its XOR with the one before (mostly zeros), and deflate does the rest.
 * Frames go in chunks of a few dozen, each its own zip entry: a finished chunk never changes, so
 * an autosave reuses it, and a damaged chunk costs only the frames from it on.
 */

/** Frames per chunk: small enough to reuse while a run grows, large enough to keep entries few. */
export const FRAMES_PER_CHUNK = 64;

export function packFrames(frames: readonly Uint8Array[]): Uint8Array {
  const size = frames[0]?.length ?? 0;
  const out = new Uint8Array(size * frames.length);
  frames.forEach((frame, i) => {
    if (frame.length !== size) throw new Error(`frame ${i} has ${frame.length} bytes, the first ${size}`);
    const at = i * size;
    out.set(frame, at);
    if (i > 0) {
      const prev = frames[i - 1]!;
      for (let k = 0; k < size; k++) out[at + k]! ^= prev[k]!;
    }
  });
  return out;
}

/** The frames back: `count` frames of `size` bytes, each its own buffer. */
export function unpackFrames(packed: Uint8Array, size: number, count: number): Uint8Array[] {
  if (packed.length !== size * count) throw new Error(`${packed.length} bytes do not hold ${count} frames of ${size}`);
  const frames: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const frame = packed.slice(i * size, (i + 1) * size);
    const prev = frames[i - 1];
    if (prev) for (let k = 0; k < size; k++) frame[k]! ^= prev[k]!;
    frames.push(frame);
  }
  return frames;
}

/** Splits the frame list into chunks of FRAMES_PER_CHUNK. */
export function chunksOf<T>(frames: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < frames.length; i += FRAMES_PER_CHUNK) out.push(frames.slice(i, i + FRAMES_PER_CHUNK));
  return out;
}
