import { describe, expect, it } from 'vitest';
import type { HoleMask } from '../../../electron/core/image/level-image';
import { keepGesture, type KeepStroke } from './keep-stroke';

const RECT = { x: 10, y: 20, width: 16, height: 12 };

function gesture() {
  const shown: (KeepStroke | null)[] = [];
  const applied: HoleMask[] = [];
  const g = keepGesture(
    (s) => shown.push(s),
    (kept) => applied.push(kept),
  );
  return { g, shown, applied };
}

describe('the keep gesture', () => {
  it('hands the stroke’s mask to apply on release, once', () => {
    const { g, shown, applied } = gesture();
    g.begin(RECT, { x: 12, y: 25 }, 3);
    expect(g.move({ x: 20, y: 25 }, 3)).toBe(true);
    g.end();
    g.end();
    expect(applied).toHaveLength(1);
    const kept = applied[0]!;
    expect(kept.length).toBe(RECT.width * RECT.height);
    expect(kept[5 * RECT.width + 2]).toBe(1); // (12, 25)
    expect(kept[5 * RECT.width + 10]).toBe(1); // (20, 25)
    expect(kept[0]).toBe(0);
    expect(shown.at(-1)).toBeNull();
  });

  it('Escape mid-stroke drops it: the preview goes, later moves and the release keep nothing', () => {
    const { g, shown, applied } = gesture();
    g.begin(RECT, { x: 12, y: 25 }, 3);
    g.move({ x: 16, y: 25 }, 3);
    expect(g.cancel()).toBe(true);
    expect(shown.at(-1)).toBeNull();
    expect(g.active()).toBe(false);
    expect(g.move({ x: 20, y: 25 }, 3)).toBe(false);
    g.end();
    expect(applied).toHaveLength(0);
    expect(g.cancel()).toBe(false);
  });
});
