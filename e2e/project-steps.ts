/** Project files in the browser: save, reopen, the unsaved-changes marker, and recovery after the renderer is killed mid-run. */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Bridge } from './bridge/server';
import { SAMPLES } from './fixture';
import { check, type Step } from './harness';
import { byTestId, frameLabel, GIBBS_PRESET, holeCount, openFreshWindow, poll, setInput, stroke, text, waitForText } from './page-helpers';

export interface ProjectContext {
  browser: Browser;
  /** The earlier groups' window: closed first, so one window hears the bridge's menu events, as in Electron. */
  appPage: Page;
  bridge: Bridge;
  saveDir: string;
  userData: string;
  shotsDir: string;
}

const SAMPLE = SAMPLES[0]!;
const PROJECT = SAMPLE.replace(/\.png$/, '.gibbs');
const historyNames = (page: Page) => page.locator(`${byTestId('history-list')} li:not(.undone)`).allTextContents();
const runOptions = (page: Page) => page.locator(`${byTestId('run')} option`).allTextContents();
const mtime = (file: string) => stat(file).then((s) => s.mtimeMs, () => 0);

/** A fresh window on the app, as after a restart; an offer to restore is answered by `answer` (or left for the caller). */
async function openWindow(ctx: ProjectContext, answer: 'discard' | 'leave' = 'discard'): Promise<Page> {
  const page = await ctx.browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  await openFreshWindow(page, ctx.bridge.url);
  await page.locator(`${byTestId('history-list')} li`).first().waitFor().catch(() => undefined); // the launch image, if still to come
  if (answer === 'leave') return page;
  const offered = await page.locator(byTestId('recovery')).waitFor({ timeout: 2000 }).then(() => true, () => false);
  if (offered) await page.click(byTestId('recovery-discard'));
  return page;
}

export function projectSteps(ctx: ProjectContext): Step[] {
  let page: Page;
  const saved = path.join(ctx.saveDir, PROJECT);
  const autosave = path.join(ctx.userData, 'autosave', 'document.gibbs');
  let kept: { holes: number; history: string[]; runs: string[]; frames: [number, number] };
  return [
    [
      'marks unsaved changes in the title, and Save writes the project and clears the mark',
      async () => {
        await ctx.appPage.close({ runBeforeUnload: false });
        page = await openWindow(ctx);
        await page.selectOption(byTestId('samples'), SAMPLE);
        await page.locator(`${byTestId('history-list')} li`, { hasText: `Open ${SAMPLE}` }).waitFor();
        await stroke(page, [8, 8], [20, 12]);
        check((await page.title()) === `${SAMPLE} * — Gibbs Inpaint`, `title: ${await page.title()}`);
        await page.selectOption(byTestId('preset'), { label: GIBBS_PRESET }); // Gibbs runs its budget whatever the hole's size
        await setInput(page, 'param-steps', '40');
        await page.click(byTestId('inpaint'));
        await waitForText(page, 'run-status', /^Done$/, 60_000);
        ctx.bridge.emit('menu', 'save-project');
        await poll(async () => (await page.title()) === `${PROJECT} — Gibbs Inpaint`, 'the saved title');
        check((await stat(saved)).size > 0, `${saved} written`);
        kept = { holes: await holeCount(page), history: await historyNames(page), runs: await runOptions(page), frames: await frameLabel(page) };
        check(kept.holes > 10 && kept.frames[1] === 40, `saved state: ${JSON.stringify(kept)}`);
      },
    ],
    [
      'reopens the project: the same image, mask, undo history and runs, and no unsaved mark',
      async () => {
        await stroke(page, [4, 20], [24, 22]); // a change after the save, to be dropped by the reopen
        check((await page.title()).includes('*'), 'changed again');
        await page.close();
        page = await openWindow(ctx);
        ctx.bridge.queueOpen(saved);
        ctx.bridge.emit('menu', 'open-project');
        await poll(async () => (await page.title()) === `${PROJECT} — Gibbs Inpaint`, 'the project opened');
        check((await holeCount(page)) === kept.holes, `hole ${await holeCount(page)} vs ${kept.holes}`);
        check(JSON.stringify(await historyNames(page)) === JSON.stringify(kept.history), `history: ${(await historyNames(page)).join(' | ')}`);
        check(JSON.stringify(await runOptions(page)) === JSON.stringify(kept.runs), `runs: ${(await runOptions(page)).join(' | ')}`);
        await page.selectOption(byTestId('run'), { index: 0 });
        const [, last] = await frameLabel(page);
        check(last === kept.frames[1], `the run's frames: last ${last}`);
        await page.click(byTestId('undo'));
        await poll(async () => (await holeCount(page)) === 0, 'undo still removes the saved stroke');
        check((await page.title()).includes('*'), 'the undo is an unsaved change');
      },
    ],
    [
      'after the renderer is killed mid-run, the next start offers the autosave, and restoring it loses at most the last seconds',
      async () => {
        await page.click(byTestId('redo'));
        await stroke(page, [10, 24], [18, 26]);
        const holes = await holeCount(page);
        await setInput(page, 'param-steps', '200000');
        await page.click(byTestId('inpaint'));
        await waitForText(page, 'progress-steps', /^\d+ \/ 200000$/);
        const runId = await page.inputValue(byTestId('run'));
        const started = Date.now();
        // a whole autosave period (2 s) after the run showed progress: the snapshot was taken with the run in it
        await poll(async () => (await mtime(autosave)) > started + 2500, 'an autosave with frames of the live run', 20_000);
        const history = await historyNames(page);
        // kill the renderer: no unload, no save, the run still going on the sampler side
        await page.close({ runBeforeUnload: false });

        page = await openWindow(ctx, 'leave');
        await page.locator(byTestId('recovery')).waitFor();
        check((await text(page, 'recovery')).includes(PROJECT), `the offer names the document: ${await text(page, 'recovery')}`);
        await page.screenshot({ path: path.join(ctx.shotsDir, 'project-recovery-offer.png') });
        // the run the killed page started is still sampling on the bridge: stop it
        await page.evaluate((id) => (globalThis as unknown as { api: { invoke(c: string, r: unknown): Promise<unknown> } }).api.invoke('sampler:cancel', { runId: id }), Number(runId));
        await page.click(byTestId('recovery-restore'));
        await page.locator(byTestId('recovery')).waitFor({ state: 'detached' });
        await poll(async () => (await holeCount(page)) === holes, `the restored mask (${holes} pixels)`);
        check(JSON.stringify(await historyNames(page)) === JSON.stringify(history), `history: ${(await historyNames(page)).join(' | ')}`);
        check((await page.title()) === `${PROJECT} * — Gibbs Inpaint`, `restored work is unsaved: ${await page.title()}`);
        const runs = await runOptions(page);
        check(runs.length === kept.runs.length + 1, `the killed run is back: ${runs.join(' | ')}`);
        await page.selectOption(byTestId('run'), { index: 0 });
        const [, last] = await frameLabel(page);
        check(last > 0, `the killed run kept its frames up to the last autosave (${last})`);
        check((await text(page, 'run-status')) === 'Cancelled', `a run cut short is cancelled: ${await text(page, 'run-status')}`);
      },
    ],
    [
      'Save after a restore writes back to the project and removes the autosave',
      async () => {
        ctx.bridge.emit('menu', 'save-project');
        await poll(async () => (await page.title()) === `${PROJECT} — Gibbs Inpaint`, 'saved');
        await poll(async () => (await mtime(autosave)) === 0, 'the autosave removed');
        await page.close();
      },
    ],
  ];
}
