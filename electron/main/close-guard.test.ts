import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const showMessageBox = vi.fn<(win: unknown, options: { message: string }) => Promise<{ response: number }>>();
vi.mock('electron', () => ({ dialog: { showMessageBox: (win: unknown, options: { message: string }) => showMessageBox(win, options) } }));
const { guardClose } = await import('./close-guard');

/** A window that closes unless a 'close' listener prevents it, as Electron's does. */
class FakeWindow extends EventEmitter {
  closed = 0;
  isDestroyed = () => this.closed > 0;
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.closed++;
  }
}

describe('save changes? on close', () => {
  let win: FakeWindow;
  let save: ReturnType<typeof vi.fn<() => void>>;
  let discard: ReturnType<typeof vi.fn<() => Promise<void>>>;
  let guard: ReturnType<typeof guardClose>;
  const answer = (response: number) => showMessageBox.mockResolvedValueOnce({ response });
  const settle = () => new Promise((r) => setTimeout(r, 0));

  beforeEach(() => {
    showMessageBox.mockReset();
    win = new FakeWindow();
    save = vi.fn<() => void>();
    discard = vi.fn<() => Promise<void>>(async () => undefined);
    guard = guardClose(win as never, { save, discard });
  });

  it('closes at once with no unsaved changes', () => {
    win.close();
    expect(win.closed).toBe(1);
    expect(showMessageBox).not.toHaveBeenCalled();
  });

  it('asks, naming the document; Cancel keeps the window', async () => {
    guard.setDirty(true, 'cat.gibbs');
    answer(2);
    win.close();
    await settle();
    expect(showMessageBox.mock.calls[0]![1].message).toBe('Save changes to cat.gibbs before closing?');
    expect(win.closed).toBe(0);
    expect(save).not.toHaveBeenCalled();
  });

  it('Don’t Save drops the autosave and closes', async () => {
    guard.setDirty(true, 'cat.gibbs');
    answer(1);
    win.close();
    await settle();
    expect(discard).toHaveBeenCalled();
    expect(win.closed).toBe(1);
  });

  it('Save asks the renderer to save; the window closes only when it says so', async () => {
    guard.setDirty(true, 'cat.gibbs');
    answer(0);
    win.close();
    await settle();
    expect(save).toHaveBeenCalled();
    expect(win.closed).toBe(0);
    guard.closeNow();
    expect(win.closed).toBe(1);
  });
});
