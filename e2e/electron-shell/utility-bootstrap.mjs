// The fake utilityProcess: gives this worker thread an Electron-like `process.parentPort`
// (message events carry { data, ports } with MessagePortMain-like ports), then runs the entry.
import { parentPort, workerData } from 'node:worker_threads';

const asMainPort = (port) => ({
  postMessage: (message) => port.postMessage(message),
  start: () => port.start(),
  close: () => port.close(),
  on: (event, listener) => port.on(event, (data) => listener({ data, ports: [] })),
});

process.parentPort = {
  on(event, listener) {
    if (event !== 'message') throw new Error(`fake parentPort: no '${event}' event`);
    parentPort.on('message', ({ message, ports }) => listener({ data: message, ports: ports.map(asMainPort) }));
  },
  postMessage: (message) => parentPort.postMessage(message),
};

await import(workerData.entry);
