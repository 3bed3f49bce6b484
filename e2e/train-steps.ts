/**
 * Issue 19 in the browser: train on a tiny folder of the user's images with the real trainer
 * (Python + torch, as CI has), watch its progress, get the model in the picker and inpaint with it.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { encodePng } from '../electron/core/image/png-encode';
import type { Context } from './app-steps';
import { check, type Step } from './harness';
import { byTestId, holeCount, poll, setInput, stroke, text, waitForText } from './page-helpers';

/** The fixture model fine-tuned (28×28, two levels: the fastest to train). */
const BASE_TITLE = 'MNIST 28×28 binary (random e2e weights)';
const TITLE = 'E2E strokes';
const IMAGES = 10;

/** A white stroke or two on black, 40×36: larger than the model, so the run crops. */
function strokes(seed: number): Uint8Array {
  const [width, height] = [40, 36];
  const data = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) data[p * 4 + 3] = 255;
  for (let y = 4; y < height - 4; y++) {
    for (const x of [6 + ((seed * 3 + y) % 9), 22 + ((seed * 5 + 2 * y) % 11)]) data.set([255, 255, 255], (y * width + x) * 4);
  }
  return encodePng({ width, height, data });
}

async function writeFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < IMAGES; i++) await writeFile(path.join(dir, `stroke-${i}.png`), strokes(i));
  await writeFile(path.join(dir, 'damaged.png'), new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0]));
}

const attr = async (page: Page, id: string, name: string) => Number(await page.getAttribute(byTestId(id), name));

