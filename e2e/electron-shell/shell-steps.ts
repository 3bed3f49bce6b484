/**
 * Smoke test of the built Electron shell (out/main, out/preload) against the fake `electron`
 * module: the window's security settings, every guard main sets (each event emitted), the app://
 * protocol, the IPC sender and schema checks, the preload's channel allowlist, the job cap, the
 * menu, dialogs and recent files, and a real chain streamed from the utilityProcess entry to the
 * preload's API over the frame port — everything Electron's binary would run, minus Chromium.
 */
import type { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { register } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { Api, SamplerFrameEvent } from '../../electron/core/ipc/contract';
import { REQUEST_SCHEMAS } from '../../electron/core/ipc/schemas';
import { BASELINE_PARAMS } from '../../electron/core/sampler/params';
import { MAX_OPEN_JOBS } from '../../electron/main/handlers/sampler-bookkeeping';
import { check, type Step } from '../harness';
import { app, fakeElectron, type MenuItem } from './fake-electron';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(ROOT, 'out');
const MODEL_ID = 'mnist-binary-28';
const SAMPLES = path.join(ROOT, 'resources/samples');
const LAUNCH_IMAGE = path.join(SAMPLES, 'mnist-test-0001.png');
const APP_URL = 'app://renderer/index.html';
/** All of them, compared whole: a setting added, dropped or loosened (webSecurity: false) fails. */
const WEB_PREFERENCES = {
  preload: path.join(OUT, 'preload/index.cjs'),
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  spellcheck: false,
};
/** What main must have called on the fake, in this order, by the time the window exists. */
const SECURITY_CALLS = [
  { call: 'app.enableSandbox', args: [] },
  { call: 'protocol.registerSchemesAsPrivileged', args: [[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]] },
  { call: 'protocol.handle', args: ['app'] },
  { call: 'webContents.setWindowOpenHandler', args: [] },
  { call: 'session.setPermissionRequestHandler', args: [] },
  { call: 'BrowserWindow.loadURL', args: [APP_URL] },
];

function waitFor<T>(what: string, poll: () => T | undefined, ms = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      const value = poll();
      if (value !== undefined) resolve(value);
      else if (Date.now() - t0 > ms) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

function findItem(items: readonly MenuItem[], label: string): MenuItem | undefined {
  for (const item of items) {
    if (item.label === label) return item;
    const inner = item.submenu && findItem(item.submenu, label);
    if (inner) return inner;
  }
  return undefined;
}

const json = (value: unknown) => JSON.stringify(value);

/** One Gibbs chain of 100,000 steps over the whole 28×28 image (a Gibbs budget is not cut to the hole): it runs until cancelled. */
const longJob = () => ({
  image: { width: 28, height: 28, channels: 1, levels: 2, data: new Uint8Array(784) },
  mask: new Uint8Array(784).fill(1),
  params: { ...BASELINE_PARAMS, steps: 100_000 },
  chains: 1,
  seed: 1,
});

/** Tries `attempt` until it resolves (for news that travels on another channel than the one awaited). */
async function retry<T>(what: string, attempt: () => Promise<T>, ms = 5_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() - t0 > ms) throw new Error(`${what}: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Emits a guarded webContents event as Electron does; true when main's listener prevented it. */
function prevented(contents: EventEmitter, event: string, ...args: unknown[]): boolean {
  let stopped = false;
  contents.emit(event, { preventDefault: () => (stopped = true) }, ...args);
  return stopped;
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected a rejection');
}

/** Runs the built preload as Electron's sandbox does: CommonJS, and `require` knows only 'electron'. */
async function runPreload(electron: unknown): Promise<void> {
  const source = await readFile(path.join(OUT, 'preload/index.cjs'), 'utf8');
  const require = (id: string) => {
    if (id === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${id}`);
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', source)(require, module, module.exports);
}

export function electronShellSteps(): Step[] {
  let api!: Api;
  let userData = '';
  const frames: SamplerFrameEvent[] = [];
  const events: { channel: string; payload: unknown }[] = [];
  const win = () => fakeElectron.windows.at(-1)!;

  async function chain(steps: number): Promise<SamplerFrameEvent[]> {
    const mask = new Uint8Array(28 * 28);
    for (let y = 8; y < 20; y++) mask.fill(1, y * 28 + 8, y * 28 + 20);
    const image = { width: 28, height: 28, channels: 1, levels: 2, data: new Uint8Array(28 * 28) };
    const job = { image, mask, params: { ...BASELINE_PARAMS, steps }, chains: 2, seed: 7 }; // annealed Gibbs: `steps` steps exactly
    const { runId } = await api.invoke('sampler:start', { job });
    await waitFor(`run ${runId} to end`, () => frames.find((f) => f.id === runId && (f.type === 'done' || f.type === 'error')));
    return frames.filter((f) => f.id === runId);
  }

  return [
    [
      'electron shell: the built main process starts with a secure window, the menu and every IPC channel',
      async () => {
        userData = await mkdtemp(path.join(os.tmpdir(), 'gibbs-shell-'));
        Object.assign(fakeElectron, { appPath: ROOT, userData });
        register(new URL('./resolve-electron.mjs', import.meta.url), { data: { fake: new URL('./fake-electron.ts', import.meta.url).href } });
        process.argv.push(LAUNCH_IMAGE); // as if started by "Open with Gibbs Inpaint"
        await import(pathToFileURL(path.join(OUT, 'main/index.js')).href);
        process.argv.pop();
        fakeElectron.ready();
        await waitFor('the window', () => fakeElectron.windows[0]);
        const prefs = win().options.webPreferences;
        check(isDeepStrictEqual(prefs, WEB_PREFERENCES), `webPreferences ${json(prefs)}`);
        await stat(WEB_PREFERENCES.preload).catch(() => check(false, `preload ${WEB_PREFERENCES.preload} is missing`));
        check(isDeepStrictEqual(fakeElectron.calls, SECURITY_CALLS), `calls:\n${fakeElectron.calls.map(json).join('\n')}`);
        const channels = [...fakeElectron.handlers.keys()].sort();
        check(JSON.stringify(channels) === JSON.stringify(Object.keys(REQUEST_SCHEMAS).sort()), `IPC channels ${channels.join(', ')}`);
        for (const label of ['File', 'Edit', 'View', 'Chain', 'Help']) check(findItem(fakeElectron.menu, label) !== undefined, `menu ${label}`);
        check(findItem(fakeElectron.menu, 'Undo')?.accelerator === 'CmdOrCtrl+Z', 'Undo is CmdOrCtrl+Z');
        win().emit('ready-to-show');
        check(win().shown, 'the window is shown when ready');
      },
    ],
    [
      'electron shell: app:// serves the built renderer with its types and the CSP header, and nothing outside it',
      async () => {
        const serve = fakeElectron.protocols.get('app')!;
        const get = (url: string) => Promise.resolve(serve(new Request(url)));
        const page = await get(APP_URL);
        const html = await page.text();
        check(page.status === 200 && html === (await readFile(path.join(OUT, 'renderer/index.html'), 'utf8')), `index.html: ${page.status}`);
        check(page.headers.get('content-type') === 'text/html; charset=utf-8', `index.html type ${page.headers.get('content-type')}`);
        const csp = page.headers.get('content-security-policy') ?? '';
        check(/default-src 'self'/.test(csp) && /frame-ancestors 'none'/.test(csp), `CSP header: ${csp}`);
        const script = /<script type="module" crossorigin src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
        check(script !== undefined, 'index.html loads a module script');
        const js = await get(`app://renderer/${script}`);
        check(js.status === 200 && js.headers.get('content-type') === 'text/javascript; charset=utf-8', `${script}: ${js.status} ${js.headers.get('content-type')}`);
        // out/main/index.js exists beside out/renderer: every way of naming it is refused
        for (const url of ['app://renderer/../main/index.js', 'app://renderer/..%2fmain%2findex.js', 'app://renderer/assets/..%2f..%2f..%2fpackage.json', 'app://main/index.js']) {
          const res = await get(url);
          check(res.status === 404, `${url}: ${res.status}`);
        }
      },
    ],
    [
      'electron shell: the sandboxed preload requires only electron and exposes exactly window.api',
      async () => {
        await runPreload(await import('./fake-electron'));
        check(JSON.stringify([...fakeElectron.exposed.keys()]) === '["api"]', `exposed ${[...fakeElectron.exposed.keys()].join(', ')}`);
        api = fakeElectron.exposed.get('api') as Api;
        api.on('sampler', (event) => frames.push(event));
        for (const channel of ['menu', 'recent:changed', 'file:opened', 'file:open-failed', 'sampler:crashed'] as const) api.on(channel, (payload) => events.push({ channel, payload }));
        check((await api.invoke('models:list', undefined)).models.some((m) => m.id === MODEL_ID), `models:list has ${MODEL_ID}`);
      },
    ],
    [
      'electron shell: the preload passes only the contract’s request channels to ipcRenderer',
      async () => {
        // a channel main happens to answer (a stray handler) is still out of the renderer's reach
        let reached = false;
        fakeElectron.handlers.set('debug:eval', async () => void (reached = true));
        try {
          for (const channel of ['debug:eval', 'toString', '__proto__', 42]) {
            const message = await rejection(api.invoke(channel as never, undefined as never));
            check(message === `unknown request channel ${String(channel)}`, `${String(channel)}: ${message}`);
          }
          check(!reached, 'the stray handler was reached');
        } finally {
          fakeElectron.handlers.delete('debug:eval');
        }
      },
    ],
    [
      'electron shell: IPC from another sender, a subframe or a foreign URL, and bad payloads, are refused',
      async () => {
        const handler = fakeElectron.handlers.get('models:list')!;
        const own = { sender: win().webContents, senderFrame: { parent: null, url: win().webContents.url } };
        const refused = [
          { ...own, sender: {} },
          { ...own, senderFrame: { parent: {}, url: own.senderFrame.url } },
          { ...own, senderFrame: { parent: null, url: 'https://evil.example/' } },
        ];
        for (const event of refused) {
          const message = await rejection(Promise.resolve().then(() => handler(event as never, undefined)));
          check(message.includes('unknown sender'), message);
        }
        const bad = await rejection(api.invoke('model:load', { dir: 42 } as never));
        check(/dir/.test(bad), `schema error names the field: ${bad}`);
      },
    ],
    [
      'electron shell: after the page loads, a chain streams from the utilityProcess to the preload over the frame port',
      async () => {
        win().webContents.emit('did-finish-load');
        const loaded = await api.invoke('model:load', { dir: path.join(ROOT, 'models', MODEL_ID) });
        check(loaded.card.id === MODEL_ID, `loaded ${loaded.card.id} on ${loaded.backend}`);
        check(fakeElectron.utilities.length === 1 && fakeElectron.utilities[0]!.entry === path.join(OUT, 'main/sampler-utility.js'), 'one utility, forked from out/main/sampler-utility.js');
        const run = await chain(30);
        check(run[0]?.type === 'init' && run.filter((f) => f.type === 'step').length === 30, `frames ${run.map((f) => f.type).join(',')}`);
        const done = run.at(-1)!;
        check(done.type === 'done' && done.result.stepsDone === 30 && done.result.image.length === 2 * 28 * 28, 'done with both chains');
      },
    ],
    [
      'electron shell: cancel ends a long run early with its frames',
      async () => {
        const { runId } = await api.invoke('sampler:start', { job: longJob() });
        await waitFor('a first step', () => frames.find((f) => f.id === runId && f.type === 'step'));
        await api.invoke('sampler:cancel', { runId });
        const done = await waitFor('the cancelled run to end', () => frames.find((f) => f.id === runId && f.type === 'done'));
        check(done.type === 'done' && done.result.cancelled && done.result.stepsDone < 100_000, 'cancelled early');
      },
    ],
    [
      `electron shell: the window may have ${MAX_OPEN_JOBS} sampler jobs open; more are refused until a reload cancels them`,
      async () => {
        const long = { ...longJob(), params: { ...longJob().params, steps: 1_000_000 } };
        const ids: number[] = [];
        // retried: the job cancelled in the step before frees its slot when main hears it ended
        for (let i = 0; i < MAX_OPEN_JOBS; i++) ids.push((await retry(`job ${i + 1}`, () => api.invoke('sampler:start', { job: long }))).runId);
        const refused = await rejection(api.invoke('sampler:start', { job: long }));
        check(refused.includes(`the sampler already has ${MAX_OPEN_JOBS} jobs queued or running`), refused);
        win().webContents.emit('did-finish-load'); // a reload: nobody follows the old page's jobs
        for (const id of ids) await waitFor(`job ${id} to be cancelled`, () => frames.find((f) => f.id === id && f.type === 'done'));
        check(ids.every((id) => frames.some((f) => f.id === id && f.type === 'done' && f.result.cancelled)), 'every open job was cancelled');
        // the sampler tells main that each job ended (after the frame port, so allow it a moment)
        const started = await retry('a job after the reload', () => api.invoke('sampler:start', { job: { ...long, params: { ...BASELINE_PARAMS, steps: 3 } } }));
        await waitFor('the job after the reload', () => frames.find((f) => f.id === started.runId && f.type === 'done'));
      },
    ],
    [
      'electron shell: menu items send their command; navigation, redirects, webviews, new windows, outside links and permissions are denied',
      async () => {
        findItem(fakeElectron.menu, 'Undo')!.click!();
        findItem(fakeElectron.menu, 'Inpaint')!.click!();
        check(JSON.stringify(events.filter((e) => e.channel === 'menu').map((e) => e.payload)) === '["undo","inpaint"]', 'menu commands reach the renderer');
        const contents = win().webContents;
        const links = ['https://example.org/', 'http://example.org/', 'file:///etc/passwd', 'mailto:a@example.org', APP_URL];
        for (const url of links) check(contents.windowOpenHandler!({ url }).action === 'deny', `window.open(${url}) opened a window`);
        const opened = fakeElectron.calls.filter((c) => c.call === 'shell.openExternal');
        check(opened.length === 0, `opened outside the app: ${json(opened)}`);
        for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://renderer/other.html', `${APP_URL}.evil`]) {
          check(prevented(contents, 'will-navigate', url), `navigation to ${url} allowed`);
        }
        check(!prevented(contents, 'will-navigate', APP_URL), 'the app URL may load');
        for (const url of ['https://evil.example/', APP_URL]) check(prevented(contents, 'will-redirect', url), `redirect to ${url} allowed`);
        const webview = { preload: '/tmp/evil.js', nodeIntegration: true };
        check(prevented(contents, 'will-attach-webview', webview, { src: 'https://evil.example/' }), 'a webview was attached');
        for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
          let granted: boolean | undefined;
          contents.permissionHandler!(contents, permission, (g) => (granted = g));
          check(granted === false, `permission ${permission}: ${granted}`);
        }
      },
    ],
    [
      'electron shell: open and save dialogs, recent files in user data, and the Open Recent menu',
      async () => {
        const sample = path.join(SAMPLES, 'mnist-test-0000.png');
        fakeElectron.nextDialogPath = sample;
        const opened = await api.invoke('file:open', { kind: 'image' });
        if (!opened) throw new Error('the open dialog opened nothing');
        check(opened.path === sample && opened.bytes.length === (await stat(sample)).size, 'opened the chosen file');
        check(JSON.stringify(await api.invoke('recent:list', undefined)) === JSON.stringify([sample]), 'recent list');
        check(JSON.parse(await readFile(path.join(userData, 'recent.json'), 'utf8')).includes(sample), 'recent list in user data');
        check(events.some((e) => e.channel === 'recent:changed'), 'recent:changed event');
        findItem(fakeElectron.menu, path.basename(sample))!.click!();
        await waitFor('file:opened from Open Recent', () => events.find((e) => e.channel === 'file:opened'));
        const target = path.join(userData, 'result.png');
        fakeElectron.nextDialogPath = target;
        const saved = await api.invoke('file:save', { kind: 'png', suggestedName: 'result.png', bytes: opened.bytes });
        check(saved?.path === target && (await readFile(target)).equals(Buffer.from(opened.bytes)), 'saved the bytes');
        fakeElectron.nextDialogPath = null;
        check((await api.invoke('file:open', { kind: 'image' })) === null, 'a cancelled dialog opens nothing');
      },
    ],
    [
      'electron shell: the image named on the command line opens once; a second launch with a file opens it in the running window, or says why not',
      async () => {
        const launched = await api.invoke('file:launched', undefined);
        check(launched?.path === LAUNCH_IMAGE, `launched with ${launched?.path}`);
        check((await api.invoke('file:launched', undefined)) === null, 'only once');
        const other = path.join(SAMPLES, 'mnist-test-0002.png');
        app.emit('second-instance', {}, ['/opt/gibbs/gibbs-inpaint', '--flag', path.relative(ROOT, other)], ROOT);
        await waitFor('file:opened from a second launch', () => events.find((e) => e.channel === 'file:opened' && (e.payload as { path: string }).path === other));
        check((await api.invoke('recent:list', undefined))[0] === other, 'files opened from the OS join the recent list');
        const missing = path.join(ROOT, 'no-such-image.png');
        app.emit('second-instance', {}, ['/opt/gibbs/gibbs-inpaint', missing], ROOT);
        const failed = await waitFor('file:open-failed', () => events.find((e) => e.channel === 'file:open-failed'));
        check((failed.payload as { message: string }).message === `${missing} does not exist`, `the failure says why: ${JSON.stringify(failed.payload)}`);
      },
    ],
    [
      'electron shell: a crashed sampler is reported; the next run respawns it with the model and a new frame port',
      async () => {
        await fakeElectron.utilities[0]!.worker.terminate();
        await waitFor('sampler:crashed', () => events.find((e) => e.channel === 'sampler:crashed'));
        const run = await chain(5);
        check(fakeElectron.utilities.length === 2, 'a second utility process');
        check(run.at(-1)?.type === 'done', `after the respawn: ${run.map((f) => f.type).join(',')}`);
      },
    ],
    [
      'electron shell: closing the last window stops the sampler and quits',
      async () => {
        const exited = new Promise((resolve) => fakeElectron.utilities[1]!.once('exit', resolve));
        app.emit('window-all-closed');
        await exited;
        check(fakeElectron.quitCalls === 1, 'app.quit');
        await rm(userData, { recursive: true, force: true });
      },
    ],
  ];
}
