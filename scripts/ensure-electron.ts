/**
 * Runs before `npm start` and `npm run dev` (prestart, predev): makes sure Electron's binary is on
 * disk. Electron ≥ 42 has no install script: its binary is fetched the first time
 * `require('electron')` resolves it, but electron-vite reads node_modules/electron/path.txt
 * directly and never triggers that fetch, so a fresh `npm install && npm start` ended in
 * "Error: Electron uninstall". This runs Electron's own install.js when the binary is missing
 * (its cache, ELECTRON_MIRROR and checksums apply) and, when the download fails, prints one line
 * saying why and exits 1.
 *
 * `tsx scripts/ensure-electron.ts [folder of the electron package]` (default: the one Node resolves).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Preloaded into install.js so that a failed fetch names its cause (see the file). */
const FETCH_CAUSE_HOOK = path.join(import.meta.dirname, 'fetch-cause.cjs');
const CAUSE_PREFIX = 'fetch cause: ';
const MIRROR_DOCS = 'https://www.electronjs.org/docs/latest/tutorial/installation#mirror';

/** Electron's binary is missing and could not be fetched; the message is the one line to print. */
export class ElectronMissingError extends Error {
  override name = 'ElectronMissingError';
}

export interface EnsuredElectron {
  binary: string;
  downloaded: boolean;
}

/** The binary electron-vite will run: ELECTRON_EXEC_PATH, else dist/<path.txt> as Electron's index.js reads it; null if absent. */
export function installedBinary(packageDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const override = env['ELECTRON_EXEC_PATH'];
  if (override) return existsSync(override) ? override : null;
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(binary) ? binary : null;
}

/**
 * Returns the binary, downloading it first when it is missing (`log` hears one progress line).
 * Throws ElectronMissingError with one line when it stays missing.
 */
export function ensureElectron(packageDir: string, env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.log): EnsuredElectron {
  const present = installedBinary(packageDir, env);
  if (present) return { binary: present, downloaded: false };
  const override = env['ELECTRON_EXEC_PATH'];
  if (override) throw new ElectronMissingError(`ELECTRON_EXEC_PATH names ${override}, which does not exist: point it at an Electron binary or unset it.`);

  log(`Electron ${packageVersion(packageDir)}'s binary is not installed yet: downloading it (about 100 MB, once)…`);
  const install = spawnSync(process.execPath, ['--require', FETCH_CAUSE_HOOK, path.join(packageDir, 'install.js')], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (install.error || install.status !== 0) {
    const reason = install.error ? install.error.message : failureReason(install.stderr, install.status);
    throw new ElectronMissingError(
      `Electron's binary is not installed and could not be downloaded: ${reason}. ` +
        `Check your network, or set ELECTRON_MIRROR to a mirror of Electron's releases (${MIRROR_DOCS}), then run the command again.`,
    );
  }
  const binary = installedBinary(packageDir, env);
  if (!binary) throw new ElectronMissingError(`Electron's install.js finished but left no binary in ${path.join(packageDir, 'dist')}: delete node_modules/electron and run npm install again.`);
  return { binary, downloaded: true };
}

/** install.js prints the error's stack: its first line, with the fetch's cause when the hook caught one. */
function failureReason(stderr: string, status: number | null): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  const cause = lines.find((line) => line.startsWith(CAUSE_PREFIX))?.slice(CAUSE_PREFIX.length);
  const headline = lines.find((line) => !line.startsWith(CAUSE_PREFIX))?.replace(/^\w*Error: /, '');
  const what = headline ?? `Electron's install.js exited with ${status === null ? 'a signal' : `code ${status}`}`;
  return cause ? `${what} (${cause})` : what;
}

function packageVersion(packageDir: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version?: string }).version ?? '';
  } catch {
    return '';
  }
}

function resolvePackageDir(): string {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    throw new ElectronMissingError('the electron package is not installed (node_modules/electron is missing): run npm install.');
  }
}

function main(): number {
  try {
    const { binary, downloaded } = ensureElectron(process.argv[2] ?? resolvePackageDir());
    if (downloaded) console.log(`Electron's binary is installed: ${binary}`);
    return 0;
  } catch (error) {
    if (!(error instanceof ElectronMissingError)) throw error;
    console.error(error.message);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main();
