/**
 * The canvas's gestures and size: Escape drops a brush, rectangle, lasso or keep stroke
 * mid-gesture (nothing changes); a resized window fits the picture again unless the user zoomed.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { encodePng } from '../electron/core/image/png-encode';
import type { Context } from './app-steps';
import { check, type Step } from './harness';
import { byTestId, holeCount, openFreshWindow, openThroughDialog, pixelToScreen, poll, setInput, stroke, waitForText } from './page-helpers';
import { synthPhoto } from './region-steps';

const NAME = 'stage-96x80.png';
const SIZE = { width: 96, height: 80 };
/** The hole painted for the chain the keep stroke goes over. */
const HOLE: [[number, number], [number, number]] = [[30, 40], [60, 40]];

const historyNames = (page: Page) => page.locator(`${byTestId('history-list')} li:not(.undone)`).allTextContents();
const runCount = (page: Page) => page.locator(`${byTestId('run')} option`).count();

/** The stage's canvases as painted (picture, mask, outlines, keep preview), without the DOM over them. */
const stageCanvases = async (page: Page) =>
  (await page.locator(`${byTestId('stage')} canvas`).evaluateAll((canvases) => canvases.map((c) => (c as unknown as { toDataURL(): string }).toDataURL()))).join('|');

/** The pointer leaves the stage, so the brush ring is not drawn. */
const leaveStage = (page: Page) => page.mouse.move(2, 2);

/** What Escape must leave untouched: the mask, the history and the canvas. */
async function snapshot(page: Page) {
  await leaveStage(page);
  await page.evaluate(() => new Promise((r) => (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() => r(null))));
  return { holes: await holeCount(page), history: (await historyNames(page)).join('\n'), canvas: await stageCanvases(page), runs: await runCount(page) };
}

async function unchanged(page: Page, before: Awaited<ReturnType<typeof snapshot>>, what: string): Promise<void> {
  const after = await snapshot(page);
  check(after.holes === before.holes, `${what}: the hole went from ${before.holes} to ${after.holes} pixels`);
  check(after.history === before.history, `${what}: the history changed:\n${after.history}`);
  check(after.runs === before.runs, `${what}: the runs went from ${before.runs} to ${after.runs}`);
  check(after.canvas === before.canvas, `${what}: the canvas still shows the dropped gesture`);
}

/**
 * Presses at `from`, drags to `to`, checks the gesture shows (`drawn`), presses `key` (Escape, or
 * another tool's shortcut), drags on past `to` and releases there.
 */
