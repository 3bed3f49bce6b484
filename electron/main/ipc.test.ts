import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../core/ipc/contract';
import { REQUEST_SCHEMAS } from '../core/ipc/schemas';

type Listener = (event: unknown, payload: unknown) => Promise<unknown>;
const registered = new Map<string, Listener>();

vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, listener: Listener) => registered.set(channel, listener) },
  BrowserWindow: class {},
}));

const trusted = { id: 1 };
const handled: { channel: string; req: unknown }[] = [];
const handlers = new Proxy({} as Handlers, {
  get: (_target, channel: string) => async (req: unknown) => void handled.push({ channel, req }),
});

/** An invoke as ipcMain sees it: the sending contents and frame. */
const event = (over: { sender?: object; parent?: object | null; url?: string; frame?: null } = {}) => ({
  sender: over.sender ?? trusted,
  senderFrame: over.frame === null ? null : { parent: over.parent ?? null, url: over.url ?? 'app://renderer/index.html' },
});

let window: { current: object | null };

beforeAll(async () => {
  delete process.env['ELECTRON_RENDERER_URL']; // the built app, not the dev server
  const { registerHandlers } = await import('./ipc');
  const { isAppUrl } = await import('./window');
  window = { current: trusted };
  registerHandlers(handlers, () => window.current as never, isAppUrl);
});

async function call(channel: string, e: ReturnType<typeof event>, payload: unknown = undefined) {
  handled.length = 0;
  return registered.get(channel)!(e, payload);
}

describe('registerHandlers', () => {
  it('registers exactly the contract’s request channels', () => {
    expect([...registered.keys()].sort()).toEqual(Object.keys(REQUEST_SCHEMAS).sort());
  });

  it('serves our window’s top frame at app://renderer/index.html (with a hash or query), payload parsed', async () => {
    for (const url of ['app://renderer/index.html', 'app://renderer/index.html#/x', 'app://renderer/index.html?a=1']) {
      await call('model:load', event({ url }), { dir: '/models/mnist' });
      expect(handled).toEqual([{ channel: 'model:load', req: { dir: '/models/mnist' } }]);
    }
  });

  it('refuses another sender, a subframe, a missing frame and every other URL, before any handler runs', async () => {
    const refused = [
      event({ sender: { id: 2 } }),
      event({ parent: {} }),
      event({ frame: null }),
      ...[
        'app://renderer/index.html.evil',
        'app://renderer/other.html',
        'app://renderer/',
        'app://evil/index.html',
        'file:///opt/gibbs/resources/app.asar/out/renderer/index.html',
        'https://evil.example/index.html',
        'http://localhost:5173/',
      ].map((url) => event({ url })),
    ];
    for (const e of refused) {
      await expect(call('model:load', e, { dir: '/models/mnist' }), JSON.stringify(e)).rejects.toThrow('request refused: unknown sender');
      expect(handled).toEqual([]);
    }
  });

  it('refuses everything once the window is gone', async () => {
    window.current = null;
    await expect(call('models:list', event())).rejects.toThrow('unknown sender');
    window.current = trusted;
  });

  it('refuses a bad payload from the trusted sender, naming the field, before the handler runs', async () => {
    await expect(call('model:load', event(), { dir: 42 })).rejects.toThrow(/model:load: dir/);
    expect(handled).toEqual([]);
  });
});
