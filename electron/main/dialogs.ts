import { dialog, type BrowserWindow, type FileFilter } from 'electron';
import type { OpenKind, SaveKind } from '../core/ipc/contract';
import type { Dialogs } from './handlers/ports';

const OPEN_FILTERS: Record<OpenKind, FileFilter[]> = {
  image: [{ name: 'Images', extensions: ['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp'] }],
  json: [{ name: 'Presets (JSON)', extensions: ['json'] }],
  project: [{ name: 'Gibbs Inpaint project', extensions: ['gibbs'] }],
};

const SAVE_FILTERS: Record<SaveKind, FileFilter[]> = {
  png: [{ name: 'PNG image', extensions: ['png'] }],
  gif: [{ name: 'GIF animation', extensions: ['gif'] }],
  apng: [{ name: 'Animated PNG', extensions: ['png', 'apng'] }],
  json: [{ name: 'JSON', extensions: ['json'] }],
  project: [{ name: 'Gibbs Inpaint project', extensions: ['gibbs'] }],
};

/** Native open/save dialogs, sheet-attached to the main window. */
export function electronDialogs(window: () => BrowserWindow | null): Dialogs {
  return {
    async openFile(kind) {
      const win = window();
      const options = { properties: ['openFile' as const], filters: OPEN_FILTERS[kind] };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async saveFile(kind, suggestedName) {
      const win = window();
      const options = { defaultPath: suggestedName, filters: SAVE_FILTERS[kind] };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled ? null : (result.filePath ?? null);
    },
    async openFolder(title) {
      const win = window();
      const options = { title, properties: ['openDirectory' as const] };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}