async function dragThenPress(page: Page, from: [number, number], to: [number, number], drawn: (canvas: string) => Promise<void>, key = 'Escape'): Promise<void> {
  const a = await pixelToScreen(page, ...from);
  const b = await pixelToScreen(page, ...to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await drawn(await stageCanvases(page));
  await page.keyboard.press(key);
  await page.mouse.move(b.x + 30, b.y + 20, { steps: 6 });
  await page.mouse.up();
}

/** The stage's size, zoom and pan, and the sizes its canvases are shown at. */
async function stageView(page: Page) {
  const stage = page.locator(byTestId('stage'));
  const [width, height, zoom, x, y] = await stage.evaluate((el) => [el.clientWidth, el.clientHeight, ...[el.dataset['zoom'], el.dataset['panX'], el.dataset['panY']].map(Number)]);
  const canvases = await page.locator(`${byTestId('stage')} canvas`).evaluateAll((cs) => cs.map((c) => `${(c as unknown as { clientWidth: number }).clientWidth}×${(c as unknown as { clientHeight: number }).clientHeight}`));
  return { width: width!, height: height!, zoom: zoom!, pan: { x: x!, y: y! }, canvases };
}
type StageView = Awaited<ReturnType<typeof stageView>>;

/** Why `v` is not the fit of the picture (the largest whole zoom clear of 48 px across and 112 px down, centred), or null. */
function notFit(v: StageView): string | null {
  const fits = (z: number) => z * SIZE.width <= v.width - 48 && z * SIZE.height <= v.height - 112;
  if (!Number.isInteger(v.zoom) || !fits(v.zoom) || fits(v.zoom + 1)) return `zoom ${v.zoom} is not the fit of a ${v.width}×${v.height} stage`;
  const centred = Math.abs(v.pan.x - (v.width - SIZE.width * v.zoom) / 2) <= 1 && Math.abs(v.pan.y - (v.height - SIZE.height * v.zoom) / 2) <= 1;
  return centred ? null : `pan ${v.pan.x},${v.pan.y} does not centre the picture in ${v.width}×${v.height}`;
}

/** Every canvas of the stage is shown at the stage's size. */
const canvasesFill = (v: StageView) => v.canvases.length > 0 && v.canvases.every((c) => c === `${v.width}×${v.height}`);

/** The image point at the stage's centre. */
const centreOf = (v: StageView) => ({ x: (v.width / 2 - v.pan.x) / v.zoom, y: (v.height / 2 - v.pan.y) / v.zoom });

/** Resizes the window and waits for the stage to take its new size. */
async function resizeTo(page: Page, width: number, height: number): Promise<StageView> {
  const was = await stageView(page);
  await page.setViewportSize({ width, height });
  await poll(async () => {
    const v = await stageView(page);
    return (v.width !== was.width || v.height !== was.height) && canvasesFill(v);
  }, `the stage and its canvases to take the ${width}×${height} window's size`, 5_000);
  return stageView(page);
}

export function stageSteps(ctx: Context): Step[] {
  const { page } = ctx;
  return [
    [
      'opens a 96×80 picture and paints a band of hole',
      async () => {
        await openFreshWindow(page, ctx.bridge.url);
        await openThroughDialog(page, ctx.bridge, path.join(ctx.saveDir, '..', NAME), encodePng(synthPhoto(SIZE)));
        await page.keyboard.press('b');
        await setInput(page, 'brush-size-input', '5');
        await stroke(page, ...HOLE);
        check((await holeCount(page)) > 100, `the band is ${await holeCount(page)} pixels`);
      },
    ],
    [
      'Escape mid brush stroke and mid eraser stroke: the stroke vanishes (mask, history and canvas as before)',
      async () => {
        const strokes: [string, [number, number], [number, number]][] = [
          ['b', [10, 10], [40, 20]],
          ['e', [35, 40], [55, 40]],
        ];
        for (const [key, from, to] of strokes) {
          await page.keyboard.press(key);
          const before = await snapshot(page);
          await dragThenPress(page, from, to, async () => check((await holeCount(page)) !== before.holes, `the ${key === 'b' ? 'brush' : 'eraser'} stroke changed no pixel while drawn`));
          await unchanged(page, before, key === 'b' ? 'brush' : 'eraser');
        }
      },
    ],
    [
      'Escape mid rectangle and mid freehand lasso: nothing is selected',
      async () => {
        for (const key of ['r', 'l']) {
          await page.keyboard.press(key);
          const before = await snapshot(page);
          await dragThenPress(page, [10, 10], [50, 60], async (canvas) => check(canvas !== before.canvas, `the ${key === 'r' ? 'rectangle' : 'lasso'} is not outlined while drawn`));
          await unchanged(page, before, key === 'r' ? 'rectangle' : 'freehand lasso');
        }
      },
    ],
    [
      'Escape while a polygon lasso is clicked corner by corner: nothing is selected',
      async () => {
        await page.keyboard.press('l');
        const before = await snapshot(page);
        for (const [x, y] of [
          [10, 10],
          [60, 12],
          [50, 60],
        ]) {
          const p = await pixelToScreen(page, x, y);
          await page.mouse.click(p.x, p.y);
        }
        check((await stageCanvases(page)) !== before.canvas, 'the polygon is not outlined while clicked');
        await page.keyboard.press('Escape');
        await unchanged(page, before, 'polygon lasso');
      },
    ],
    [
      'Escape, or another tool, mid keep stroke over a chain’s frame keeps nothing; the same stroke released keeps pixels',
      async () => {
        await page.selectOption(byTestId('preset'), { label: 'Default' });
        await setInput(page, 'param-steps', '30');
        await page.click(byTestId('inpaint'));
        await waitForText(page, 'run-status', /^Done$/, 120_000);
        await page.keyboard.press('k');
        await setInput(page, 'brush-size-input', '3');
        const before = await snapshot(page);
        await dragThenPress(page, [32, 40], [58, 40], async (canvas) => check(canvas !== before.canvas, 'the keep stroke is not shown while drawn'));
        await unchanged(page, before, 'keep');
        await dragThenPress(page, [32, 40], [58, 40], async (canvas) => check(canvas !== before.canvas, 'the keep stroke is not shown while drawn'), 'b');
        await unchanged(page, before, 'keep, then the brush tool mid-stroke');
        await page.keyboard.press('k');
        // the control: the same stroke, released, freezes pixels (so the one above was really drawn)
        await stroke(page, [32, 40], [58, 40]);
        await page.locator(`${byTestId('history-list')} li`, { hasText: /^Keep \d+ px of run \d+ frame \d+/ }).waitFor();
        check((await holeCount(page)) < before.holes, 'the released keep stroke kept nothing');
        await waitForText(page, 'run-status', /^Done$/, 120_000);
        await page.keyboard.press('b');
      },
    ],
    [
      'a resized window fits the picture again while the view is the fit; a zoomed view keeps its zoom and centre',
      async () => {
        const size = page.viewportSize()!;
        await page.keyboard.press('f');
        await poll(async () => notFit(await stageView(page)) === null, 'the fit');
        for (const [w, h] of [
          [1100, 750],
          [1700, 1000],
        ]) {
          const v = await resizeTo(page, w!, h!);
          await poll(async () => notFit(await stageView(page)) === null, `the fit at ${w}×${h}: ${notFit(await stageView(page))}`, 5_000);
          check(canvasesFill(await stageView(page)), `the canvases are ${v.canvases.join(', ')} in a ${v.width}×${v.height} stage`);
        }
        await page.click(`${byTestId('stage')} .zoombar button[title^="Zoom in"]`);
        const zoomed = await stageView(page);
        check(notFit(zoomed) !== null, 'the zoom button left the fit');
        const after = await resizeTo(page, 1200, 800);
        check(after.zoom === zoomed.zoom, `the zoom went from ${zoomed.zoom} to ${after.zoom}`);
        const [a, b] = [centreOf(zoomed), centreOf(after)];
        check(Math.hypot(a.x - b.x, a.y - b.y) <= 1 / after.zoom, `the centre moved from ${a.x},${a.y} to ${b.x},${b.y}`);
        check(canvasesFill(after), `the canvases are ${after.canvases.join(', ')} in a ${after.width}×${after.height} stage`);
        await page.setViewportSize(size);
        await page.keyboard.press('f');
        await poll(async () => notFit(await stageView(page)) === null, 'the fit again');
      },
    ],
  ];
}
