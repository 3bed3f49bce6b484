import { BrowserWindow, type WebContents } from 'electron';
import { fileURLToPath } from 'node:url';
import { APP_INDEX_URL } from './app-protocol';

const PRELOAD = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
/** The built renderer, served as app://renderer/ (see app-protocol.ts). */
export const RENDERER_DIR = fileURLToPath(new URL('../renderer', import.meta.url));
const DEV_URL = process.env['ELECTRON_RENDERER_URL'];

/** True for the renderer's own document (dev server, or app://renderer/index.html exactly), nothing else. */
export function isAppUrl(url: string): boolean {
  if (DEV_URL) return sameOrigin(url, DEV_URL); // a prefix test would let http://localhost:5173.evil.example in
  return url === APP_INDEX_URL || url.startsWith(`${APP_INDEX_URL}#`) || url.startsWith(`${APP_INDEX_URL}?`);
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
  void win.loadURL(DEV_URL ?? APP_INDEX_URL);
  return win;
}

/**
 * Navigation away, redirects, webviews, new windows and permissions are denied. The renderer
 * links to nothing outside the app, so no URL is allowlisted to open in the user's browser: a
 * window.open (an injected link, say) opens nothing anywhere.
 */
function lockDown(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}
