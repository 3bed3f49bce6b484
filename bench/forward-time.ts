import type { Predictor } from '../electron/core/predictor/predictor';

/**
 * Median ms of one forward pass at this size, all values known, over `repeats` timed passes after
 * `warmup` untimed ones (the median shrugs off a busy moment).
 */
export async function medianForwardMs(predictor: Predictor, size: { batch: number; height: number; width: number }, repeats: number, warmup: number): Promise<number> {
  const values = size.batch * size.height * size.width * predictor.card.channels;
  const input = { levels: new Uint8Array(values), known: new Uint8Array(values).fill(1), ...size };
  for (let i = 0; i < warmup; i++) await predictor.predict(input);
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await predictor.predict(input);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(repeats / 2)]!;
}
