import { BrowserWindow, shell, type WebContents } from 'electron';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PRELOAD = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const INDEX_HTML = fileURLToPath(new URL('../renderer/index.html', import.meta.url));
const DEV_URL = process.env['ELECTRON_RENDERER_URL'];

/** True for the renderer's own document (dev server or the built index.html), nothing else. */
export function isAppUrl(url: string): boolean {
  if (DEV_URL) return sameOrigin(url, DEV_URL); // a prefix test would let http://localhost:5173.evil.example in
  const own = pathToFileURL(INDEX_HTML).href;
  return url === own || url.startsWith(`${own}#`) || url.startsWith(`${own}?`);
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** The one main window: isolated, sandboxed, no Node; it may not navigate away or open others. */
export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 680,
    show: false,
    backgroundColor: '#15171c',
    title: 'Gibbs Inpaint',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  lockDown(win.webContents);
  win.once('ready-to-show', () => win.show());
  if (DEV_URL) void win.loadURL(DEV_URL);
  else void win.loadFile(INDEX_HTML);
  return win;
}

/** Navigation and new windows are denied; http(s) links open in the user's browser instead. */
function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}
