/**
 * `npx tsx bench/mask-tools-ui.ts`: the main thread's longest task for each mask tool on a
 * 4000×3000 picture in Debian Chromium (built renderer, e2e bridge). A measurement, never a test.
 * Each action is done as a user would (keys, drags, clicks); its long tasks are the
 * PerformanceObserver('longtask') entries from the action until the hole count settles + 300 ms.
 */
import os from 'node:os';
import { rm } from 'node:fs/promises';
import { chromium, type Page } from 'playwright-core';
import { encodePng } from '../electron/core/image/png-encode';
import { startBridge } from '../e2e/bridge/server';
import { buildIfStale, CHROMIUM, CHROMIUM_ARGS, RENDERER_OUT } from '../e2e/browser';
import { makeWorld } from '../e2e/fixture';
import { byTestId, holeCount, pixelToScreen, poll, setInput } from '../e2e/page-helpers';
import { fetchForOpen, inPage, longTasksSince, probeOpen, recordLongTasks } from './ui-page';

const SIZE = { width: 4000, height: 3000 };

/** A sky of nearly one colour over the top 40 % (one big flood for the wand), a noisy gradient below, a transparent 500×400 block. */
function picture(): Uint8Array {
  const { width, height } = SIZE;
  const data = new Uint8Array(width * height * 4);
  let seed = 7;
  const noise = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) >>> 29) - 4;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const sky = y < 0.4 * height;
      data[i] = (sky ? 120 : 60 + (120 * x) / width) + noise();
      data[i + 1] = (sky ? 170 : 90 + (100 * y) / height) + noise();
      data[i + 2] = (sky ? 230 : 70) + noise();
      data[i + 3] = x >= 3400 && y >= 2500 && y < 2900 && x < 3900 ? 0 : 255;
    }
  }
  return data;
}

async function drag(page: Page, from: [number, number], to: [number, number], button: 'left' | 'right' = 'left'): Promise<void> {
  const a = await pixelToScreen(page, ...from);
  const b = await pixelToScreen(page, ...to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down({ button });
  await page.mouse.move(b.x, b.y, { steps: 6 });
  await page.mouse.up({ button });
}

async function freehandCircle(page: Page, cx: number, cy: number, r: number): Promise<void> {
  const points = await Promise.all(Array.from({ length: 60 }, (_, k) => pixelToScreen(page, cx + r * Math.cos((k * Math.PI) / 30), cy + r * Math.sin((k * Math.PI) / 30))));
  await page.mouse.move(points[0]!.x, points[0]!.y);
  await page.mouse.down({ button: 'right' }); // the right button subtracts
  for (const p of points.slice(1)) await page.mouse.move(p.x, p.y);
  await page.mouse.up({ button: 'right' });
}

/** With --profile, the functions that took the most of the action's main-thread time (self time, from a CDP CPU profile). */
async function topFunctions(page: Page, act: () => Promise<void>): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await act();
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, k) => {
    const node = byId.get(id)!;
    const key = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').pop()}:${node.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (dt[k] ?? 0) / 1000);
  });
  await cdp.detach();
  return [...self].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, ms]) => `    ${ms.toFixed(0).padStart(5)} ms  ${k}`).join('\n');
}

async function measure(page: Page, name: string, act: () => Promise<void>): Promise<void> {
  if (process.argv.includes('--profile')) {
    const inner = act;
    act = async () => console.log(`${name}: the most self time\n${await topFunctions(page, async () => (await inner(), await page.waitForTimeout(300)))}`);
  }
  const before = await holeCount(page);
  const t0 = await page.evaluate<number>('performance.now()');
  await act();
  await poll(async () => (await holeCount(page)) !== before, `${name} to change the mask`, 60_000);
  await page.waitForTimeout(300);
  const tasks = await inPage(page, longTasksSince, t0 - 50);
  const longest = Math.max(0, ...tasks.map((t) => t.duration));
  console.log(`${name.padEnd(44)} longest task ${longest.toFixed(0).padStart(4)} ms  (${tasks.length} over 50 ms)  hole ${before} → ${await holeCount(page)} px`);
}

async function main(): Promise<void> {
  await buildIfStale();
  const world = await makeWorld();
  const bridge = await startBridge({ rendererDir: RENDERER_OUT, ...world });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} threads (${os.cpus()[0]?.model}); Chromium ${browser.version()}`);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(bridge.url);
    await page.locator(`${byTestId('history-list')} li`).first().waitFor({ timeout: 120_000 });
    // the bytes reach the page by a route and a fetch, and are dropped on the canvas (as in bench:ui)
    const url = `${bridge.url}__bench/picture-4000x3000.png`;
    const png = encodePng({ ...SIZE, data: picture() });
    await page.route(url, (route) => route.fulfill({ body: Buffer.from(png), contentType: 'image/png' }));
    await inPage(page, fetchForOpen, url);
    await inPage(page, probeOpen, { name: 'picture-4000x3000.png', type: 'image/png', settleMs: 0 });
    await page.locator(`${byTestId('history-list')} li`, { hasText: 'Open picture-4000x3000.png' }).waitFor({ timeout: 120_000 });
    await page.waitForTimeout(1000);
    await inPage(page, recordLongTasks, null);
    await page.keyboard.press('r');
    await measure(page, 'rectangle 1000×800', () => drag(page, [1500, 1700], [2500, 2500]));
    await setInput(page, 'grow-by', '16');
    await measure(page, 'grow 16 px (G)', () => page.keyboard.press('g'));
    await measure(page, 'shrink 16 px (Shift+G)', () => page.keyboard.press('Shift+G'));
    await page.keyboard.press('l');
    await measure(page, 'freehand lasso subtracted (r = 300)', () => freehandCircle(page, 2000, 2100, 300));
    await page.keyboard.press('w');
    await measure(page, 'wand, contiguous: the sky (4.8 Mpx)', () => pixelToScreen(page, 2000, 300).then((p) => page.mouse.click(p.x, p.y)));
    await page.uncheck(byTestId('wand-contiguous'));
    await measure(page, 'wand, global (the sky)', () => pixelToScreen(page, 10, 2000).then((p) => page.mouse.click(p.x, p.y)));
    await measure(page, 'mask from alpha (500×400)', () => page.click(byTestId('mask-from-alpha')));
    await page.keyboard.press('r');
    // from outside the picture: its corners hold the working region's handles
    await measure(page, 'rectangle over the whole picture', () => drag(page, [-30, -30], [4030, 3030]));
    await page.keyboard.press('l');
    await measure(page, 'lasso subtracted from the whole-picture hole', () => freehandCircle(page, 2000, 1500, 200));
    await measure(page, 'grow 16 px, whole-picture hole', () => page.keyboard.press('g'));
    await measure(page, 'undo the grow', () => page.keyboard.press('Control+z'));
  } finally {
    await browser.close();
    await bridge.close();
    await rm(world.root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
