/** Issue 21's mask tools in the browser: a rectangle, a lasso taken out, the wand (contiguous, then global), the alpha, a grow; each one undo step. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { RgbaImage } from '../electron/core/image/png';
import { encodePng } from '../electron/core/image/png-encode';
import type { Context } from './app-steps';
import { check, type Step } from './harness';
import { byTestId, holeCount, pixelToScreen, poll, setInput } from './page-helpers';

const NAME = 'mask-tools.png';
const SIZE = { width: 400, height: 300 };
type Box = [x: number, y: number, width: number, height: number];
/** Two squares of one red on a green ground (the wand's colour), and a transparent strip (the alpha's). */
const SQUARES: Box[] = [
  [250, 100, 50, 50],
  [320, 200, 40, 40],
];
const CLEAR: Box = [380, 0, 20, 10];
/** Image pixels: the rectangle dragged between two pixel centres, and the corners clicked for the lasso. */
const RECT: Box = [20, 20, 100, 80];
const LASSO: Box = [40, 40, 40, 20];
const GROW = 2;

function fillBox(data: Uint8Array, [x0, y0, w, h]: Box, rgba: number[]): void {
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) data.set(rgba, (y * SIZE.width + x) * 4);
}

function picture(): RgbaImage {
  const data = new Uint8Array(SIZE.width * SIZE.height * 4);
  fillBox(data, [0, 0, SIZE.width, SIZE.height], [30, 120, 60, 255]);
  for (const square of SQUARES) fillBox(data, square, [220, 40, 40, 255]);
  fillBox(data, CLEAR, [0, 0, 0, 0]);
  return { ...SIZE, data };
}

/** The mask the steps should leave before the grow, built here on its own. */
function expectedMask(): Uint8Array {
  const mask = new Uint8Array(SIZE.width * SIZE.height);
  const set = ([x0, y0, w, h]: Box, v: number) => {
    for (let y = y0; y < y0 + h; y++) mask.fill(v, y * SIZE.width + x0, y * SIZE.width + x0 + w);
  };
  set(RECT, 1);
  set(LASSO, 0);
  for (const square of SQUARES) set(square, 1);
  set(CLEAR, 1);
  return mask;
}

/** Hole pixels once every pixel within Euclidean distance n of the hole joins it, counted here by brute force. */
function grownCount(mask: Uint8Array, n: number): number {
  const { width, height } = SIZE;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let near = false;
      for (let dy = -n; dy <= n && !near; dy++) {
        for (let dx = -n; dx <= n && !near; dx++) {
          const [qx, qy] = [x + dx, y + dy];
          near = dx * dx + dy * dy <= n * n && qx >= 0 && qy >= 0 && qx < width && qy < height && mask[qy * width + qx] === 1;
        }
      }
      if (near) count++;
    }
  }
  return count;
}

const area = ([, , w, h]: Box) => w * h;
const historyNames = (page: Page) => page.locator(`${byTestId('history-list')} li:not(.undone)`).allTextContents();

async function waitForHoles(page: Page, n: number, what: string): Promise<void> {
  await poll(async () => (await holeCount(page)) === n, `${what}: ${n} hole pixels (the panel says ${await holeCount(page)})`, 10_000);
}

