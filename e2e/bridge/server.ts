/**
 * The e2e bridge: serves the BUILT renderer from 127.0.0.1 and answers its `Api` with the very
 * handlers Electron's main registers (same schemas, same code), the sampler on a worker thread.
 * Dialogs are scripted: opens take queued paths, saves go to `saveDir` under the suggested name.
 */
import { build } from 'esbuild';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventChannel, Events } from '../../electron/core/ipc/contract';
import { isRequestChannel, parseRequest } from '../../electron/core/ipc/schemas';
import { createHandlers } from '../../electron/main/handlers';
import { decode, encode } from './codec';
import { WorkerSampler } from './worker-sampler';

export interface BridgeOptions {
  rendererDir: string;
  modelsRoot: string;
  samplesRoot: string;
  userData: string;
  saveDir: string;
  /** The image the app is "launched with" (the command line in Electron), handed out once. */
  launchFile?: string | null;
}

export interface Bridge {
  url: string;
  /** The next open dialogs (files or folders) answer these paths, in order (then "cancelled"). */
  queueOpen(...paths: string[]): void;
  /** What the app showed in the file manager, in order. */
  revealed: string[];
  emit<E extends EventChannel>(channel: E, payload: Events[E]): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };
const CLIENT_ENTRY = fileURLToPath(new URL('./client.ts', import.meta.url));

async function bundleClient(): Promise<string> {
  const out = await build({ entryPoints: [CLIENT_ENTRY], bundle: true, format: 'iife', write: false, target: 'chrome120' });
  return out.outputFiles[0]!.text;
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const clientJs = await bundleClient();
  const streams = new Set<ServerResponse>();
  const openQueue: string[] = [];
  const revealed: string[] = [];
  let launchFile = options.launchFile ?? null;
  const emit = <E extends EventChannel>(channel: E, payload: Events[E]) => {
    const frame = `data: ${encode({ channel, payload })}\n\n`;
    streams.forEach((s) => s.write(frame));
  };
  const sampler = new WorkerSampler((event) => emit('sampler', event));
  const handlers = createHandlers({
    modelsRoot: options.modelsRoot,
    samplesRoot: options.samplesRoot,
    userData: options.userData,
    sampler,
    dialogs: {
      openFile: async () => openQueue.shift() ?? null,
      saveFile: async (_kind, name) => path.join(options.saveDir, name),
      openFolder: async () => openQueue.shift() ?? null,
    },
    revealInFolder: (file) => void revealed.push(file),
    onRecentChanged: (paths) => emit('recent:changed', paths),
    takeLaunchFile: () => {
      const file = launchFile;
      launchFile = null;
      return file;
    },
  });

  async function invoke(channel: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (!isRequestChannel(channel)) throw new Error(`unknown channel ${channel}`);
      const payload = parseRequest(channel, decode(await body(req)));
      const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
      send(res, 200, 'application/json', encode({ ok: true, value: (await handler(payload)) ?? null }));
    } catch (error) {
      send(res, 200, 'application/json', encode({ ok: false, error: (error as Error).message }));
    }
  }

  async function serveStatic(url: string, res: ServerResponse): Promise<void> {
    const rel = decodeURIComponent(url.split('?')[0]!).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(options.rendererDir, rel);
    if (!file.startsWith(path.resolve(options.rendererDir) + path.sep)) return send(res, 403, 'text/plain', 'forbidden');
    try {
      let data: string | Buffer = await readFile(file);
      // the bridge client must define window.api before the app's module script runs
      if (rel === 'index.html') data = data.toString().replace('<head>', '<head><script src="/__bridge/client.js"></script>');
      send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', data);
    } catch {
      send(res, 404, 'text/plain', 'not found');
    }
  }

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/__bridge/client.js') return send(res, 200, 'text/javascript', clientJs);
    if (url === '/__bridge/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': open\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (url.startsWith('/__bridge/invoke/') && req.method === 'POST') return void invoke(url.slice('/__bridge/invoke/'.length), req, res);
    void serveStatic(url, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    queueOpen: (...paths) => openQueue.push(...paths),
    revealed,
    emit,
    async close() {
      streams.forEach((s) => s.end());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sampler.close();
    },
  };
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, data: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(data);
}
