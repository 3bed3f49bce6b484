/**
 * The built renderer as app://renderer/…, served from out/renderer and nothing else. It replaces
 * file://, whose pages get extra privileges, a null origin and no response headers (so no CSP
 * header). Free of Electron: main registers it with protocol.handle, and tests call it directly.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

export const APP_SCHEME = 'app';
const APP_HOST = 'renderer';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The CSP of renderer/index.html's meta tag, sent as a header too (a header is applied before any
 * markup runs), plus what only a header can say: no page may frame ours.
 */
export const RENDERER_CSP = [
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; connect-src 'self'",
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
].join('; ');

/** What the build emits; module scripts and workers load only with a JavaScript type. */
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

const refuse = (status: number, why: string) => new Response(why, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/** Answers one app:// request with a file under `rendererDir`, or a refusal (404 for anything outside it). */
export async function serveRenderer(rendererDir: string, request: { method: string; url: string }): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, `${request.method} is not served`);
  const file = await rendererFile(rendererDir, request.url);
  if (!file) return refuse(404, `${request.url} is not part of the app`);
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return refuse(404, `${request.url} is not part of the app`);
  }
  const type = MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const headers: Record<string, string> = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = RENDERER_CSP;
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}

/** The real path of the file an app:// URL names, or null when it is not one of ours or lies outside the folder (symlinks included). */
async function rendererFile(rendererDir: string, url: string): Promise<string | null> {
  let pathname: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
    // decoded after parsing, so "%2e%2e%2f" and "%5c" are caught by the containment test below
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  if (pathname === '/') pathname = '/index.html';
  try {
    const root = await realpath(rendererDir);
    const file = await realpath(path.join(root, pathname));
    const inside = path.relative(root, file);
    const outside = !inside || inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside);
    return outside ? null : file;
  } catch {
    return null; // no such file
  }
}
