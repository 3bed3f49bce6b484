/** "Continue from here" under the default (progressive) sampler: the branch is annealed Gibbs that starts from the frame. */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { decodePng, type RgbaImage } from '../electron/core/image/png';
import { AUTO_PASSES } from '../electron/core/sampler/budget';
import { continuationParams } from '../electron/core/sampler/continuation';
import { DEFAULT_PARAMS } from '../electron/core/sampler/params';
import type { Context } from './app-steps';
import { SAMPLES } from './fixture';
import { check, type Step } from './harness';
import { byTestId, frameLabel, freshDefaultWithStroke, holeCount, poll, setInput, text, waitForText } from './page-helpers';

const runOptions = (page: Page) => page.locator(`${byTestId('run')} option`).allTextContents();

/** The frame on screen exported as the full picture (its file name names the run and frame). */
async function exportFrame(page: Page, run: string, frame: number): Promise<RgbaImage> {
  await page.click(byTestId('export-png'));
  const saved = await waitForText(page, 'export-saved', new RegExp(`-run${run}-f${frame}\\.png$`));
  return decodePng(new Uint8Array(await readFile(saved.replace(/^Last saved: /, ''))));
}

export function continueSteps(ctx: Context): Step[] {
  const { page } = ctx;
  return [
    [
      'under the Default preset (a progressive sampler) Continue runs annealed Gibbs from the mid frame: listed as Gibbs, the preset’s refine steps, its first frame the parent’s frame',
      async () => {
        check(DEFAULT_PARAMS.sampler !== 'gibbs', 'the default is a progressive sampler');
        const want = continuationParams(DEFAULT_PARAMS).steps!;
        check(want === (DEFAULT_PARAMS.refine || AUTO_PASSES), `the continuation's budget is the refine steps, else AUTO_PASSES (${want})`);
        await freshDefaultWithStroke(page, ctx.bridge.url, SAMPLES[0]!);
        check((await holeCount(page)) > want, `a hole larger than the budget (${await holeCount(page)} pixels)`);
        await page.click(byTestId('inpaint'));
        await waitForText(page, 'run-status', /^Done$/, 120_000);
        check((await text(page, 'run-settings')).startsWith(`${DEFAULT_PARAMS.sampler} `), `the parent ran ${DEFAULT_PARAMS.sampler}`);
        const parentId = /^Run (\d+)/.exec((await runOptions(page))[0]!.trim())![1]!;
        const mid = Math.floor((await frameLabel(page))[1] / 2);
        await setInput(page, 'scrub', String(mid));
        await poll(async () => (await frameLabel(page))[0] === mid, `frame ${mid} on screen`);
        const parentFrame = await exportFrame(page, parentId, mid);

        const title = (await page.getAttribute(byTestId('continue'), 'title')) ?? '';
        check(title.includes('annealed Gibbs') && title.includes(`${want} steps`), `the Continue button says what it runs ("${title}")`);
        const runs = (await runOptions(page)).length;
        await page.click(byTestId('continue'));
        await poll(async () => (await runOptions(page)).length === runs + 1, 'the branch');
        await waitForText(page, 'run-status', /^Done$/, 120_000);
        const option = (await runOptions(page))[0]!.trim(); // newest first
        check(option.includes(`Gibbs ← run ${parentId} f${mid}`) && option.includes('(branch)'), `the branch is listed as a Gibbs continuation ("${option}")`);
        const summary = await text(page, 'run-settings');
        check(summary.startsWith('gibbs · ') && summary.includes(`${want} steps`) && summary.includes('keep start'), `the branch reads "${summary}"`);
        check((await frameLabel(page))[1] === want, `the branch took ${(await frameLabel(page))[1]} steps, want ${want}`);

        await setInput(page, 'scrub', '0');
        await poll(async () => (await frameLabel(page))[0] === 0, 'the branch’s first frame on screen');
        const branchId = /^Run (\d+)/.exec(option)![1]!;
        const first = await exportFrame(page, branchId, 0);
        check(first.width === parentFrame.width && first.height === parentFrame.height, 'the same picture size');
        let differing = 0;
        for (let i = 0; i < first.data.length; i++) differing += first.data[i] === parentFrame.data[i] ? 0 : 1;
        check(differing === 0, `the branch's first frame is the parent's frame ${mid}, known and hole pixels alike (${differing} samples differ)`);
      },
    ],
  ];
}
