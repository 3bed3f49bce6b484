#!/usr/bin/env node
// The command line, started fast: the TypeScript is bundled once into out/cli (again whenever a
// source is newer than the bundle), so a run pays no transpiling. Packages stay in node_modules.
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'out/cli');
const ENTRIES = { inpaint: 'electron/cli/inpaint.ts', 'sampler-thread': 'electron/worker/sampler-thread.ts' };
const SOURCES = ['electron/cli', 'electron/core', 'electron/worker'];

async function newestSource() {
  let newest = 0;
  for (const dir of SOURCES) {
    for (const entry of await readdir(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, (await stat(path.join(entry.parentPath, entry.name))).mtimeMs);
    }
  }
  return newest;
}

async function bundleIsFresh() {
  const built = await Promise.all(Object.keys(ENTRIES).map((name) => stat(path.join(OUT, `${name}.js`)).catch(() => null)));
  if (built.some((s) => !s)) return false;
  return Math.min(...built.map((s) => s.mtimeMs)) >= (await newestSource());
}

if (!(await bundleIsFresh())) {
  const { build } = await import('esbuild');
  await rm(OUT, { recursive: true, force: true }); // chunks of an earlier build would linger
  await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, path.join(ROOT, file)])),
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // dynamic imports stay chunks of their own: tfjs (130 ms to load) only when a tfjs backend runs
    splitting: true,
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
}
await import(pathToFileURL(path.join(OUT, 'inpaint.js')).href);
