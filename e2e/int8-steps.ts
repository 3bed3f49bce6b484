/** The optional int8 graph (docs/quantisation.md): the model panel's setting, the graph a run records, the setting kept across restarts. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { writeRandomModel, writeVariant } from '../electron/core/model/testing/fixture';
import type { Bridge } from './bridge/server';
import { MODEL_ID, SAMPLES } from './fixture';
import { check, type Step } from './harness';
import { byTestId, openFreshWindow, poll, setInput, stroke, text, waitForText } from './page-helpers';

/** A 28×28 binary model whose card names an int8 graph (an fp32 graph with other weights: the plumbing is what is tested). */
const INT8_MODEL = 'int8-fixture-28';

export interface Int8Context {
  page: Page;
  bridge: Bridge;
  modelsRoot: string;
  userData: string;
}

const settingsFile = async (userData: string): Promise<{ precision?: string; lastModel?: string }> =>
  JSON.parse(await readFile(path.join(userData, 'settings.json'), 'utf8').catch(() => '{}')) as { precision?: string; lastModel?: string };

async function openCard(page: Page): Promise<void> {
  if (await page.locator(byTestId('model-card-dialog')).count()) return;
  await page.click(byTestId('model-card-toggle'));
  await page.locator(byTestId('model-card-dialog')).waitFor();
}

export function int8Steps(ctx: Int8Context): Step[] {
  const { page } = ctx;
  let before = '';
  const int8Dir = path.join(ctx.modelsRoot, INT8_MODEL);
  return [
    [
      'a model without an int8 graph greys the setting out; one whose card names it offers it with its cost',
      async () => {
        const card = await writeVariant(int8Dir, await writeRandomModel(int8Dir, { height: 28, width: 28, levels: 2, features: 16, blocks: 1, seed: 11 }), 12);
        await writeFile(path.join(int8Dir, 'card.json'), JSON.stringify({ ...card, title: 'Int8 fixture 28×28', samples: SAMPLES }, null, 2));
        await openFreshWindow(page, ctx.bridge.url); // a fresh window lists the new folder
        before = await page.inputValue(byTestId('model'));
        await page.selectOption(byTestId('model'), path.join(ctx.modelsRoot, MODEL_ID));
        await openCard(page);
        await waitForText(page, 'model-backend', /· fp32\s*$/, 60_000);
        check(await page.locator(byTestId('int8-toggle')).isDisabled(), 'the setting is greyed out for a model without the graph');
        check((await text(page, 'int8-setting')) === 'Faster int8 graph (this model has none)', `the setting says why (${await text(page, 'int8-setting')})`);
        await page.selectOption(byTestId('model'), int8Dir);
        await waitForText(page, 'int8-setting', /^\s*Faster int8 graph \(1\.5×, \+0\.50 % NLL\)\s*$/, 60_000);
        await poll(async () => !(await page.locator(byTestId('int8-toggle')).isDisabled()), 'the setting to be offered', 60_000);
      },
    ],
    [
      'turned on, the model loads its int8 graph on onnxruntime, and the setting is saved',
      async () => {
        await page.click(byTestId('int8-toggle'));
        await waitForText(page, 'model-backend', /^\s*onnxruntime · int8\s*$/, 60_000);
        await poll(async () => (await settingsFile(ctx.userData)).precision === 'int8', 'settings.json to hold precision int8');
        await page.keyboard.press('Escape');
        await page.locator(byTestId('model-card-dialog')).waitFor({ state: 'detached' });
      },
    ],
    [
      'a run made with it says so in the run list',
      async () => {
        await page.selectOption(byTestId('samples'), SAMPLES[0]!);
        await page.locator(`${byTestId('history-list')} li`, { hasText: `Open ${SAMPLES[0]}` }).waitFor({ timeout: 60_000 });
        await page.selectOption(byTestId('preset'), { label: 'Default' });
        await setInput(page, 'param-steps', '5');
        await page.click(byTestId('tool-brush'));
        await setInput(page, 'brush-size-input', '5');
        await stroke(page, [10, 14], [18, 14]);
        await page.click(byTestId('inpaint'));
        await poll(async () => / · done/.test((await page.locator(`${byTestId('run')} option`).allTextContents()).join('\n')), 'the run to finish', 60_000);
        const summary = await text(page, 'run-settings');
        check(summary.endsWith(' · int8 graph'), `the run's settings name the graph (${summary})`);
      },
    ],
    [
      'a restart keeps it; turned off, fp32 runs again and the models the other groups expect are back',
      async () => {
        await page.goto(ctx.bridge.url);
        await openCard(page);
        await waitForText(page, 'model-backend', /^\s*onnxruntime · int8\s*$/, 60_000);
        check(await page.locator(byTestId('int8-toggle')).isChecked(), 'the setting came back on');
        await page.click(byTestId('int8-toggle'));
        await waitForText(page, 'model-backend', /· fp32\s*$/, 60_000);
        await page.keyboard.press('Escape');
        await page.selectOption(byTestId('model'), before);
        await waitForText(page, 'status-backend', /onnxruntime|tfjs|wasm/, 60_000);
        await poll(async () => {
          const saved = await settingsFile(ctx.userData);
          return saved.precision === 'fp32' && saved.lastModel === before;
        }, 'settings.json to hold fp32 and the model selected before');
      },
    ],
  ];
}
