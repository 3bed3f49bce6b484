/**
 * What the UI benchmark runs inside the page (serialised by Playwright, so each function is
 * self-contained). This file type-checks under the Node config: the page's globals are declared here.
 */

interface PageElement {
  textContent: string | null;
  dataset: Record<string, string | undefined>;
  dispatchEvent(event: unknown): boolean;
}
interface TimedEntry {
  startTime: number;
  duration: number;
}
interface PageGlobals {
  /** The long tasks `recordLongTasks` has seen so far. */
  benchLongTasks?: TimedEntry[];
  document: { querySelector(selector: string): PageElement | null };
  performance: { now(): number };
  requestAnimationFrame(callback: (time: number) => void): number;
  setTimeout(callback: () => void, ms: number): number;
  fetch(url: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> }>;
  PerformanceObserver: new (callback: (list: { getEntries(): TimedEntry[] }) => void) => { observe(options: object): void };
  DataTransfer: new () => { items: { add(file: unknown): void } };
  DragEvent: new (type: string, init: object) => unknown;
  File: new (parts: unknown[], name: string, options: object) => unknown;
}

export interface LongTask {
  /** ms after the measured window opened. */
  start: number;
  duration: number;
}

/**
 * The long-task probe: from this call on, the page keeps every main-thread task over 50 ms
 * (PerformanceObserver 'longtask', buffered) for `longTasksSince`. Once per page; a second call
 * keeps the first's record.
 */
export async function recordLongTasks(): Promise<void> {
  const g = globalThis as unknown as PageGlobals;
  if (g.benchLongTasks) return;
  const seen: TimedEntry[] = (g.benchLongTasks = []);
  new g.PerformanceObserver((list) => seen.push(...list.getEntries().map((e) => ({ startTime: e.startTime, duration: e.duration })))).observe({ type: 'longtask', buffered: true });
}

/** The long tasks that started at or after `t0` (the page's performance.now()), their starts made relative to it. */
export async function longTasksSince(t0: number): Promise<LongTask[]> {
  const g = globalThis as unknown as PageGlobals;
  if (!g.benchLongTasks) throw new Error('recordLongTasks was not called in this page');
  return g.benchLongTasks.filter((e) => e.startTime >= t0).map((e) => ({ start: e.startTime - t0, duration: e.duration }));
}

export interface OpenProbe {
  /** When the drop was dispatched (the page's performance.now()): the window's start, for `longTasksSince`. */
  t0: number;
  /** Bytes in the page → the picture fitted and drawn on the canvas (ms). */
  openMs: number;
  /** The longest gap between animation frames from the drop until shown (ms): how long the page looked frozen. */
  maxFrameGapMs: number;
  /** Every distinct text of the "Opening…" notice seen at animation frames. */
  notices: string[];
}

export interface FrameProbe {
  /** When the window opened (the page's performance.now()), for `longTasksSince`. */
  t0: number;
  /** requestAnimationFrame deltas (ms). */
  intervals: number[];
  windowMs: number;
}

/**
 * `fetchForOpen` fetches `url` into the page (setup, not measured); `probeOpen` hands the bytes to the canvas as a dropped File, as
 * the OS does, and waits until the picture is shown: the "Opening…" notice gone, the history's
 * latest step "Open <name>", and three animation frames drawn since (the paint, the fit's and Konva's); then it
 * waits `settleMs`, so `longTasksSince(t0)` holds those that start in that window or in the settling after it.
 */
export async function fetchForOpen(url: string): Promise<void> {
  const g = globalThis as unknown as PageGlobals & { benchBytes?: ArrayBuffer };
  g.benchBytes = await (await g.fetch(url)).arrayBuffer();
  await new Promise<void>((resolve) => g.setTimeout(resolve, 500)); // let the fetch's work finish
}

/** Drops the bytes `fetchForOpen` left in the page. */
export async function probeOpen({ name, type, settleMs }: { name: string; type: string; settleMs: number }): Promise<OpenProbe> {
  const g = globalThis as unknown as PageGlobals & { benchBytes?: ArrayBuffer };
  const bytes = g.benchBytes!;
  delete g.benchBytes;
  const stage = g.document.querySelector('[data-testid="stage"]')!;
  const notices = new Set<string>();
  let maxFrameGapMs = 0;
  const t0 = g.performance.now();
  const transfer = new g.DataTransfer();
  transfer.items.add(new g.File([bytes], name, { type }));
  stage.dispatchEvent(new g.DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
  const shownAt = await new Promise<number>((resolve) => {
    let last = t0;
    let framesSinceDone = -1;
    const tick = (): void => {
      const now = g.performance.now();
      maxFrameGapMs = Math.max(maxFrameGapMs, now - last);
      last = now;
      const opening = g.document.querySelector('[data-testid="opening"]');
      if (opening) notices.add((opening.textContent ?? '').trim());
      const latest = g.document.querySelector('[data-testid="history-list"] li:last-child')?.textContent ?? '';
      if (framesSinceDone < 0 && !opening && latest.includes(`Open ${name}`)) framesSinceDone = 0;
      else if (framesSinceDone >= 0) framesSinceDone++;
      if (framesSinceDone >= 3) resolve(now);
      else g.requestAnimationFrame(tick);
    };
    g.requestAnimationFrame(tick);
  });
  await new Promise<void>((resolve) => g.setTimeout(resolve, settleMs));
  return { t0, openMs: shownAt - t0, maxFrameGapMs, notices: [...notices] };
}

/** Animation-frame deltas over `ms` of whatever the page is doing. */
export async function probeFrames(ms: number): Promise<FrameProbe> {
  const g = globalThis as unknown as PageGlobals;
  const intervals: number[] = [];
  const t0 = g.performance.now();
  await new Promise<void>((resolve) => {
    let last = -1;
    const tick = (time: number): void => {
      if (last >= 0) intervals.push(time - last);
      last = time;
      if (g.performance.now() - t0 >= ms) resolve();
      else g.requestAnimationFrame(tick);
    };
    g.requestAnimationFrame(tick);
  });
  return { t0, intervals, windowMs: g.performance.now() - t0 };
}

/** Minimal slice of Playwright's Page used here, so this file needs no Node-only import. */
interface Evaluator {
  evaluate<R>(expression: string): Promise<R>;
}

/**
 * Runs `fn(arg)` in the page. tsx (esbuild, keepNames) wraps inner functions in a `__name` helper
 * that the page does not have: the source is sent with a stand-in for it.
 */
export function inPage<A, R>(page: Evaluator, fn: (arg: A) => Promise<R>, arg: A): Promise<R> {
  return page.evaluate<R>(`(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg)}); })()`);
}
