/** Issue 18 in the browser: a 1024×768 photo opened at its own size, inpainted on a working region, accepted and exported. */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { decodePng, decodePngDeep, readPngText, type RgbaImage } from '../electron/core/image/png';
import { encodePng } from '../electron/core/image/png-encode';
import type { Context } from './app-steps';
import { check, type Step } from './harness';
import { byTestId, GIBBS_PRESET, holeCount, poll, setInput, stroke, text, waitForText } from './page-helpers';

const PHOTO = 'photo-1024.png';
/** The same photo at 16 bits, its low bytes varying on their own. */
const PHOTO16 = 'photo16-1024.png';
const SIZE = { width: 1024, height: 768 };
/** A short stroke well inside the photo (image pixels), and the default brush. */
const STROKE: [[number, number], [number, number]] = [[500, 380], [512, 384]];
const BRUSH = 3;

/**
 * Photo-like: smooth colour gradients with per-pixel noise, opaque, every channel in 1…254, so
 * any pixel a binary model draws (0 or 255) differs from the original's.
 */
export function synthPhoto({ width, height } = SIZE): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  let s = 12345;
  const noise = () => (((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24) - 128) / 10;
  const channel = (v: number) => Math.min(254, Math.max(1, Math.round(v + noise())));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      data[at] = channel(40 + (170 * x) / width);
      data[at + 1] = channel(60 + (130 * y) / height);
      data[at + 2] = channel(128 + 90 * Math.sin((x + y) / 90));
      data[at + 3] = 255;
    }
  }
  return { width, height, data };
}

/** Distance from image pixel (x, y)'s centre to the stroke's segment. */
function distanceToStroke(x: number, y: number): number {
  const [[ax, ay], [bx, by]] = STROKE.map(([px, py]) => [px + 0.5, py + 0.5]) as [[number, number], [number, number]];
  const [px, py] = [x + 0.5, y + 0.5];
  const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
}

const rectOf = async (page: Page) => (await page.getAttribute(byTestId('region-frame'), 'data-rect'))!.split(',').map(Number);
const savedPath = async (page: Page, pattern: RegExp) => (await waitForText(page, 'export-saved', pattern)).replace(/^Last saved: /, '');

