/** Issue 20's "what the user sees": the uncertainty and change overlays, their PNGs, keep (freeze) mid-chain, and "use these settings". */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { decodePng, readPngText, type RgbaImage } from '../electron/core/image/png';
import { encodePng } from '../electron/core/image/png-encode';
import type { Context } from './app-steps';
import { check, type Step } from './harness';
import { byTestId, frameLabel, GIBBS_PRESET, holeCount, openFreshWindow, openThroughDialog, poll, setInput, stroke, text, waitForText } from './page-helpers';
import { synthPhoto } from './region-steps';

const NAME = 'maps-96x80.png';
const SIZE = { width: 96, height: 80 };
/** A band of hole 9 pixels tall around row 40; the keep stroke runs along its middle. */
const HOLE: [[number, number], [number, number]] = [[40, 40], [52, 40]];
const KEEP: [[number, number], [number, number]] = [[42, 40], [50, 40]];
/** Pixels whose centres lie within 1 of the keep stroke: a 3-pixel brush keeps them for sure. */
const KEPT = Array.from({ length: 9 * 3 }, (_, i) => ({ x: 42 + (i % 9), y: 39 + Math.floor(i / 9) }));

const savedPath = async (page: Page, pattern: RegExp) => (await waitForText(page, 'export-saved', pattern)).replace(/^Last saved: /, '');
const runOptions = (page: Page) => page.locator(`${byTestId('run')} option`).allTextContents();
const pixel = (png: RgbaImage, x: number, y: number) => Array.from(png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4));

/** The frame on screen exported as the full picture. */
async function exportFrame(page: Page): Promise<RgbaImage> {
  const before = await text(page, 'export-saved').catch(() => '');
  await page.click(byTestId('export-png'));
  await poll(async () => /-f\d+\.png$/.test(await text(page, 'export-saved')) && (await text(page, 'export-saved')) !== before, 'the frame PNG');
  return decodePng(new Uint8Array(await readFile(await savedPath(page, /-f\d+\.png$/))));
}

async function lastFrame(page: Page): Promise<void> {
  const max = await page.getAttribute(byTestId('scrub'), 'max');
  await setInput(page, 'scrub', max!);
}

