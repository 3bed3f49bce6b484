import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Handlers, RequestChannel } from '../core/ipc/contract';
import { parseRequest, REQUEST_SCHEMAS } from '../core/ipc/schemas';

/**
 * Registers every request channel on ipcMain. Each call is accepted only from our own window and
 * top frame at our own URL, and its payload is parsed against the channel's schema first.
 */
export function registerHandlers(handlers: Handlers, trusted: () => WebContents | null, isAppUrl: (url: string) => boolean): void {
  for (const channel of Object.keys(REQUEST_SCHEMAS) as RequestChannel[]) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      checkSender(event, trusted(), isAppUrl);
      const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
      return handler(parseRequest(channel, payload));
    });
  }
}

function checkSender(event: IpcMainInvokeEvent, trusted: WebContents | null, isAppUrl: (url: string) => boolean): void {
  const frame = event.senderFrame;
  if (event.sender !== trusted || !frame || frame.parent !== null || !isAppUrl(frame.url)) {
    throw new Error('request refused: unknown sender');
  }
}
