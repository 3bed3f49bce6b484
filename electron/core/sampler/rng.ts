/**
 * Seeded pseudo-random numbers: sfc32 (Doty-Humphrey's Small Fast Counting generator), seeded
 * through splitmix32 so nearby seeds give unrelated streams. The sampler never uses Math.random,
 * so a seed reproduces a chain bit for bit.
 */
export interface Rng {
  /** A uniform float in [0, 1) with 32 bits of resolution. */
  next(): number;
  /** A uniform integer in [0, n). */
  nextInt(n: number): number;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(seed: number): Rng {
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const nextU32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) nextU32(); // warm up past the seeding state
  return {
    next: () => nextU32() / 4294967296,
    nextInt: (n) => Math.floor((nextU32() / 4294967296) * n),
  };
}

/** One independent stream per chain: chain i of a batch is the same chain whatever the batch size. */
export function chainRngs(seed: number, chains: number): Rng[] {
  return Array.from({ length: chains }, (_, i) => createRng(splitmix32(seed ^ Math.imul(i + 1, 0x27d4eb2f))()));
}

/** A fresh 32-bit seed for when the user asks for a random one. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4294967296) >>> 0;
}

/** Fisher–Yates: a uniformly random order of `items`, in place. */
export function shuffleInPlace<T>(items: T[], rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