async function drag(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  const a = await pixelToScreen(page, ...from);
  const b = await pixelToScreen(page, ...to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await page.mouse.up();
}

async function clickPixel(page: Page, x: number, y: number): Promise<void> {
  const p = await pixelToScreen(page, x, y);
  await page.mouse.click(p.x, p.y);
}

export function maskToolsSteps(ctx: Context): Step[] {
  const { page } = ctx;
  const counts: number[] = [];
  /** The canvas as first drawn after the lasso, to compare with the same mask brought back by undo. */
  let afterLasso: Buffer | null = null;
  // the stage's canvases as painted, without the DOM drawn over them (zoom bar, hints, focus)
  const stageShot = async () =>
    Buffer.from(await page.locator(`${byTestId('stage')} canvas`).evaluateAll((canvases) => canvases.map((c) => (c as unknown as { toDataURL(): string }).toDataURL()).join('|')));
  const done = async (n: number, what: string) => {
    await waitForHoles(page, n, what);
    counts.push(n);
  };
  return [
    [
      'opens a picture with flat colours and a transparent strip',
      async () => {
        if (page.url() === 'about:blank') {
          // the group run on its own (E2E_GROUPS): let the launch image open first, so it cannot replace ours
          await page.goto(ctx.bridge.url);
          await page.locator(`${byTestId('history-list')} li`).first().waitFor({ timeout: 60_000 });
        }
        const file = path.join(ctx.saveDir, '..', NAME);
        await writeFile(file, encodePng(picture()));
        ctx.bridge.queueOpen(file);
        await page.click(byTestId('open'));
        await page.locator(`${byTestId('history-list')} li`, { hasText: `Open ${NAME}` }).waitFor({ timeout: 60_000 });
        await done(0, 'a new picture');
      },
    ],
    [
      'R and a drag select a rectangle: the pixels whose centres it covers',
      async () => {
        await page.keyboard.press('r');
        check((await page.getAttribute(byTestId('tool-rect'), 'class'))?.includes('on') === true, 'R picks the rectangle tool');
        const [x, y, w, h] = RECT;
        await drag(page, [x, y], [x + w, y + h]); // from centre to centre: w × h centres
        await done(area(RECT), 'the rectangle');
      },
    ],
    [
      'a lasso clicked corner by corner, closed with Enter, in Subtract mode, takes its pixels out',
      async () => {
        await page.click(byTestId('tool-lasso'));
        await page.click(byTestId('select-subtract'));
        const [x, y, w, h] = LASSO;
        for (const [px, py] of [[x, y], [x + w, y], [x + w, y + h], [x, y + h]] as const) await clickPixel(page, px, py);
        const hover = await pixelToScreen(page, x - 10, y + h / 2);
        await page.mouse.move(hover.x, hover.y); // the outline follows the pointer until closed
        await page.screenshot({ path: path.join(ctx.shotsDir, 'mask-tools-lasso.png') });
        await page.keyboard.press('Enter');
        await done(area(RECT) - area(LASSO), 'the lasso taken out');
        afterLasso = await stageShot();
        await page.click(byTestId('select-add'));
      },
    ],
    [
      'the wand takes one red square (contiguous), then both (global)',
      async () => {
        await page.keyboard.press('w');
        const [[x, y]] = SQUARES as [Box];
        await clickPixel(page, x + 10, y + 10);
        await done(counts.at(-1)! + area(SQUARES[0]!), 'the contiguous wand');
        await page.uncheck(byTestId('wand-contiguous'));
        await clickPixel(page, x + 10, y + 10);
        await done(counts.at(-1)! + area(SQUARES[1]!), 'the global wand');
      },
    ],
    [
      'the transparent pixels join the hole from the alpha',
      async () => {
        await page.click(byTestId('mask-from-alpha'));
        await done(counts.at(-1)! + area(CLEAR), 'the alpha');
      },
    ],
    [
      `G grows the hole by ${GROW} px (Euclidean distance, counted here by brute force)`,
      async () => {
        await setInput(page, 'grow-by', String(GROW));
        await page.keyboard.press('g');
        await done(grownCount(expectedMask(), GROW), 'the grow');
        await page.screenshot({ path: path.join(ctx.shotsDir, 'mask-tools.png') });
      },
    ],
    [
      'each tool was one undo step: undo walks the hole back through every count to none',
      async () => {
        const names = (await historyNames(page)).slice(-6).map((s) => s.trim());
        check(names.join(' | ').includes('Rectangle (add) | Lasso (subtract) | Wand (add) | Wand, global (add) | Mask from alpha (add) | Grow mask 2 px'), `the history reads ${names.join(' | ')}`);
        for (const n of counts.slice(0, -1).reverse()) {
          await page.keyboard.press('Control+z');
          await waitForHoles(page, n, 'undo');
          // an undo repaints only the rectangles it changed: the overlay must still be the one first drawn for this mask
          if (n === area(RECT) - area(LASSO)) check((await stageShot()).equals(afterLasso!), 'after undo, the canvas differs from the one drawn when the lasso was taken out');
        }
        await page.click(byTestId('tool-brush'));
      },
    ],
  ];
}
