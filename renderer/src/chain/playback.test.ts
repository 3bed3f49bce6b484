import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { usePlayback } from './playback';

describe('usePlayback', () => {
  const index = ref(0);
  const count = ref(4);
  const seek = (i: number) => (index.value = i);
  beforeEach(() => {
    vi.useFakeTimers();
    index.value = 0;
    count.value = 4;
  });
  afterEach(() => vi.useRealTimers());

  it('steps one frame per tick and stops on the last', () => {
    const p = usePlayback({ count, index, seek });
    p.play(10);
    expect(p.playing.value).toBe(true);
    vi.advanceTimersByTime(100);
    expect(index.value).toBe(1);
    vi.advanceTimersByTime(300); // 2, 3, then the end stops it
    expect(index.value).toBe(3);
    vi.advanceTimersByTime(100);
    expect(p.playing.value).toBe(false);
    expect(index.value).toBe(3);
  });

  it('starts over from the end, and toggles', () => {
    index.value = 3;
    const p = usePlayback({ count, index, seek });
    p.toggle();
    expect(index.value).toBe(0);
    expect(p.playing.value).toBe(true);
    p.toggle();
    vi.advanceTimersByTime(1000);
    expect(index.value).toBe(0);
  });

  it('does not play fewer than two frames', () => {
    count.value = 1;
    const p = usePlayback({ count, index, seek });
    p.play();
    expect(p.playing.value).toBe(false);
  });

  it('a second play does not leave a second timer running', () => {
    const p = usePlayback({ count: 100, index, seek });
    p.play(10);
    p.play(10);
    vi.advanceTimersByTime(100);
    expect(index.value).toBe(1);
  });
});
