/**
 * Electron loads the built renderer from file://, where module scripts, the CSP's 'self' and
 * module Web Workers behave differently than over http. This step opens out/renderer/index.html
 * from disk in Chromium (started with --allow-file-access-from-files, the closest a browser gets
 * to Electron's file handling) and runs one GIF export on the bundled export worker there.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { decodeGif } from '../electron/core/image/testing/gif-decode';
import { check, type Step } from './harness';
import { byTestId } from './page-helpers';

export function fileUrlStep(browser: Browser, rendererDir: string): Step {
  return [
    'the built renderer runs from file:// and its export Web Worker encodes a GIF there',
    async () => {
      const page = await browser.newPage();
      try {
        const errors: string[] = [];
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        await page.goto(pathToFileURL(path.join(rendererDir, 'index.html')).href);
        // the app's module script ran: it mounted and reports the missing preload (no Electron here)
        await page.locator(byTestId('status')).waitFor();
        await page.locator(byTestId('toasts'), { hasText: 'window.api is missing' }).waitFor();
        check(!errors.some((e) => /Content Security Policy|Failed to load module|CORS/i.test(e)), `load errors: ${errors.join('\n')}`);
        const worker = (await readdir(path.join(rendererDir, 'assets'))).find((f) => /^export-worker-.*\.js$/.test(f));
        check(worker !== undefined, 'the build has an export worker');
        const gif = await page.evaluate(async (url) => {
          const frames = [new Uint8Array(16), new Uint8Array(16).fill(1), new Uint8Array(16)];
          const region = { rect: { x: 0, y: 0, width: 4, height: 4 }, scale: 'native', model: { width: 4, height: 4 } };
          const composite = { region, context: { width: 4, height: 4, data: new Uint8Array(64) }, hole: new Uint8Array(16).fill(1), image: { width: 4, height: 4 }, feather: 0, smooth: false };
          const job = { kind: 'gif', shape: { width: 4, height: 4, channels: 1, levels: 2 }, frames, from: 0, to: 2, chain: 0, fps: 10, scale: 2, composite, backdrop: null };
          const g = globalThis as unknown as { Worker: new (url: string, options: object) => { onmessage: (e: { data: { type: string; bytes?: Uint8Array; message?: string } }) => void; onerror: (e: { message: string }) => void; postMessage(job: object): void } };
          return new Promise<number[]>((resolve, reject) => {
            const w = new g.Worker(url, { type: 'module' });
            w.onmessage = ({ data }) => (data.type === 'done' ? resolve([...data.bytes!]) : data.type === 'error' && reject(new Error(data.message)));
            w.onerror = (e) => reject(new Error(`the worker failed to start: ${e.message}`));
            w.postMessage(job);
          });
        }, `./assets/${worker}`);
        const decoded = decodeGif(new Uint8Array(gif));
        check(decoded.frames.length === 3 && decoded.width === 8, `the GIF has ${decoded.frames.length} frames, ${decoded.width} px wide`);
      } finally {
        await page.close();
      }
    },
  ];
}
