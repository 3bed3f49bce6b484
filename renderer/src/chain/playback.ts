import { getCurrentScope, onScopeDispose, ref, toValue, type MaybeRefOrGetter } from 'vue';

/** The timeline playback drives: how many frames, where it is, and how to move there. */
export interface Timeline {
  count: MaybeRefOrGetter<number>;
  index: MaybeRefOrGetter<number>;
  seek: (index: number) => void;
}

/** Plays a timeline forward at `fps` and stops on its last frame; from the end, play starts over. */
export function usePlayback(timeline: Timeline) {
  const playing = ref(false);
  let timer: ReturnType<typeof setInterval> | null = null;
  const atEnd = () => toValue(timeline.index) >= toValue(timeline.count) - 1;

  function play(fps = 24): void {
    if (toValue(timeline.count) < 2) return;
    pause();
    if (atEnd()) timeline.seek(0);
    playing.value = true;
    timer = setInterval(() => (atEnd() ? pause() : timeline.seek(toValue(timeline.index) + 1)), 1000 / fps);
  }

  function pause(): void {
    playing.value = false;
    if (timer) clearInterval(timer);
    timer = null;
  }

  const toggle = () => (playing.value ? pause() : play());
  if (getCurrentScope()) onScopeDispose(pause);
  return { playing, play, pause, toggle } as const;
}
