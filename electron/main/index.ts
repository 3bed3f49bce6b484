/** Electron main: one secure window, the app menu, typed IPC handlers and the sampler in a utilityProcess. */
import { app, BrowserWindow, protocol, shell } from 'electron';
import type { Events, EventChannel, OpenedFile } from '../core/ipc/contract';
import { APP_SCHEME, serveRenderer } from './app-protocol';
import { guardClose, type CloseGuard } from './close-guard';
import { createHandlers } from './handlers';
import { electronDialogs } from './dialogs';
import { registerHandlers } from './ipc';
import { imageArgument } from './launch-file';
import { buildMenu, type MenuActions } from './menu';
import { resourceRoots } from './paths';
import { UtilitySampler } from './sampler-host';
import { appTrainingManager } from './training/wiring';
import { createMainWindow, isAppUrl, RENDERER_DIR } from './window';

let win: BrowserWindow | null = null;
let closeGuard: CloseGuard | null = null;
/** An image to open that arrived before the renderer could ask for it (command line, macOS open-file). */
let launchFile = imageArgument(process.argv, process.cwd());
const sampler = new UtilitySampler((message) => emit('sampler:crashed', { message }));

function emit<E extends EventChannel>(channel: E, payload: Events[E]): void {
  if (win && !win.isDestroyed()) win.webContents.send(channel, payload);
}

const training = appTrainingManager({
  modelsRoot: resourceRoots().modelsRoot,
  userData: app.getPath('userData'),
  layout: { isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() },
  emit: (event) => emit('training', event),
});

const handlers = createHandlers({
  ...resourceRoots(),
  userData: app.getPath('userData'),
  training,
  dialogs: electronDialogs(() => win),
  sampler,
  revealInFolder: (file) => shell.showItemInFolder(file),
  takeLaunchFile: () => {
    const file = launchFile;
    launchFile = null;
    return file;
  },
  onDirtyChanged: (dirty, name) => closeGuard?.setDirty(dirty, name),
  closeWindow: () => closeGuard?.closeNow(),
  onRecentChanged: (paths) => {
    buildMenu(paths, menuActions);
    emit('recent:changed', paths);
  },
});

const menuActions: MenuActions = {
  command: (command) => emit('menu', command),
  openRecent: (file) => deliver(file, handlers['recent:open']({ path: file })),
};

/** Opens an image in the running window (a second launch or the OS handing us a file), or keeps it for the renderer's first request. */
function openFromOs(file: string): void {
  launchFile = file;
  if (!win || win.webContents.isLoading()) return; // the renderer asks for it once it has loaded
  win.focus();
  deliver(file, handlers['file:launched']());
}

/** Hands a file main opened to the renderer, or tells it why the file could not be opened. */
function deliver(file: string, opening: Promise<OpenedFile | null>): void {
  opening.then(
    (opened) => opened && emit('file:opened', opened),
    (error: Error) => emit('file:open-failed', { path: file, message: error.message }),
  );
}

function openWindow(): void {
  win = createMainWindow();
  // every load (and reload) of the renderer gets a fresh frame port from the sampler
  win.webContents.on('did-finish-load', () => win && sampler.connect(win.webContents));
  closeGuard = guardClose(win, { save: () => emit('menu', 'save-then-close'), discard: () => handlers['autosave:clear']() });
  win.on('closed', () => ((win = null), (closeGuard = null)));
}

app.enableSandbox();
// app:// behaves like https (standard: relative URLs and an origin for 'self'; secure); module
// scripts and module workers are fetched in CORS mode, which a custom scheme must allow
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
// a second launch focuses the running window instead of starting another sampler
if (!app.requestSingleInstanceLock()) app.quit();
else start();

function start(): void {
  app.on('second-instance', (_event, argv, cwd) => {
    const file = imageArgument(argv, cwd);
    if (file) openFromOs(file);
    else win?.focus();
  });
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openFromOs(file);
  });
  let trainingStopped = false;
  app.on('before-quit', (event) => {
    if (trainingStopped) return;
    // a run checkpoints before the app goes (its pipe closing under it could fail its last writes); the next start offers to resume
    event.preventDefault();
    trainingStopped = true;
    void training.shutdown().finally(() => app.quit());
  });
  app.on('window-all-closed', () => {
    sampler.dispose();
    app.quit();
  });
  void app.whenReady().then(async () => {
    protocol.handle(APP_SCHEME, (request) => serveRenderer(RENDERER_DIR, request));
    registerHandlers(handlers, () => win?.webContents ?? null, isAppUrl);
    buildMenu(await handlers['recent:list'](), menuActions);
    openWindow();
    app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && openWindow());
  });
}
