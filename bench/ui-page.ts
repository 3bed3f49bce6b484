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
  document: { querySelector(selector: string): PageElement | null };
  performance: { now(): number };
  requestAnimationFrame(callback: (time: number) => void): number;
  setTimeout(callback: () => void, ms: number): number;
  fetch(url: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> }>;
  PerformanceObserver: new (callback: (list: { getEntries(): TimedEntry[] }) => void) => { observe(options: object): void; disconnect(): void };
  DataTransfer: new () => { items: { add(file: unknown): void } };
  DragEvent: new (type: string, init: object) => unknown;
  File: new (parts: unknown[], name: string, options: object) => unknown;
}

export interface LongTask {
  /** ms after the measured window opened. */
  start: number;
  duration: number;
}

export interface OpenProbe {
  /** Bytes in the page → the picture fitted and drawn on the canvas (ms). */
  openMs: number;
  longTasks: LongTask[];
  /** The longest gap between animation frames from the drop until shown (ms): how long the page looked frozen. */
  maxFrameGapMs: number;
  /** Every distinct text of the "Opening…" notice seen at animation frames. */
  notices: string[];
}

export interface FrameProbe {
  /** requestAnimationFrame deltas (ms). */
  intervals: number[];
  longTasks: LongTask[];
  windowMs: number;
}

/**
 * `fetchForOpen` fetches `url` into the page (setup, not measured); `probeOpen` hands the bytes to the canvas as a dropped File, as
 * the OS does, and waits until the picture is shown: the "Opening…" notice gone, the history's
 * latest step "Open <name>", and three animation frames drawn since (the paint, the fit's and Konva's). Long tasks are
 * those that start in that window or in `settleMs` after it.
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
  const entries: TimedEntry[] = [];
  const observer = new g.PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ type: 'longtask', buffered: true });
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
  observer.disconnect();
  const longTasks = entries.filter((e) => e.startTime >= t0).map((e) => ({ start: e.startTime - t0, duration: e.duration }));
  return { openMs: shownAt - t0, longTasks, maxFrameGapMs, notices: [...notices] };
}

/** Animation-frame deltas and long tasks over `ms` of whatever the page is doing. */
export async function probeFrames(ms: number): Promise<FrameProbe> {
  const g = globalThis as unknown as PageGlobals;
  const entries: TimedEntry[] = [];
  const observer = new g.PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ type: 'longtask', buffered: true });
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
  const windowMs = g.performance.now() - t0;
  observer.disconnect();
  const longTasks = entries.filter((e) => e.startTime >= t0).map((e) => ({ start: e.startTime - t0, duration: e.duration }));
  return { intervals, longTasks, windowMs };
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
