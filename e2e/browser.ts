/** What the e2e and the UI benchmark share: Debian's Chromium, its flags, and a build of the app that is never stale. */
import { execFileSync } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const RENDERER_OUT = path.join(ROOT, 'out/renderer');
export const CHROMIUM = process.env['CHROMIUM'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function newest(dir: string): Promise<number> {
  let latest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, (await stat(path.join(entry.parentPath, entry.name))).mtimeMs);
  }
  return latest;
}

/** Rebuilds when any renderer or electron/ source is newer than the built index.html. */
export async function buildIfStale(): Promise<void> {
  const built = await stat(path.join(RENDERER_OUT, 'index.html')).then((s) => s.mtimeMs, () => 0);
  const sources = Math.max(await newest(path.join(ROOT, 'renderer')), await newest(path.join(ROOT, 'electron')));
  if (built > sources) return;
  console.log('building the app (electron-vite build)…');
  execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
}
