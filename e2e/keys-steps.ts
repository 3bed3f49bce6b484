/** Issue 21 in the browser: keyboard and focus, the bugs that need a page, the layout at both ends, settings across a reload. */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEFAULT_PARAMS } from '../electron/core/sampler/params';
import type { Context } from './app-steps';
import { SAMPLES } from './fixture';
import { check, type Step } from './harness';
import { byTestId, poll, setInput, stroke, waitForText } from './page-helpers';

interface FocusGlobals {
  document: { activeElement: { closest(selector: string): unknown; getAttribute(name: string): string | null; tagName: string } | null };
}

/** What has focus: its data-testid, else its tag. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = (globalThis as unknown as FocusGlobals).document.activeElement;
    return el?.getAttribute('data-testid') ?? el?.tagName ?? '';
  });
const focusInside = (page: Page, selector: string) =>
  page.evaluate((sel) => Boolean((globalThis as unknown as FocusGlobals).document.activeElement?.closest(sel)), selector);
/** The mask tools' Hide / Show button says whether the mask is shown. */
const maskShown = async (page: Page) => (await page.locator(`${byTestId('mask-tools')} button`, { hasText: /^(Hide|Show)$/ }).textContent())?.trim() === 'Hide';
const zoomOf = async (page: Page) => Number(await page.getAttribute(byTestId('stage'), 'data-zoom'));
const historyNames = (page: Page) => page.locator(`${byTestId('history-list')} li`).allTextContents();
const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;
const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function waitForModel(page: Page): Promise<void> {
  await waitForText(page, 'status-backend', /onnxruntime|tfjs|wasm/, 60_000);
}

/** Presses until `done` says so (at most `max` times). */
async function pressUntil(page: Page, key: string, done: () => Promise<boolean>, max = 60): Promise<void> {
  for (let i = 0; i < max && !(await done()); i++) await page.keyboard.press(key);
  check(await done(), `${key} did not get there in ${max} presses`);
}

/** The layout at one window size: nothing squashed, overlapping or out of the window. */
async function checkLayout(page: Page, ctx: Context, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ctx.shotsDir, `layout-${width}x${height}.png`) });
  const [scrollW, clientW, scrollH, clientH] = await page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number } } }).document.documentElement;
    return [root.scrollWidth, root.clientWidth, root.scrollHeight, root.clientHeight];
  });
  check(scrollW <= clientW && scrollH <= clientH, `${width}×${height}: the window scrolls (${scrollW}×${scrollH} in ${clientW}×${clientH})`);
  const run = await box(page, byTestId('run'));
  check(run.width >= 150, `${width}×${height}: the run selector is ${run.width} px wide`);
  for (const title of ['Previous frame (←)', 'Next frame (→)']) {
    const b = await box(page, `${byTestId('timeline')} button[title="${title}"]`);
    check(b.width >= 24 && b.height >= 24, `${width}×${height}: the ${title} button is ${b.width}×${b.height}`);
  }
  const chip = page.locator(byTestId('model-chip'));
  if (await chip.isVisible()) {
    const c = (await chip.boundingBox())!;
    for (const id of ['shortcuts', 'inpaint']) check(!overlaps(c, await box(page, byTestId(id))), `${width}×${height}: the model chip runs under ${id}`);
  }
  for (const id of ['export-gif', 'export-apng', 'export-png', 'export-sweep']) {
    const b = await box(page, byTestId(id));
    check(b.y >= 0 && b.y + b.height <= height && b.x + b.width <= width, `${width}×${height}: ${id} is out of the window at ${b.x},${b.y}`);
  }
}

