/** The app's default sampler, whichever DEFAULT_PARAMS names: a fresh window's Default preset runs it at its budget for the hole. */
import { stepCount } from '../electron/core/sampler/budget';
import { DEFAULT_PARAMS } from '../electron/core/sampler/params';
import type { Context } from './app-steps';
import { SAMPLES } from './fixture';
import { check, type Step } from './harness';
import { byTestId, frameLabel, freshDefaultWithStroke, holeCount, text, waitForText } from './page-helpers';

export function defaultSamplerSteps(ctx: Context): Step[] {
  const { page } = ctx;
  return [
    [
      'the Default preset is DEFAULT_PARAMS: the panel states its budget for the hole, and a run takes that many steps',
      async () => {
        await freshDefaultWithStroke(page, ctx.bridge.url, SAMPLES[0]!);
        const hole = await holeCount(page);
        check(hole > 100, `a large hole (${hole} pixels)`);
        const want = stepCount(DEFAULT_PARAMS, hole);
        const hint = await text(page, 'steps-hint');
        check(hint.startsWith('auto: ') && hint.includes(String(want - (DEFAULT_PARAMS.sampler === 'gibbs' ? 0 : DEFAULT_PARAMS.refine))), `the steps hint reads "${hint}"`);
        await page.click(byTestId('inpaint'));
        await waitForText(page, 'run-status', /^Done$/, 120_000);
        const [, last] = await frameLabel(page);
        check(last === want, `the run took ${last} steps, want ${want}`);
        const summary = await text(page, 'run-settings');
        check(summary.startsWith(`${DEFAULT_PARAMS.sampler} `) && summary.includes(`T ${DEFAULT_PARAMS.temperature}`), `the run reads "${summary}"`);
      },
    ],
  ];
}
