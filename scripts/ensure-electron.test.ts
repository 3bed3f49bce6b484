import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ElectronMissingError, ensureElectron } from './ensure-electron';

const SCRIPT = path.join(import.meta.dirname, 'ensure-electron.ts');
const env = { ...process.env, ELECTRON_EXEC_PATH: '' };

/** install.js stand-ins, in place of Electron's (which fetches from GitHub): no test touches the network. */
const INSTALL = {
  /** Unpacks a "binary" as Electron's does: dist/electron and path.txt naming it; leaves a mark that it ran. */
  succeeds: `const fs = require('node:fs');
fs.writeFileSync(__dirname + '/ran', '');
fs.mkdirSync(__dirname + '/dist', { recursive: true });
fs.writeFileSync(__dirname + '/dist/electron', '');
fs.writeFileSync(__dirname + '/path.txt', 'electron');`,
  /** Fetches from a port just closed (refused at once) and prints the stack, as Electron's does. */
  fetchRefused: `const server = require('node:net').createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  server.close(() => fetch('http://127.0.0.1:' + port + '/electron.zip').catch((error) => {
    console.error(error.stack);
    process.exit(1);
  }));
});`,
  httpError: `console.error('HTTPError: Response code 404 (Not Found) for https://mirror.example/electron.zip\\n    at FetchDownloader.download (file:///get.js:1:1)');
process.exit(1);`,
  leavesNothing: `process.exit(0);`,
};

/** A folder shaped like node_modules/electron, with the given install.js and files. */
async function fakeElectron(install: string, files: Record<string, string> = {}): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'ensure-electron-')), 'electron');
  await mkdir(path.join(dir, 'dist'), { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.3.4' }));
  await writeFile(path.join(dir, 'install.js'), install);
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

const quiet = () => {};

describe('ensureElectron', () => {
  it('leaves an installed binary alone: install.js does not run', async () => {
    const dir = await fakeElectron(INSTALL.succeeds, { 'path.txt': 'electron', 'dist/electron': '' });
    const logged: string[] = [];
    expect(ensureElectron(dir, env, (line) => logged.push(line))).toEqual({ binary: path.join(dir, 'dist/electron'), downloaded: false });
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
    expect(logged).toEqual([]);
  });

  it.each([
    ['no path.txt (a fresh npm install)', {}],
    ['path.txt naming a binary that is not there', { 'path.txt': 'electron' }],
  ])('runs install.js when there is %s, saying so in one line', async (_, files) => {
    const dir = await fakeElectron(INSTALL.succeeds, files);
    const logged: string[] = [];
    expect(ensureElectron(dir, env, (line) => logged.push(line))).toEqual({ binary: path.join(dir, 'dist/electron'), downloaded: true });
    expect(existsSync(path.join(dir, 'ran'))).toBe(true);
    expect(logged).toEqual(["Electron 45.3.4's binary is not installed yet: downloading it (about 100 MB, once)…"]);
  });

  it('names an HTTP error from the mirror', async () => {
    const dir = await fakeElectron(INSTALL.httpError);
    expect(() => ensureElectron(dir, env, quiet)).toThrow(
      /^Electron's binary is not installed and could not be downloaded: Response code 404 \(Not Found\) for https:\/\/mirror\.example\/electron\.zip\. Check your network, or set ELECTRON_MIRROR/,
    );
  });

  it('refuses an install.js that exits 0 but leaves no binary', async () => {
    const dir = await fakeElectron(INSTALL.leavesNothing);
    expect(() => ensureElectron(dir, env, quiet)).toThrow(ElectronMissingError);
    expect(() => ensureElectron(dir, env, quiet)).toThrow(`Electron's install.js finished but left no binary in ${path.join(dir, 'dist')}`);
  });

  it('takes ELECTRON_EXEC_PATH (as electron-vite does) and refuses one that does not exist', async () => {
    const dir = await fakeElectron(INSTALL.succeeds);
    const binary = path.join(dir, 'package.json'); // any existing file
    expect(ensureElectron(dir, { ...env, ELECTRON_EXEC_PATH: binary }, quiet)).toEqual({ binary, downloaded: false });
    expect(() => ensureElectron(dir, { ...env, ELECTRON_EXEC_PATH: '/nowhere/electron' }, quiet)).toThrow(/^ELECTRON_EXEC_PATH names \/nowhere\/electron, which does not exist/);
    expect(existsSync(path.join(dir, 'ran'))).toBe(false);
  });
});

describe('npm start’s prestart (the script run as a command)', () => {
  it('prints one line with the fetch’s cause on stderr and exits 1 when the download fails', async () => {
    const dir = await fakeElectron(INSTALL.fetchRefused);
    const run = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, dir], { env, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^Electron's binary is not installed and could not be downloaded: fetch failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)\. Check your network, or set ELECTRON_MIRROR to a mirror of Electron's releases \(https:\/\/\S+\), then run the command again\.\n$/,
    );
    expect(run.stdout).toBe("Electron 45.3.4's binary is not installed yet: downloading it (about 100 MB, once)…\n");
  });

  it('exits 0 once the binary is there', async () => {
    const dir = await fakeElectron(INSTALL.succeeds);
    const run = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, dir], { env, encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain(`Electron's binary is installed: ${path.join(dir, 'dist/electron')}\n`);
  });
});

describe('package.json', () => {
  it('runs the script before every command that starts Electron through electron-vite', async () => {
    const { scripts } = JSON.parse(await readFile(path.join(import.meta.dirname, '../package.json'), 'utf8')) as { scripts: Record<string, string> };
    const startsElectron = Object.keys(scripts).filter((name) => /^electron-vite (dev|preview)\b/.test(scripts[name]!));
    expect(startsElectron.sort()).toEqual(['dev', 'start']);
    for (const name of startsElectron) expect(scripts[`pre${name}`], name).toBe('tsx scripts/ensure-electron.ts');
  });
});