export function trainSteps(ctx: Context): Step[] {
  const { page } = ctx;
  const folder = path.join(ctx.saveDir, '..', 'my-strokes');
  return [
    [
      'refuses a folder without images in one line, then previews the examples a run will draw, counting the damaged file as skipped',
      async () => {
        // a development machine's python3 may lack torch where Debian's has it (CI has python3-torch)
        if (!process.env['PYTHON'] && existsSync('/usr/bin/python3')) process.env['PYTHON'] = '/usr/bin/python3';
        await writeFolder(folder);
        if (!page.url().startsWith(ctx.bridge.url)) await page.goto(ctx.bridge.url); // run on its own
        await page.locator(`${byTestId('model')} option`, { hasText: BASE_TITLE }).waitFor({ state: 'attached' });
        await page.click(byTestId('train-open'));
        await page.locator(byTestId('train-panel')).waitFor();
        // a folder with no images: one line, nothing started
        const empty = path.join(folder, '..', 'no-images');
        await mkdir(empty, { recursive: true });
        await writeFile(path.join(empty, 'notes.txt'), 'not an image');
        ctx.bridge.queueOpen(empty);
        await page.click(byTestId('train-pick'));
        await poll(async () => (await page.inputValue(byTestId('train-folder'))) === empty, 'the empty folder is picked');
        await page.click(byTestId('train-preview'));
        const problem = await waitForText(page, 'train-problem', /no images/, 120_000);
        check(problem === `--data-dir ${empty}: no images (looked for .png, .jpg, .jpeg, .gif, .webp, .bmp files, subfolders included)`, `the message reads "${problem}"`);
        check((await page.locator(byTestId('train-status')).count()) === 0, 'no run started');
        ctx.bridge.queueOpen(folder);
        await page.click(byTestId('train-pick'));
        await poll(async () => (await page.inputValue(byTestId('train-folder'))) === folder, 'the folder is picked');
        await page.selectOption(byTestId('train-base'), { label: BASE_TITLE });
        check(/28×28 examples, 2 levels, grey/.test(await text(page, 'train-geometry')), `the geometry follows the base: ${await text(page, 'train-geometry')}`);
        await page.click(byTestId('train-preview'));
        await page.locator(byTestId('train-example')).first().waitFor({ timeout: 120_000 });
        check((await page.locator(byTestId('train-example')).count()) === 8, 'eight examples');
        const summary = await text(page, 'train-preview-summary');
        check(/^10 images: 9 to train on, 1 held out for validation, 1 skipped · 28×28, 2 levels, grey$/.test(summary.replace(/\s+/g, ' ')), `the preview reads "${summary}"`);
      },
    ],
    [
      'trains for about 30 s: steps, validation and the device shown, the plot growing',
      async () => {
        await page.fill(byTestId('train-amount'), '0.5');
        await page.click(byTestId('train-unit-minutes'));
        await page.fill(byTestId('train-title'), TITLE);
        await page.click(byTestId('train-start'));
        await waitForText(page, 'train-status', /^Training$/, 30_000);
        await waitForText(page, 'train-device', /CPU|CUDA|MPS/i, 120_000);
        await poll(async () => (await attr(page, 'train-plot', 'data-points')) >= 2 && (await attr(page, 'train-plot', 'data-validations')) >= 1, 'progress points and a validation', 120_000);
        check(/^\d+(\.\d+)?$/.test(await text(page, 'train-rate')), `steps/s ${await text(page, 'train-rate')}`);
        check((await page.locator(`${byTestId('train-plot')} path`).count()) === 2, 'two series plotted');
        check(/1 file\(s\) skipped/.test(await text(page, 'train-skipped')), 'the damaged file is counted');
        // the README's picture: once a validation after the base's has been plotted
        await poll(async () => (await attr(page, 'train-plot', 'data-validations')) >= 2 || (await page.locator(byTestId('train-done')).count()) > 0, 'a second validation', 120_000);
        await page.locator(`${byTestId('train-panel')} .sheet`).screenshot({ path: path.join(ctx.shotsDir, 'train.png') });
      },
    ],
    [
      'ends with a model in the user models folder, listed in the picker',
      async () => {
        const done = await waitForText(page, 'train-done', /Saved as/, 240_000);
        check(/best validation \d+\.\d+ bits\/dim \(the base: \d+\.\d+\)/.test(done), `the result reads "${done}"`);
        const id = await text(page, 'train-model-id');
        check(id === 'E2E-strokes', `the model is named from the title (${id})`);
        await poll(async () => (await page.locator(`${byTestId('model')} option`, { hasText: TITLE }).count()) === 1, 'the picker lists the new model');
        await page.click(byTestId('train-use'));
        await page.locator(byTestId('train-panel')).waitFor({ state: 'hidden' });
      },
    ],
    [
      'inpaints with the trained model',
      async () => {
        await poll(async () => ((await page.locator(`${byTestId('model')} option:checked`).textContent()) ?? '').includes(TITLE), 'the new model is selected');
        const image = path.join(folder, '..', 'to-fill.png');
        await writeFile(image, strokes(42));
        ctx.bridge.queueOpen(image);
        await page.click(byTestId('open'));
        await page.locator(`${byTestId('history-list')} li`, { hasText: 'Open to-fill.png' }).waitFor();
        await setInput(page, 'param-steps', '64'); // whatever budget earlier groups left
        await stroke(page, [10, 10], [20, 14]);
        check((await holeCount(page)) > 10, 'a hole is painted');
        await page.click(byTestId('inpaint'));
        await waitForText(page, 'run-status', /^Done$/, 120_000);
      },
    ],
    [
      'hands the bundled model back (the groups after it open its samples, and the settings remember the last model)',
      async () => {
        const value = await page.locator(`${byTestId('model')} option`, { hasText: BASE_TITLE }).first().getAttribute('value');
        await page.selectOption(byTestId('model'), value!);
        await poll(async () => ((await page.locator(`${byTestId('model')} option:checked`).textContent()) ?? '').includes(BASE_TITLE), 'the bundled model is selected');
        await poll(async () => page.locator(byTestId('samples')).isEnabled(), 'its samples are offered');
        // the next group reloads the page, which selects the settings' last model: wait for the debounced save
        const settingsFile = path.join(ctx.saveDir, '..', 'user-data', 'settings.json');
        await poll(async () => (await readFile(settingsFile, 'utf8').catch(() => '')).includes(JSON.stringify(value)), 'the settings to remember the bundled model');
      },
    ],
  ];
}
