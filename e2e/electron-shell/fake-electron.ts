/**
 * A small working fake of the `electron` module, enough to run the *built* main process
 * (out/main), its utilityProcess entry and the preload under plain Node, where Electron's binary
 * cannot be installed. Windows are records; IPC, MessagePorts and the utility process are real
 * (worker threads and Node MessagePorts), wired renderer ↔ main the way Electron wires them.
 * Every security-relevant call is recorded in `calls`, and the calls Electron allows only before
 * (or only after) the ready event throw at the wrong time, as Electron's do.
 */
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

type Handler = (event: InvokeEvent, payload: unknown) => unknown;
interface InvokeEvent {
  sender: FakeWebContents;
  senderFrame: { parent: object | null; url: string } | null;
}
export interface MenuItem {
  label?: string;
  role?: string;
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItem[];
}

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/** What the smoke test sets and inspects. */
export const fakeElectron = {
  appPath: '',
  userData: '',
  isReady: false,
  /** Security-relevant calls, in order: `enableSandbox`, `registerSchemesAsPrivileged`, `protocol.handle`, … */
  calls: [] as { call: string; args: unknown[] }[],
  protocols: new Map<string, ProtocolHandler>(),
  handlers: new Map<string, Handler>(),
  menu: [] as MenuItem[],
  windows: [] as FakeBrowserWindow[],
  utilities: [] as FakeUtilityProcess[],
  quitCalls: 0,
  /** What the next open/save dialog returns (null = the user cancels). */
  nextDialogPath: null as string | null,
  /** Emits ready: resolves app.whenReady(). */
  ready: (): void => {},
  /** The renderer side: what the preload exposed, and the events main sent it. */
  exposed: new Map<string, unknown>(),
  rendererEvents: new EventEmitter(),
};

const record = (call: string, ...args: unknown[]) => void fakeElectron.calls.push({ call, args });
let resolveReady = (): void => {};
const readyPromise = new Promise<void>((resolve) => (resolveReady = resolve));
fakeElectron.ready = () => {
  fakeElectron.isReady = true;
  resolveReady();
};

function mustBeReady(call: string, ready: boolean): void {
  if (fakeElectron.isReady !== ready) throw new Error(`fake electron: ${call} can only be called ${ready ? 'after' : 'before'} the ready event`);
}

export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  getAppPath: () => fakeElectron.appPath,
  getPath: (name: string) => {
    if (name !== 'userData') throw new Error(`fake electron: app.getPath(${name}) is not faked`);
    return fakeElectron.userData;
  },
  enableSandbox: () => {
    mustBeReady('app.enableSandbox', false);
    record('app.enableSandbox');
  },
  requestSingleInstanceLock: () => true,
  whenReady: () => readyPromise,
  quit: () => void fakeElectron.quitCalls++,
});

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    mustBeReady('protocol.registerSchemesAsPrivileged', false);
    record('protocol.registerSchemesAsPrivileged', schemes);
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    mustBeReady('protocol.handle', true);
    if (fakeElectron.protocols.has(scheme)) throw new Error(`fake electron: the ${scheme} protocol is already handled`);
    record('protocol.handle', scheme);
    fakeElectron.protocols.set(scheme, handler);
  },
};

class FakeWebContents extends EventEmitter {
  url = '';
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  permissionHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  readonly session = {
    setPermissionRequestHandler: (handler: FakeWebContents['permissionHandler']) => {
      record('session.setPermissionRequestHandler');
      this.permissionHandler = handler;
    },
  };
  isDestroyed = () => false;
  isLoading = () => false;
  setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']): void {
    record('webContents.setWindowOpenHandler');
    this.windowOpenHandler = handler;
  }
  /** Main → renderer event: the preload's ipcRenderer listeners hear it, after a structured clone as in IPC. */
  send(channel: string, payload: unknown): void {
    fakeElectron.rendererEvents.emit(channel, { ports: [] }, structuredClone(payload));
  }
  /** Main → renderer message with ports (MessageChannelMain ports arrive as the renderer's MessagePorts). */
  postMessage(channel: string, message: unknown, ports: MainPort[] = []): void {
    fakeElectron.rendererEvents.emit(channel, { ports: ports.map((p) => p.raw) }, message);
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows = (): FakeBrowserWindow[] => fakeElectron.windows;
  readonly webContents = new FakeWebContents();
  shown = false;
  constructor(readonly options: { webPreferences: Record<string, unknown> } & Record<string, unknown>) {
    super();
    mustBeReady('new BrowserWindow', true);
    fakeElectron.windows.push(this);
  }
  /** Only the URL is recorded: the smoke test fetches it through the registered protocol itself. */
  async loadURL(url: string): Promise<void> {
    record('BrowserWindow.loadURL', url);
    this.webContents.url = url;
  }
  isDestroyed = () => false;
  show(): void {
    this.shown = true;
  }
  focus(): void {}
}
type FakeBrowserWindow = BrowserWindow;