export function regionSteps(ctx: Context): Step[] {
  const { page } = ctx;
  const original = synthPhoto();
  let steps = '';
  return [
    [
      'opens a 1024×768 photo at its own size (decoded on a worker), with no region until a mask is painted',
      async () => {
        const file = path.join(ctx.saveDir, '..', PHOTO);
        await writeFile(file, encodePng(original));
        ctx.bridge.queueOpen(file);
        await page.click(byTestId('open'));
        await page.locator(`${byTestId('history-list')} li`, { hasText: `Open ${PHOTO}` }).waitFor({ timeout: 60_000 });
        check((await text(page, 'status-image')) === `${PHOTO} · 1024×768`, `the status bar reads ${await text(page, 'status-image')}`);
        check(/^none/.test(await text(page, 'status-region')), 'no region without a mask');
        check((await page.locator(byTestId('opening')).count()) === 0, 'the opening notice is gone');
      },
    ],
    [
      'a small hole gets a native-size working region, shown as a frame the user can move and reset',
      async () => {
        steps = await page.inputValue(byTestId('param-steps'));
        await page.selectOption(byTestId('preset'), { label: GIBBS_PRESET }); // one step per hole pixel
        await stroke(page, ...STROKE);
        await waitForText(page, 'status-region', /^region 28×28 at native scale$/);
        const [x, y, w, h] = await rectOf(page);
        check(w === 28 && h === 28 && x! <= 500 && y! <= 380 && x! + 28 > 512 && y! + 28 > 384, `the frame holds the stroke (${x},${y} ${w}×${h})`);
        check(/^receptive field \d+ px$/.test(await text(page, 'receptive-field')), 'the receptive field is shown');
        const tab = (await page.locator(byTestId('region-tab')).boundingBox())!;
        await page.mouse.move(tab.x + 10, tab.y + tab.height / 2);
        await page.mouse.down();
        await page.mouse.move(tab.x + 110, tab.y + tab.height / 2, { steps: 5 });
        await page.mouse.up();
        const moved = await rectOf(page);
        check(moved[0]! > x! + 100 && moved[1] === y, `the frame moved to ${moved.join(',')}`);
        await page.locator(byTestId('region-outside'), { hasText: 'outside the working region and will not be inpainted' }).waitFor();
        await page.click(byTestId('region-reset'));
        check((await rectOf(page)).join() === [x, y, w, h].join(), 'reset to auto brings the frame back');
      },
    ],
    [
      'inpaints only the region; the frame on screen exports as the full-size picture with its region in tEXt',
      async () => {
        await page.click(byTestId('inpaint'));
        await waitForText(page, 'run-status', /^Done$/, 60_000);
        const [at, last] = (await text(page, 'frame-label')).split('/').map((v) => Number.parseInt(v, 10));
        check(at === last && last === (await holeCount(page)), `one step per hole pixel (${at}/${last})`);
        await page.click(byTestId('export-png'));
        const bytes = new Uint8Array(await readFile(await savedPath(page, /-f\d+\.png$/)));
        const meta = JSON.parse(readPngText(bytes)['gibbs-inpaint'] ?? '{}') as { region?: { rect: { width: number }; scale: string }; feather?: number };
        check(meta.region?.rect.width === 28 && meta.region.scale === 'native' && meta.feather === 0, `tEXt holds ${JSON.stringify(meta).slice(0, 200)}`);
        const png = decodePng(bytes);
        check(png.width === 1024 && png.height === 768, `the PNG is ${png.width}×${png.height}`);
      },
    ],
    [
      'accepts, and the exported PNG is 1024×768 with every pixel outside the mask the original’s',
      async () => {
        await page.click(byTestId('accept'));
        await page.click(byTestId('export-png'));
        const png = decodePng(new Uint8Array(await readFile(await savedPath(page, new RegExp(`/${PHOTO}$`)))));
        check(png.width === SIZE.width && png.height === SIZE.height, `the PNG is ${png.width}×${png.height}`);
        let changed = 0;
        let farthest = 0;
        for (let i = 0; i < SIZE.width * SIZE.height; i++) {
          if ([0, 1, 2, 3].every((c) => png.data[i * 4 + c] === original.data[i * 4 + c])) continue;
          changed++;
          farthest = Math.max(farthest, distanceToStroke(i % SIZE.width, Math.floor(i / SIZE.width)));
        }
        // every hole pixel now holds 0 or 255, which no pixel of the photo does: the changed pixels are the hole itself
        const hole = await holeCount(page);
        check(changed === hole, `${changed} pixels changed, the hole has ${hole}`);
        check(farthest <= BRUSH / 2 + 1.5, `the farthest changed pixel is ${farthest.toFixed(1)} px from the stroke`);
      },
    ],
    [
      'a large hole gets a region about twice its size at fit scale',
      async () => {
        await setInput(page, 'brush-size-input', '32');
        await stroke(page, [300, 300], [620, 420]);
        await waitForText(page, 'status-region', /^region \d+×\d+ → \d+×\d+ \(fit\)$/);
        const [, , w, h] = await rectOf(page);
        check(w! > 300 && h! > 150, `the region is ${w}×${h}`);
        await setInput(page, 'brush-size-input', String(BRUSH));
      },
    ],
    [
      'inpaints the large hole at fit scale; accepted, the picture still holds the original outside the mask',
      async () => {
        await page.click(byTestId('inpaint'));
        await waitForText(page, 'run-status', /^Done$/, 60_000);
        await page.click(byTestId('accept'));
        const file = path.join(ctx.saveDir, PHOTO);
        const before = (await stat(file)).mtimeMs;
        await page.click(byTestId('export-png'));
        await poll(async () => (await stat(file)).mtimeMs > before, 'the PNG to be saved again');
        await savedPath(page, new RegExp(`/${PHOTO}$`));
        const png = decodePng(new Uint8Array(await readFile(file)));
        let changed = 0;
        for (let i = 0; i < SIZE.width * SIZE.height; i++) if ([0, 1, 2, 3].some((c) => png.data[i * 4 + c] !== original.data[i * 4 + c])) changed++;
        // nearest-neighbour upsampling for a binary model: every hole pixel is 0 or 255, none outside changed
        const hole = await holeCount(page);
        check(changed === hole, `${changed} pixels differ from the original, the hole has ${hole}`);
        await setInput(page, 'param-steps', steps);
      },
    ],
    [
      'a 16-bit photo keeps its 16 bits: inpainted and accepted, the exported PNG is 16-bit and every sample outside the mask is the file’s',
      async () => {
        const deep = { ...SIZE, data: Uint16Array.from(original.data, (v, i) => (v << 8) | ((i * 29 + 7) & 255)) };
        const file = path.join(ctx.saveDir, '..', PHOTO16);
        await writeFile(file, encodePng(deep));
        ctx.bridge.queueOpen(file);
        await page.click(byTestId('open'));
        await page.locator(`${byTestId('history-list')} li`, { hasText: `Open ${PHOTO16}` }).waitFor({ timeout: 60_000 });
        await setInput(page, 'param-steps', ''); // one step per hole pixel
        await stroke(page, ...STROKE);
        await waitForText(page, 'status-region', /^region 28×28 at native scale$/);
        await page.click(byTestId('inpaint'));
        await waitForText(page, 'run-status', /^Done$/, 60_000);
        await page.click(byTestId('accept'));
        await page.click(byTestId('export-png'));
        const bytes = new Uint8Array(await readFile(await savedPath(page, new RegExp(`/${PHOTO16}$`))));
        check(bytes[24] === 16, `the PNG's bit depth is ${bytes[24]}`);
        const { rgba16 } = decodePngDeep(bytes);
        let changed = 0;
        for (let i = 0; i < SIZE.width * SIZE.height; i++) if ([0, 1, 2, 3].some((c) => rgba16![i * 4 + c] !== deep.data[i * 4 + c])) changed++;
        // the hole's pixels are 0 or 65535 (255 ×257), which no sample of the photo is: the changed pixels are the hole itself
        const hole = await holeCount(page);
        check(changed === hole, `${changed} pixels differ from the 16-bit original, the hole has ${hole}`);
        await setInput(page, 'param-steps', steps);
      },
    ],
  ];
}
