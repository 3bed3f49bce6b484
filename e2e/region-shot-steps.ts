/**
 * The README's working-region screenshot (`npm run screenshots` only): a colour photo at its own
 * size with a Noto emoji sticker on it, a hole painted over the sticker's mouth, the native-scale
 * working region's frame around it, and emoji-64's fill shown in place.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { decodePng, type RgbaImage } from '../electron/core/image/png';
import { encodePng } from '../electron/core/image/png-encode';
import type { Bridge } from './bridge/server';
import { ROOT } from './browser';
import { check, type Step } from './harness';
import { byTestId, setInput, stroke, text, waitForText } from './page-helpers';
import { synthPhoto } from './region-steps';

const MODEL = 'emoji-64';
const STICKER = path.join(ROOT, 'node_modules/emoji-datasource-google/img/google/64/1f600.png');
const AT = { x: 600, y: 280 };
const NAME = 'photo-with-sticker.png';
/** Enough for a settled fill, few enough for a loaded 2-core machine. */
const STEPS = 96;

export interface ShotContext {
  page: Page;
  bridge: Bridge;
  modelsRoot: string;
  saveDir: string;
  shotsDir: string;
}

/** `sticker` composited over `photo` at `at` by its alpha. */
function paste(photo: RgbaImage, sticker: RgbaImage, at: { x: number; y: number }): RgbaImage {
  const data = photo.data.slice();
  for (let y = 0; y < sticker.height; y++) {
    for (let x = 0; x < sticker.width; x++) {
      const s = (y * sticker.width + x) * 4;
      const d = ((at.y + y) * photo.width + at.x + x) * 4;
      const a = sticker.data[s + 3]! / 255;
      for (let c = 0; c < 3; c++) data[d + c] = Math.round(sticker.data[s + c]! * a + data[d + c]! * (1 - a));
    }
  }
  return { ...photo, data };
}

export function regionShotSteps(ctx: ShotContext): Step[] {
  const { page } = ctx;
  return [
    [
      'draws the working-region screenshot: a photo, its native-scale region and an emoji-64 fill',
      async () => {
        await cp(path.join(ROOT, 'models', MODEL), path.join(ctx.modelsRoot, MODEL), { recursive: true });
        await page.reload(); // the model list is read at start
        await waitForText(page, 'status-backend', /onnxruntime|tfjs|wasm/, 120_000);
        await page.selectOption(byTestId('model'), MODEL);
        await waitForText(page, 'status-backend', /onnxruntime|tfjs|wasm/, 120_000);
        const file = path.join(ctx.saveDir, '..', NAME);
        await writeFile(file, encodePng(paste(synthPhoto(), decodePng(await readFile(STICKER)), AT)));
        ctx.bridge.queueOpen(file);
        await page.click(byTestId('open'));
        await page.locator(`${byTestId('history-list')} li`, { hasText: `Open ${NAME}` }).waitFor({ timeout: 60_000 });
        await setInput(page, 'seed', '7');
        await setInput(page, 'param-steps', String(STEPS));
        await setInput(page, 'brush-size-input', '9');
        await stroke(page, [AT.x + 18, AT.y + 44], [AT.x + 46, AT.y + 44]);
        await waitForText(page, 'status-region', /^region 64×64 at native scale$/);
        await page.click(byTestId('inpaint'));
        await waitForText(page, 'run-status', /^Done$/, 400_000);
        const frame = (await page.locator(byTestId('region-frame')).boundingBox())!;
        await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2);
        for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -100);
        await page.mouse.move(0, 0); // no brush ring
        const toasts = page.locator(`${byTestId('toasts')} > *`);
        while ((await toasts.count()) > 0) await toasts.first().click(); // a click dismisses a notice
        check((await text(page, 'status-image')) === `${NAME} · 1024×768`, `the status bar reads ${await text(page, 'status-image')}`);
        await page.screenshot({ path: path.join(ctx.shotsDir, 'working-region.png') });
      },
    ],
  ];
}