export function keysSteps(ctx: Context): Step[] {
  const { page } = ctx;
  const userData = path.join(ctx.saveDir, '..', 'user-data');
  const settingsFile = path.join(userData, 'settings.json');
  return [
    [
      'a fresh window with an empty mask says what to do, and Inpaint waits for a mask',
      async () => {
        await page.setViewportSize({ width: 1400, height: 900 });
        await page.goto(ctx.bridge.url);
        await waitForModel(page);
        await page.locator(`${byTestId('history-list')} li`, { hasText: 'Open' }).first().waitFor();
        // the groups before left their settings in settings.json: start from the defaults
        await page.selectOption(byTestId('preset'), { label: 'Default' });
        await setInput(page, 'chains', '1');
        await page.click(byTestId('zoom-fit'));
        await page.selectOption(byTestId('samples'), SAMPLES[0]!);
        await poll(async () => (await historyNames(page)).at(-1) === `Open ${SAMPLES[0]}`, `${SAMPLES[0]} to open`);
        await waitForText(page, 'mask-hint', /Paint over what should change/);
        check(await page.isDisabled(byTestId('inpaint')), 'Inpaint is disabled with nothing to inpaint');
      },
    ],
    [
      'steps through the Samples list with the arrow keys',
      async () => {
        await page.focus(byTestId('samples'));
        await page.keyboard.press('ArrowDown');
        await poll(async () => (await historyNames(page)).at(-1) === `Open ${SAMPLES[1]}`, `↓ to open ${SAMPLES[1]}`);
        await page.keyboard.press('ArrowUp');
        await poll(async () => (await historyNames(page)).at(-1) === `Open ${SAMPLES[0]}`, `↑ to open ${SAMPLES[0]} again`);
      },
    ],
    [
      '"Save as…" focuses its name field: typing a name fires no shortcut; Escape hands focus to the canvas',
      async () => {
        await page.click(byTestId('preset-save'));
        check((await focused(page)) === 'preset-name', `focus is on ${await focused(page)}`);
        await page.keyboard.type('my mask preset');
        check((await page.inputValue(byTestId('preset-name'))) === 'my mask preset', 'the name was typed');
        check(await maskShown(page), 'typing M in the name hid the mask');
        await page.keyboard.press('Escape');
        check((await focused(page)) === 'stage', `Escape left focus on ${await focused(page)}`);
        await page.keyboard.press('m');
        check(!(await maskShown(page)), 'M hides the mask again once out of the field');
        await page.keyboard.press('m');
      },
    ],
    [
      'Enter commits a field and hands focus back, so the next key is a shortcut',
      async () => {
        await page.click(byTestId('param-temperature'));
        await page.keyboard.press('Control+a');
        await page.keyboard.type('0.55');
        await page.keyboard.press('Enter');
        check((await focused(page)) === 'stage', `Enter left focus on ${await focused(page)}`);
        check((await page.inputValue(byTestId('param-temperature'))) === '0.55', 'the value stays');
        await page.keyboard.press('m');
        check(!(await maskShown(page)), 'M acts right after Enter');
        await page.keyboard.press('m');
      },
    ],
    [
      'zooms with Ctrl+= and Ctrl+-',
      async () => {
        const before = await zoomOf(page);
        await page.keyboard.press('Control+=');
        check(Math.abs((await zoomOf(page)) - before * 1.25) < 1e-9, `Ctrl+= went from ${before} to ${await zoomOf(page)}`);
        await page.keyboard.press('Control+-');
        check(Math.abs((await zoomOf(page)) - before) < 1e-9, `Ctrl+- came back to ${await zoomOf(page)}, not ${before}`);
      },
    ],
    [
      'runs with Ctrl+Enter from inside a text field',
      async () => {
        await stroke(page, [8, 8], [18, 14]);
        check(!(await page.locator(byTestId('mask-hint')).isVisible()), 'the hint goes once there is a mask');
        await page.click(byTestId('param-temperature'));
        await page.keyboard.press('Control+Enter');
        await waitForText(page, 'run-status', /^Done$/, 60_000);
      },
    ],
    [
      'moves through the history and jumps to an entry by keyboard',
      async () => {
        const items = page.locator(`${byTestId('history-list')} li`);
        const count = await items.count();
        await items.nth(count - 1).focus();
        await page.keyboard.press('ArrowUp');
        check((await items.nth(count - 2).evaluate((el) => el === (globalThis as unknown as FocusGlobals).document.activeElement)), '↑ moved to the entry before');
        await page.keyboard.press('Enter');
        await poll(async () => (await page.locator(`${byTestId('history-list')} li.undone`).count()) === 1, 'one step undone');
        await items.nth(count - 1).focus();
        await page.keyboard.press(' ');
        await poll(async () => (await page.locator(`${byTestId('history-list')} li.undone`).count()) === 0, 'every step done again');
      },
    ],
    [
      'the shortcuts sheet is a dialog: focus inside, keys stay off the app, Escape closes it',
      async () => {
        await page.focus(byTestId('stage'));
        await page.keyboard.press('?');
        await page.locator(byTestId('shortcuts-sheet')).waitFor();
        check(await focusInside(page, '[role="dialog"]'), 'focus moved into the sheet');
        await page.keyboard.press('m');
        check(await maskShown(page), 'M reached the app under the sheet');
        for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
        check(await focusInside(page, '[role="dialog"]'), 'Tab left the sheet');
        await page.keyboard.press('Escape');
        await page.locator(byTestId('shortcuts-sheet')).waitFor({ state: 'detached' });
        check(!(await focusInside(page, '[role="dialog"]')), 'focus came back out');
      },
    ],
    [
      'the model card is a dialog too: Escape closes it, keys stay off the app',
      async () => {
        await page.click(byTestId('model-card-toggle'));
        await page.locator(byTestId('model-card-dialog')).waitFor();
        check(await focusInside(page, byTestId('model-card-dialog')), 'focus moved into the card');
        await page.keyboard.press('m');
        check(await maskShown(page), 'M reached the app under the card');
        await page.keyboard.press('Escape');
        await page.locator(byTestId('model-card-dialog')).waitFor({ state: 'detached' });
      },
    ],
    [
      'says inline what is wrong with a knob, draws no NaN, and starts no run on it',
      async () => {
        await setInput(page, 'param-eta', '0');
        await waitForText(page, 'param-problems', /η must be a number above 0/);
        const nan = await page.locator('svg path[d*="NaN"]').count();
        check(nan === 0, `${nan} paths drew NaN`);
        await setInput(page, 'chains', '50');
        await waitForText(page, 'param-problems', /Chains must be a whole number from 1 to 16/);
        const runs = await page.locator(`${byTestId('run')} option`).count();
        await page.click(byTestId('inpaint'));
        await page.locator(byTestId('toasts'), { hasText: 'Fix the sampler settings first: η must be a number above 0.' }).waitFor();
        check((await page.locator(`${byTestId('run')} option`).count()) === runs, 'a run started');
        await setInput(page, 'param-eta', '0.7');
        await setInput(page, 'chains', '1');
        await page.locator(byTestId('param-problems')).waitFor({ state: 'detached' });
      },
    ],
    [
      'a notice closes with its button',
      async () => {
        const toasts = page.locator(`${byTestId('toasts')} > *`);
        const count = await toasts.count();
        check(count > 0, 'a notice is shown');
        await page.locator(byTestId('toast-close')).first().click();
        check((await toasts.count()) === count - 1, 'the close button took one notice away');
      },
    ],
    [
      'undone back to an empty document: the empty state, and accepting says what to do',
      async () => {
        await page.focus(byTestId('stage'));
        await pressUntil(page, 'Control+z', () => page.isDisabled(byTestId('undo')));
        await page.locator(`${byTestId('stage')} .empty`).waitFor();
        await page.keyboard.press('a');
        await page.locator(byTestId('toasts'), { hasText: 'The document is empty' }).waitFor();
        await pressUntil(page, 'Control+Shift+Z', () => page.isDisabled(byTestId('redo')));
      },
    ],
    [
      'refuses a second preset of a name, and asks before deleting one',
      async () => {
        for (let i = 0; i < 2; i++) {
          await page.click(byTestId('preset-save'));
          await page.keyboard.type('Keys preset');
          await page.keyboard.press('Enter');
        }
        await page.locator(byTestId('toasts'), { hasText: 'A preset named “Keys preset” already exists' }).waitFor();
        await page.keyboard.press('Escape');
        const named = () => page.locator(`${byTestId('preset')} option`, { hasText: /^Keys preset$/ }).count();
        check((await named()) === 1, `${await named()} presets named Keys preset`);
        await page.selectOption(byTestId('preset'), { label: 'Keys preset' });
        await page.click(byTestId('preset-delete'));
        await waitForText(page, 'preset-delete-confirm', /Delete “Keys preset”\?/);
        await page.click(`${byTestId('preset-delete-confirm')} button:has-text("Keep")`);
        check((await named()) === 1, 'Keep deleted the preset');
        await page.click(byTestId('preset-delete'));
        await page.click(byTestId('preset-delete-yes'));
        await poll(async () => (await named()) === 0, 'the preset to go');
      },
    ],
    [
      'an image that fails to open does not enter Recent',
      async () => {
        const broken = path.join(ctx.saveDir, '..', 'keys-broken.png');
        await writeFile(broken, new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0]));
        ctx.bridge.queueOpen(broken);
        await page.click(byTestId('open'));
        await page.locator(byTestId('toasts'), { hasText: 'keys-broken.png' }).waitFor();
        await poll(async () => !(await readFile(path.join(userData, 'recent.json'), 'utf8').catch(() => '[]')).includes('keys-broken.png'), 'recent.json to drop the file');
        const listed = await page.locator(`${byTestId('recent')} option`, { hasText: 'keys-broken.png' }).count();
        check(listed === 0, 'the Recent list shows the broken file');
      },
    ],
    [
      'lays out at 1024×700 (the smallest window) and at 3840×2160',
      async () => {
        await checkLayout(page, ctx, 1024, 700);
        await checkLayout(page, ctx, 3840, 2160);
        await page.setViewportSize({ width: 1400, height: 900 });
      },
    ],
    [
      'keeps the panel, the overlay, the zoom on open and the model across a reload',
      async () => {
        await setInput(page, 'param-temperature', '0.42');
        await setInput(page, 'chains', '3');
        await setInput(page, 'overlay-opacity', '0.3');
        await page.focus(byTestId('stage'));
        await page.keyboard.press('Control+1');
        const model = await page.inputValue(byTestId('model'));
        await poll(async () => (await readFile(settingsFile, 'utf8').catch(() => '')).includes('"temperature": 0.42'), 'settings.json to hold T 0.42');
        await page.reload();
        await waitForModel(page);
        await page.locator(`${byTestId('history-list')} li`, { hasText: 'Open' }).first().waitFor();
        check((await page.inputValue(byTestId('param-temperature'))) === '0.42', 'T came back');
        check((await page.inputValue(byTestId('chains'))) === '3', 'Chains came back');
        check((await page.inputValue(byTestId('overlay-opacity'))) === '0.3', 'the overlay came back');
        check((await page.inputValue(byTestId('model'))) === model, 'the model came back');
        await poll(async () => (await zoomOf(page)) === 1, 'a new image at 100 %');
      },
    ],
    [
      'keeps a damaged settings file aside and starts from the defaults, saying so once',
      async () => {
        await writeFile(settingsFile, '{"format": 1, "chains": ');
        await page.reload();
        await waitForModel(page);
        await page.locator(byTestId('toasts'), { hasText: /Your settings file was damaged \(not valid JSON/ }).waitFor();
        check((await page.inputValue(byTestId('param-temperature'))) === String(DEFAULT_PARAMS.temperature), 'T is the default');
        const backups = (await readdir(userData)).filter((f) => f.startsWith('settings.json.damaged-'));
        check(backups.length === 1, `backups: ${backups.join(', ')}`);
        check((await readFile(path.join(userData, backups[0]!), 'utf8')) === '{"format": 1, "chains": ', 'the backup is the file as it was');
        // later groups start from the defaults
        await Promise.all([settingsFile, ...backups.map((b) => path.join(userData, b))].map((f) => rm(f, { force: true })));
      },
    ],
  ];
}