export const ipcMain = {
  handle(channel: string, handler: Handler): void {
    if (fakeElectron.handlers.has(channel)) throw new Error(`fake electron: a second handler for ${channel}`);
    fakeElectron.handlers.set(channel, handler);
  },
};

export const Menu = {
  buildFromTemplate: (template: MenuItem[]) => ({ template }),
  setApplicationMenu: (menu: { template: MenuItem[] }) => (fakeElectron.menu = menu.template),
};

const dialogResult = () => fakeElectron.nextDialogPath;
export const dialog = {
  showOpenDialog: async () => ({ canceled: dialogResult() === null, filePaths: dialogResult() ? [dialogResult()!] : [] }),
  showSaveDialog: async () => ({ canceled: dialogResult() === null, filePath: dialogResult() ?? undefined }),
};

export const shell = {
  openExternal: async (url: string) => record('shell.openExternal', url),
  showItemInFolder: (file: string) => record('shell.showItemInFolder', file),
};

/** MessagePortMain over a Node MessagePort: 'message' listeners get `{ data, ports }` as in Electron. */
export class MainPort extends EventEmitter {
  constructor(readonly raw: MessagePort) {
    super();
    raw.on('message', (data: unknown) => this.emit('message', { data, ports: [] }));
  }
  postMessage(message: unknown): void {
    this.raw.postMessage(message);
  }
  start(): void {
    this.raw.start();
  }
  close(): void {
    this.raw.close();
  }
}

export class MessageChannelMain {
  readonly port1: MainPort;
  readonly port2: MainPort;
  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port1 = new MainPort(port1);
    this.port2 = new MainPort(port2);
  }
}

const UTILITY_BOOTSTRAP = new URL('./utility-bootstrap.mjs', import.meta.url);

/** A utilityProcess as a worker thread whose `process.parentPort` behaves like Electron's. */
class FakeUtilityProcess extends EventEmitter {
  readonly worker: Worker;
  constructor(readonly entry: string) {
    super();
    this.worker = new Worker(UTILITY_BOOTSTRAP, { workerData: { entry: pathToFileURL(entry).href } });
    this.worker.on('message', (message: unknown) => this.emit('message', message));
    this.worker.on('error', (error: Error) => this.emit('error-in-worker', error));
    this.worker.on('exit', (code: number) => this.emit('exit', code));
    fakeElectron.utilities.push(this);
  }
  postMessage(message: unknown, transfer: MainPort[] = []): void {
    const ports = transfer.map((p) => p.raw);
    this.worker.postMessage({ message, ports }, ports);
  }
  kill(): boolean {
    void this.worker.terminate();
    return true;
  }
}

export const utilityProcess = {
  fork: (entry: string) => new FakeUtilityProcess(entry),
};

/** The preload's half: contextBridge and ipcRenderer, joined to ipcMain and the window's contents. */
export const contextBridge = {
  exposeInMainWorld: (key: string, value: unknown) => fakeElectron.exposed.set(key, value),
};

export const ipcRenderer = {
  on: (channel: string, listener: (...args: unknown[]) => void) => fakeElectron.rendererEvents.on(channel, listener),
  off: (channel: string, listener: (...args: unknown[]) => void) => fakeElectron.rendererEvents.off(channel, listener),
  async invoke(channel: string, payload: unknown): Promise<unknown> {
    const handler = fakeElectron.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const win = fakeElectron.windows.at(-1)!;
    const event: InvokeEvent = { sender: win.webContents, senderFrame: { parent: null, url: win.webContents.url } };
    return structuredClone(await handler(event, structuredClone(payload)));
  },
};
