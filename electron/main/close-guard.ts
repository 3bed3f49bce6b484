import { dialog, type BrowserWindow } from 'electron';

export interface CloseGuard {
  setDirty(dirty: boolean, name: string): void;
  /** Closes without asking again (after the renderer saved, or the user chose not to). */
  closeNow(): void;
}

/**
 * "Save changes?" before a window with unsaved changes closes: Save asks the renderer to save and
 * close (it calls back with closeNow once saved; a cancelled save dialog keeps the window open),
 * Don't Save drops the autosave and closes, Cancel keeps the window.
 */
export function guardClose(win: BrowserWindow, actions: { save: () => void; discard: () => Promise<void> }): CloseGuard {
  let dirty = false;
  let name = '';
  let confirmed = false;
  win.on('close', (event: Electron.Event) => {
    if (!dirty || confirmed) return;
    event.preventDefault();
    void dialog
      .showMessageBox(win, {
        type: 'question',
        buttons: ['Save', 'Don’t Save', 'Cancel'],
        defaultId: 0,
        cancelId: 2,
        message: `Save changes to ${name || 'Untitled'} before closing?`,
        detail: 'Your changes are lost if you don’t save them.',
      })
      .then(async ({ response }) => {
        if (response === 0) actions.save();
        else if (response === 1) {
          await actions.discard().catch(() => undefined);
          closeNow();
        }
      });
  });
  function closeNow(): void {
    confirmed = true;
    if (!win.isDestroyed()) win.close();
  }
  return {
    setDirty: (d, n) => {
      dirty = d;
      name = n;
    },
    closeNow,
  };
}
