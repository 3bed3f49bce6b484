/** Issue 19 in the browser: the model library — add a folder from anywhere, a model of yours renamed and deleted (after asking), broken folders listed with why. */
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { writeRandomModel } from '../electron/core/model/testing/fixture';
import type { Bridge } from './bridge/server';
import { check, type Step } from './harness';
import { byTestId, poll, waitForText } from './page-helpers';

export interface LibraryContext {
  page: Page;
  bridge: Bridge;
  /** A scratch folder for model folders "from anywhere". */
  root: string;
  userData: string;
  shotsDir: string;
}

const entry = (dir: string) => `${byTestId('model-library')} [data-dir="${dir}"]`;
const pickerOption = (dir: string) => `${byTestId('model')} option[value="${dir}"]`;
const exists = (file: string) => stat(file).then(() => true, () => false);

async function openLibrary(page: Page): Promise<void> {
  if ((await page.locator(byTestId('model-library')).count()) === 0) await page.click(byTestId('models-manage'));
  await page.locator(byTestId('model-library')).waitFor();
}

async function closeLibrary(page: Page): Promise<void> {
  if (await page.locator(byTestId('model-library')).count()) await page.click(byTestId('models-manage'));
}

export function librarySteps({ page, bridge, root, userData, shotsDir }: LibraryContext): Step[] {
  const comics = path.join(root, 'elsewhere', 'comics-16');
  const userModels = path.join(userData, 'models');
  const sprites = path.join(userModels, 'sprites');
  const renamed = path.join(userModels, 'pixel-sprites');
  let before = '';
  return [
    [
      'the Models… panel lists the bundled models read-only, and says where the user’s go',
      async () => {
        if (page.url() === 'about:blank') await page.goto(bridge.url); // the group run on its own (E2E_GROUPS)
        await waitForText(page, 'status-backend', /onnxruntime|tfjs|wasm/, 60_000);
        before = await page.inputValue(byTestId('model'));
        await writeRandomModel(sprites, { height: 16, width: 16, levels: 4, features: 8, blocks: 1, seed: 5 });
        await openLibrary(page);
        const bundled = page.locator(`${byTestId('library-bundled')} ${byTestId('library-entry')}`);
        await bundled.first().waitFor();
        check((await bundled.count()) >= 2, `${await bundled.count()} bundled models listed`);
        check((await page.locator(`${byTestId('library-bundled')} :is(${byTestId('library-rename')}, ${byTestId('library-delete')})`).count()) === 0, 'no rename or delete for bundled models');
        // a training result dropped into the user's models folder is listed when the panel opens
        await page.locator(entry(sprites)).waitFor();
        check((await page.getAttribute(entry(sprites), 'data-source')) === 'user', 'sprites is the user’s');
        await page.click(byTestId('library-reveal-user'));
        await poll(async () => bridge.revealed.at(-1) === userModels, `the user's models folder revealed (${bridge.revealed.at(-1)})`);
      },
    ],
    [
      'Add model folder… takes a folder from anywhere: listed under Added, in the picker, and loaded',
      async () => {
        await writeRandomModel(comics, { height: 16, width: 16, channels: 3, levels: 8, features: 8, blocks: 1, seed: 9 });
        bridge.queueOpen(comics);
        await page.click(byTestId('library-add'));
        await page.locator(entry(comics)).waitFor();
        check((await page.getAttribute(entry(comics), 'data-source')) === 'added', 'comics is an added folder');
        await page.locator(`${byTestId('model')} optgroup[label="Added folders"] option[value="${comics}"]`).waitFor({ state: 'attached' });
        check((await page.inputValue(byTestId('model'))) === comics, 'the added model is selected');
        await page.locator('.chip', { hasText: '16×16 · K=8' }).waitFor({ timeout: 60_000 });
        await page.click(`${entry(comics)} ${byTestId('library-reveal')}`);
        await poll(async () => bridge.revealed.at(-1) === comics, `the added folder revealed (${bridge.revealed.at(-1)})`);
      },
    ],
    [
      'a model of yours is renamed: its folder and card follow, and so does the picker',
      async () => {
        await page.click(`${entry(sprites)} ${byTestId('library-rename')}`);
        await page.fill(byTestId('library-new-name'), 'pixel-sprites');
        await page.click(byTestId('library-rename-save'));
        await page.locator(entry(renamed)).waitFor();
        await page.locator(pickerOption(renamed)).waitFor({ state: 'attached' });
        check((await page.locator(pickerOption(sprites)).count()) === 0, 'the old name left the picker');
        check(JSON.stringify(await readdir(userModels)) === '["pixel-sprites"]', `user models: ${(await readdir(userModels)).join(', ')}`);
      },
    ],
    [
      'deleting asks first: Keep keeps the model, Delete removes its folder from disk and the picker',
      async () => {
        await page.click(`${entry(renamed)} ${byTestId('library-delete')}`);
        await page.click(`${entry(renamed)} ${byTestId('library-confirm-keep')}`);
        check(await exists(renamed), 'kept on Keep');
        check((await page.locator(byTestId('library-confirm')).count()) === 0, 'the question is gone');
        await page.click(`${entry(renamed)} ${byTestId('library-delete')}`);
        await page.click(`${entry(renamed)} ${byTestId('library-confirm-delete')}`);
        await page.locator(entry(renamed)).waitFor({ state: 'detached' });
        check(!(await exists(renamed)), 'the folder is gone');
        check((await page.locator(pickerOption(renamed)).count()) === 0, 'gone from the picker');
      },
    ],
    [
      'broken folders are listed with their reasons, in the picker too, and cannot be selected',
      async () => {
        await mkdir(path.join(userModels, 'half-written'), { recursive: true });
        await writeFile(path.join(userModels, 'half-written', 'model.onnx'), new Uint8Array(4));
        await writeFile(path.join(comics, 'card.json'), '{ "format": 1');
        await closeLibrary(page);
        await openLibrary(page);
        const half = entry(path.join(userModels, 'half-written'));
        await page.locator(half).waitFor();
        const reason = await page.textContent(`${half} ${byTestId('library-reason')}`);
        check(reason === `${path.join(userModels, 'half-written', 'card.json')}: is missing`, `reason: ${reason}`);
        check(/card\.json: is not valid JSON/.test((await page.textContent(`${entry(comics)} ${byTestId('library-reason')}`)) ?? ''), 'the added folder that broke says why');
        const option = page.locator(`${byTestId('model')} option`, { hasText: 'half-written (does not load)' });
        check(await option.isDisabled(), 'a broken folder cannot be picked');
        check((await option.getAttribute('title')) === reason, 'the picker shows the reason on hover');
        await poll(async () => (await page.locator(`${byTestId('toasts')} .toast:not(.error)`).count()) === 0, 'the notices to fade', 10_000);
        await page.screenshot({ path: path.join(shotsDir, 'model-library.png') });
      },
    ],
    [
      'a broken added folder is forgotten (left on disk); the broken folder of yours is deleted after asking',
      async () => {
        await page.click(`${entry(comics)} ${byTestId('library-forget')}`);
        await page.locator(entry(comics)).waitFor({ state: 'detached' });
        check(await exists(path.join(comics, 'model.onnx')), 'the forgotten folder stays on disk');
        const half = entry(path.join(userModels, 'half-written'));
        await page.click(`${half} ${byTestId('library-delete')}`);
        await page.click(`${half} ${byTestId('library-confirm-delete')}`);
        await page.locator(half).waitFor({ state: 'detached' });
        check(JSON.stringify(await readdir(userModels)) === '[]', 'no user models left');
      },
    ],
    [
      'the training environment says which Python trains, or exactly what is missing',
      async () => {
        await page.click(`${byTestId('training-environment')} summary`);
        const state = await waitForText(page, 'training-ready', /ready/, 120_000);
        if (state === 'not ready') check(/lacks|No Python/.test(await page.textContent(byTestId('training-problem')) ?? ''), 'the problem is said');
        await page.locator(byTestId('model-library')).screenshot({ path: path.join(shotsDir, 'training-environment.png') });
        await closeLibrary(page);
        await page.selectOption(byTestId('model'), before);
        await waitForText(page, 'status-backend', /onnxruntime|tfjs|wasm/, 60_000);
      },
    ],
  ];
}
