/** The app's default sampler, whichever DEFAULT_PARAMS names: a fresh window's Default preset runs it at its budget for the hole. */
import { stepCount } from '../electron/core/sampler/budget';
import { DEFAULT_PARAMS } from '../electron/core/sampler/params';
import { DEFAULT_PRESET } from '../electron/core/sampler/presets';
import type { Context } from './app-steps';
import { SAMPLES } from './fixture';
import { check, type Step } from './harness';
import { byTestId, frameLabel, holeCount, setInput, stroke, text, waitForText } from './page-helpers';

export function defaultSamplerSteps(ctx: Context): Step[] {
  const { page } = ctx;
  return [
    [
      'the Default preset is DEFAULT_PARAMS: the panel states its budget for the hole, and a run takes that many steps',
      async () => {
        await page.goto(ctx.bridge.url); // a fresh window: the group stands on its own
        await waitForText(page, 'status-backend', /onnxruntime|tfjs|wasm/, 60_000);
        await page.selectOption(byTestId('preset'), { label: DEFAULT_PRESET.name });
        await setInput(page, 'chains', '1');
        await page.selectOption(byTestId('samples'), SAMPLES[0]!);
        await page.locator(`${byTestId('history-list')} li`, { hasText: `Open ${SAMPLES[0]}` }).last().waitFor();
        await page.click(byTestId('tool-brush'));
        await setInput(page, 'brush-size-input', '7');
        await stroke(page, [4, 6], [24, 20]);
        await waitForText(page, 'status-region', /^region 28×28 at native scale$/);
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
