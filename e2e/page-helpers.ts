/** What the e2e test does to the page, in the user's terms. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEFAULT_PRESET, findBuiltInPreset } from '../electron/core/sampler/presets';
import type { Bridge } from './bridge/server';

/** The page's globals as used below (this file type-checks under the Node config, without the DOM lib). */
interface PageGlobals {
  document: { querySelector(selector: string): { textContent: string | null } | null };
}
interface InputLike {
  value: string;
  dispatchEvent(event: Event): boolean;
}

export const byTestId = (id: string) => `[data-testid="${id}"]`;

/** The built-in preset of annealed Gibbs at one step per hole pixel: steps that count a step per hole pixel, or run past the hole's size, pick it by name. */
export const GIBBS_PRESET = findBuiltInPreset('gibbs')!.name;

export async function text(page: Page, id: string): Promise<string> {
  return ((await page.textContent(byTestId(id))) ?? '').trim();
}

/** Waits until the element's text satisfies `test` (polling in the page). */
export async function waitForText(page: Page, id: string, pattern: RegExp, timeout = 30_000): Promise<string> {
  await page.waitForFunction(
    ([sel, source, flags]) => new RegExp(source!, flags).test((globalThis as unknown as PageGlobals).document.querySelector(sel!)?.textContent ?? ''),
    [byTestId(id), pattern.source, pattern.flags],
    { timeout, polling: 50 },
  );
  return text(page, id);
}

/** Screen position of the centre of image pixel (x, y), from the stage's zoom and pan. */
export async function pixelToScreen(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const stage = page.locator(byTestId('stage'));
  const box = (await stage.boundingBox())!;
  const [zoom, panX, panY] = await stage.evaluate((el) => [el.dataset['zoom'], el.dataset['panX'], el.dataset['panY']].map(Number));
  return { x: box.x + panX! + (x + 0.5) * zoom!, y: box.y + panY! + (y + 0.5) * zoom! };
}

/** One stroke between two image pixels, left button (paint) or right (erase). */
export async function stroke(page: Page, from: [number, number], to: [number, number], button: 'left' | 'right' = 'left'): Promise<void> {
  const a = await pixelToScreen(page, ...from);
  const b = await pixelToScreen(page, ...to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down({ button });
  await page.mouse.move(b.x, b.y, { steps: 12 });
  await page.mouse.up({ button });
}

/** Sets a range or number input the way a user's drag or typing would (input + change events). */
export async function setInput(page: Page, id: string, value: string): Promise<void> {
  await page.locator(byTestId(id)).evaluate((el, v) => {
    const input = el as unknown as InputLike;
    input.value = v;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

export const holeCount = async (page: Page) => Number.parseInt(await text(page, 'hole-count'), 10);

/** "12 / 40" → [12, 40]. */
export async function frameLabel(page: Page): Promise<[number, number]> {
  const [a, b] = (await text(page, 'frame-label')).split('/').map((s) => Number.parseInt(s, 10));
  return [a!, b!];
}

/** Writes `bytes` to `file` and opens it through Open… (the bridge answers the dialog with it). */
export async function openThroughDialog(page: Page, bridge: Pick<Bridge, 'queueOpen'>, file: string, bytes: Uint8Array): Promise<void> {
  await writeFile(file, bytes);
  bridge.queueOpen(file);
  await page.click(byTestId('open'));
  await page.locator(`${byTestId('history-list')} li`, { hasText: `Open ${path.basename(file)}` }).waitFor({ timeout: 60_000 });
}

/** Polls `probe` from Node until it returns true. */
export async function poll(probe: () => Promise<boolean>, what: string, timeout = 30_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until a <select> holds an option with exactly this text. */
export async function waitForOption(page: Page, selectId: string, label: string, timeout = 10_000): Promise<void> {
  await page.locator(`${byTestId(selectId)} option`, { hasText: label }).first().waitFor({ state: 'attached', timeout });
}

/**
 * Hands the page a PNG the way a user does: dropped on the canvas (a DragEvent with dataTransfer)
 * or pasted (a ClipboardEvent with clipboardData, which bubbles up to the window's listener).
 */
export async function giveFile(page: Page, how: 'drop' | 'paste', name: string, bytes: Uint8Array): Promise<void> {
  await page.locator(byTestId('stage')).evaluate(
    (stage, { how, name, data }) => {
      const g = globalThis as unknown as {
        DataTransfer: new () => { items: { add(file: unknown): void } };
        DragEvent: new (type: string, init: object) => Event;
        ClipboardEvent: new (type: string, init: object) => Event;
        File: new (parts: unknown[], name: string, options: object) => unknown;
      };
      const transfer = new g.DataTransfer();
      transfer.items.add(new g.File([new Uint8Array(data)], name, { type: 'image/png' }));
      const init = { bubbles: true, cancelable: true };
      stage.dispatchEvent(how === 'drop' ? new g.DragEvent('drop', { ...init, dataTransfer: transfer }) : new g.ClipboardEvent('paste', { ...init, clipboardData: transfer }));
    },
    { how, name, data: [...bytes] },
  );
}

/** The app in a fresh window, its sampler loaded: each group opens one so it stands on its own. */
export async function openFreshWindow(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForText(page, 'status-backend', /onnxruntime|tfjs|wasm/, 60_000);
}

/**
 * A fresh window on the Default preset, one chain, the first sample open and a 7-pixel brush
 * stroke across it: the start of the default-sampler and continue groups, which stand on their own.
 */
export async function freshDefaultWithStroke(page: Page, url: string, sample: string): Promise<void> {
  await openFreshWindow(page, url);
  await page.selectOption(byTestId('preset'), { label: DEFAULT_PRESET.name });
  await setInput(page, 'chains', '1');
  await page.selectOption(byTestId('samples'), sample);
  await page.locator(`${byTestId('history-list')} li`, { hasText: `Open ${sample}` }).last().waitFor();
  await page.click(byTestId('tool-brush'));
  await setInput(page, 'brush-size-input', '7');
  await stroke(page, [4, 6], [24, 20]);
  await waitForText(page, 'status-region', /^region 28×28 at native scale$/);
}
