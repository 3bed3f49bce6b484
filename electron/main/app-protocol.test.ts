import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL, RENDERER_CSP, serveRenderer } from './app-protocol';

let root = '';
let renderer = '';
const get = (url: string, method = 'GET') => serveRenderer(renderer, { method, url });

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'gibbs-app-protocol-'));
  renderer = path.join(root, 'renderer');
  await mkdir(path.join(renderer, 'assets'), { recursive: true });
  await writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(path.join(renderer, 'assets/index-1.js'), 'export {};');
  await writeFile(path.join(renderer, 'assets/index-1.css'), 'body{}');
  await writeFile(path.join(renderer, 'assets/blob.bin'), new Uint8Array([1, 2]));
  await writeFile(path.join(root, 'secret.txt'), 'the bytes of a file outside');
  await symlink(path.join(root, 'secret.txt'), path.join(renderer, 'assets/link.txt'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('app:// serves the built renderer', () => {
  it('serves index.html with the CSP as a header, and the root as index.html', async () => {
    for (const url of [APP_INDEX_URL, 'app://renderer/']) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP);
      expect(await res.text()).toBe('<!doctype html><title>app</title>');
    }
  });

  it('gives scripts a JavaScript type (module scripts and workers need one) and no CSP on non-HTML', async () => {
    const js = await get('app://renderer/assets/index-1.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(js.headers.get('content-security-policy')).toBeNull();
    expect((await get('app://renderer/assets/index-1.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('app://renderer/assets/blob.bin')).headers.get('content-type')).toBe('application/octet-stream');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get(APP_INDEX_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect((await get(APP_INDEX_URL, 'POST')).status).toBe(405);
  });

  it('refuses every path outside the renderer folder: dot segments, encoded separators, symlinks', async () => {
    const outside = [
      'app://renderer/../secret.txt', // URL parsing drops the "..": renderer/secret.txt does not exist
      'app://renderer/..%2fsecret.txt', // decodes to /../secret.txt, which does exist
      'app://renderer/assets/..%2f..%2fsecret.txt',
      'app://renderer/%2e%2e%2fsecret.txt',
      'app://renderer/assets/link.txt', // a symlink leading out
      `app://renderer/${encodeURIComponent(path.join(root, 'secret.txt'))}`,
      'app://renderer/assets/index-1.js%00.png',
      'app://renderer/assets', // a folder
      'app://renderer/missing.js',
    ];
    for (const url of outside) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text(), url).not.toContain('the bytes of a file outside');
    }
  });

  it('serves only its own scheme and host', async () => {
    for (const url of ['app://other/index.html', `file://${renderer}/index.html`, 'http://renderer/index.html', 'not a url']) {
      expect((await get(url)).status, url).toBe(404);
    }
  });

  it("sends the CSP of renderer/index.html's meta tag, plus frame-ancestors", async () => {
    const html = await readFile(path.resolve(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(`${meta}; frame-ancestors 'none'`).toBe(RENDERER_CSP);
  });
});
