import { describe, expect, it } from 'vitest';
import { fixtureCard, FIXTURE_DEFAULTS } from '../model/testing/fixture';
import { createEncoder } from './encode';

const card = (encoding: 'onehot' | 'scalar', levels: number, channels: 1 | 3 = 1) =>
  fixtureCard('e', { ...FIXTURE_DEFAULTS, encoding, levels, channels });
const input = (levels: number[], known: number[], channels = 1) => ({
  levels: Uint8Array.from(levels),
  known: Uint8Array.from(known),
  batch: 1,
  height: 1,
  width: levels.length / channels,
});

describe('createEncoder', () => {
  it('one-hot: sets slot c·K + v of known values only', () => {
    const encode = createEncoder(card('onehot', 4));
    const out = encode(input([2, 3, 1], [1, 0, 1]));
    expect([...out.x]).toEqual([0, 0, 1, 0, /* unknown */ 0, 0, 0, 0, /* */ 0, 1, 0, 0]);
    expect([...out.known]).toEqual([1, 0, 1]);
    expect(out.shape).toEqual({ x: [1, 1, 3, 4], known: [1, 1, 3, 1] });
  });

  it('one-hot: a reused buffer keeps no slot from the previous call', () => {
    const encode = createEncoder(card('onehot', 4));
    encode(input([2, 3, 1], [1, 1, 1]));
    const out = encode(input([0, 3, 2], [1, 0, 1]));
    expect([...out.x]).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
  });

  it('one-hot with 3 channels: channel c of a pixel owns slots c·K…c·K+K−1', () => {
    const encode = createEncoder(card('onehot', 2, 3));
    const out = encode(input([1, 0, 1], [1, 1, 0], 3));
    expect([...out.x]).toEqual([0, 1, 1, 0, 0, 0]);
  });

  it('scalar: x = known · v / (K − 1)', () => {
    const encode = createEncoder(card('scalar', 5));
    const out = encode(input([4, 2, 3], [1, 1, 0]));
    expect([...out.x]).toEqual([1, 0.5, 0]);
    expect(out.shape.x).toEqual([1, 1, 3, 1]);
  });

  it('rejects wrong lengths and levels ≥ K', () => {
    const encode = createEncoder(card('onehot', 2));
    expect(() => encode({ ...input([0, 1], [1, 1]), width: 3 })).toThrow('N·H·W·C = 3');
    expect(() => encode(input([0, 2], [1, 1]))).toThrow('level 2 at index 1 is outside 0…1');
  });
});