export function mapsSteps(ctx: Context): Step[] {
  const { page } = ctx;
  let parentSeed = '';
  let kept: RgbaImage | null = null;
  return [
    [
      'opens a 96×80 picture, paints a band of hole and starts a 600-step chain at T 5 (pixels keep changing)',
      async () => {
        await openFreshWindow(page, ctx.bridge.url);
        await openThroughDialog(page, ctx.bridge, path.join(ctx.saveDir, '..', NAME), encodePng(synthPhoto(SIZE)));
        await page.selectOption(byTestId('preset'), { label: GIBBS_PRESET }); // a live Gibbs chain: keep carries on with its steps left
        await setInput(page, 'param-steps', '600');
        await setInput(page, 'param-temperature', '5');
        await page.click(byTestId('tool-brush'));
        await setInput(page, 'brush-size-input', '9');
        await stroke(page, ...HOLE);
        await waitForText(page, 'status-region', /^region 28×28 at native scale$/);
        await page.click(byTestId('inpaint'));
        await poll(async () => (await frameLabel(page))[0] >= 1, 'the first steps', 60_000);
      },
    ],
    [
      'toggles the uncertainty and the change overlays over the region, each with its legend',
      async () => {
        const stage = page.locator(byTestId('stage'));
        await page.click(byTestId('map-uncertainty'));
        await waitForText(page, 'map-legend', /Uncertainty/);
        check((await text(page, 'map-legend-high')) === '1 bits/px', `a binary model's scale tops at 1 bit (${await text(page, 'map-legend-high')})`);
        await stage.screenshot({ path: path.join(ctx.shotsDir, 'maps-uncertainty.png') });
        await page.click(byTestId('map-changes'));
        await waitForText(page, 'map-legend', /Changes so far/);
        check(/^\d+ changes$/.test(await text(page, 'map-legend-high')), `the change scale reads ${await text(page, 'map-legend-high')}`);
        await stage.screenshot({ path: path.join(ctx.shotsDir, 'maps-changes.png') });
        await page.click(byTestId('map-changes'));
        await page.locator(byTestId('map-legend')).waitFor({ state: 'detached' });
      },
    ],
    [
      'exports both maps as PNGs of the full picture’s size, opaque exactly on the hole',
      async () => {
        const hole = await holeCount(page);
        for (const kind of ['uncertainty', 'changes']) {
          await page.click(byTestId(`export-map-${kind}`));
          const png = decodePng(new Uint8Array(await readFile(await savedPath(page, new RegExp(`-${kind}\\.png$`)))));
          check(png.width === SIZE.width && png.height === SIZE.height, `the ${kind} PNG is ${png.width}×${png.height}`);
          let opaque = 0;
          for (let i = 3; i < png.data.length; i += 4) opaque += png.data[i] === 255 ? 1 : png.data[i] === 0 ? 0 : NaN;
          check(opaque === hole, `${opaque} opaque pixels for a ${hole}-pixel hole`);
          check(pixel(png, 46, 40)[3] === 255 && pixel(png, 5, 5)[3] === 0, 'the hole is coloured, the rest transparent');
          const comment = readPngText(new Uint8Array(await readFile(await savedPath(page, new RegExp(`-${kind}\\.png$`)))))['Comment'] ?? '';
          check(comment.includes(kind === 'uncertainty' ? 'bits/px' : 'changes'), `its scale is in tEXt (${comment})`);
        }
      },
    ],
    [
      'keeps pixels mid-chain: they leave the hole (one undo step) and stay fixed for the rest of the chain and its branches',
      async () => {
        await poll(async () => (await frameLabel(page))[0] >= 20, '20 steps', 60_000);
        parentSeed = await page.inputValue(byTestId('seed'));
        const hole = await holeCount(page);
        const runs = (await runOptions(page)).length;
        await page.click(byTestId('tool-keep'));
        await setInput(page, 'brush-size-input', '3');
        await stroke(page, ...KEEP);
        const step = page.locator(`${byTestId('history-list')} li`, { hasText: /^Keep \d+ px of run \d+ frame \d+/ });
        await step.waitFor();
        const at = Number(/frame (\d+)/.exec((await step.textContent()) ?? '')![1]);
        check((await holeCount(page)) < hole - KEPT.length + 1, `the hole shrank from ${hole} to ${await holeCount(page)}`);
        await poll(async () => (await runOptions(page)).length === runs + 1, 'the branch');
        check((await runOptions(page)).some((o) => /kept \d+ px/.test(o) && /branch/.test(o)), `the branch is listed (${(await runOptions(page)).join(' | ')})`);
        await waitForText(page, 'run-status', /^Done$/, 120_000);
        check((await frameLabel(page))[1] === (at < 600 ? 600 - at : 600), `the branch ran the steps left (${(await frameLabel(page))[1]} after frame ${at})`);
        if (at < 600) check((await runOptions(page)).some((o) => /· cancelled\s*$/.test(o)), 'the live parent was cancelled');
        await setInput(page, 'scrub', '0');
        const first = await exportFrame(page);
        await lastFrame(page);
        const last = await exportFrame(page);
        for (const { x, y } of KEPT) check(pixel(last, x, y).join() === pixel(first, x, y).join(), `kept pixel ${x},${y} changed`);
        const moved = Array.from({ length: 13 }, (_, i) => 40 + i).some((x) => [36, 37, 43, 44].some((y) => pixel(last, x, y).join() !== pixel(first, x, y).join()));
        check(moved, 'the rest of the hole went on changing');
        kept = first;
        // a branch of the branch inherits the smaller hole
        await page.click(byTestId('tool-brush'));
        await setInput(page, 'param-steps', '40');
        await page.click(byTestId('continue'));
        await poll(async () => (await runOptions(page)).length === runs + 2, 'the second branch');
        await waitForText(page, 'run-status', /^Done$/, 60_000);
        await lastFrame(page);
        const grandchild = await exportFrame(page);
        for (const { x, y } of KEPT) check(pixel(grandchild, x, y).join() === pixel(first, x, y).join(), `kept pixel ${x},${y} changed in the branch's branch`);
      },
    ],
    [
      'shows each run’s sampler, parameters and seed, and "use these settings" puts them back in the panel',
      async () => {
        const parent = (await runOptions(page)).find((o) => !o.includes('branch'))!;
        const id = /^Run (\d+)/.exec(parent.trim())![1]!;
        await page.selectOption(byTestId('run'), id);
        const summary = await text(page, 'run-settings');
        check(summary.startsWith('gibbs · T 5 · α 0.5→0.1 · η 0.7 · 600 steps') && summary.endsWith(`seed ${parentSeed}`), `the run reads "${summary}"`);
        await setInput(page, 'param-temperature', '0.33');
        await setInput(page, 'param-steps', '12');
        await page.click(byTestId('use-settings'));
        check((await page.inputValue(byTestId('param-temperature'))) === '5', 'the temperature is the run’s');
        check((await page.inputValue(byTestId('param-steps'))) === '600', 'the steps are the run’s');
        check((await page.inputValue(byTestId('seed'))) === parentSeed, 'the seed is the run’s');
        check((await page.getAttribute(byTestId('seed-lock'), 'class'))?.includes('on') === true, 'the seed is locked');
        check(kept !== null, 'the keep step ran');
      },
    ],
  ];
}
