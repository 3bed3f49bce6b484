/**
 * Electron loads the built renderer from app://renderer/, answered by main's serveRenderer. This
 * step puts that very function behind a 127.0.0.1 server (Chromium cannot be taught a scheme; a
 * loopback origin is, like app://, a secure context with an origin for 'self'), loads the app in
 * Chromium under the CSP header, checks that the module scripts run, that the export module
 * Worker encodes a GIF there, and that the header's frame-ancestors keeps the page out of frames.
 */
import { readdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { decodeGif } from '../electron/core/image/testing/gif-decode';
import { serveRenderer } from '../electron/main/app-protocol';
import { check, type Step } from './harness';
import { byTestId } from './page-helpers';

/** main's app:// handler over http: the path of each request is looked up as app://renderer/<path>. */
async function serveAsApp(rendererDir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    void serveRenderer(rendererDir, { method: req.method ?? 'GET', url: `app://renderer${req.url ?? '/'}` }).then(async (answer) => {
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export function appUrlStep(browser: Browser, rendererDir: string): Step {
  return [
    'the built renderer runs as served by the app:// handler, CSP header included, and its export Web Worker encodes a GIF there',
    async () => {
      const { server, url } = await serveAsApp(rendererDir);
      const page = await browser.newPage();
      try {
        const errors: string[] = [];
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        await page.goto(`${url}/index.html`);
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
        // frame-ancestors exists only in the header (a meta CSP cannot say it): framing is refused
        const outer = await browser.newPage();
        try {
          const refusal = outer.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 10_000 });
          await outer.setContent(`<iframe src="${url}/index.html"></iframe>`);
          await refusal.catch(() => check(false, 'the app loaded inside another page’s frame'));
        } finally {
          await outer.close();
        }
      } finally {
        await page.close();
        server.close();
      }
    },
  ];
}
