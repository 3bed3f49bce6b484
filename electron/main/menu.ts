import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import type { MenuCommand } from '../core/ipc/contract';

export interface MenuActions {
  command(command: MenuCommand): void;
  openRecent(file: string): void;
}

/**
 * The app menu. Accelerators are shown but not registered: the renderer handles the keys itself
 * (it knows when a text field has focus), and a click on an item sends the same command.
 */
export function buildMenu(recent: readonly string[], actions: MenuActions): void {
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
    click: () => actions.command(command),
  });
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        item('Open Image…', 'open', 'CmdOrCtrl+O'),
        item('Open Project…', 'open-project', 'CmdOrCtrl+Shift+O'),
        {
          label: 'Open Recent',
          submenu: recent.length
            ? recent.map((file) => ({ label: path.basename(file), sublabel: file, click: () => actions.openRecent(file) }))
            : [{ label: 'No recent files', enabled: false }],
        },
        { type: 'separator' },
        item('Save Project', 'save-project', 'CmdOrCtrl+Shift+S'),
        item('Save Project As…', 'save-project-as'),
        item('Save Result as PNG…', 'save-png', 'CmdOrCtrl+S'),
        item('Export Chain as GIF…', 'export-gif', 'CmdOrCtrl+E'),
        item('Export Chain as APNG…', 'export-apng', 'CmdOrCtrl+Shift+E'),
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        item('Undo', 'undo', 'CmdOrCtrl+Z'),
        item('Redo', 'redo', 'CmdOrCtrl+Shift+Z'),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
      ],
    },
    {
      label: 'View',
      submenu: [
        item('Fit to Window', 'zoom-fit', 'CmdOrCtrl+0'),
        item('Actual Size (100 %)', 'zoom-100', 'CmdOrCtrl+1'),
        item('Zoom In', 'zoom-in', 'CmdOrCtrl+='),
        item('Zoom Out', 'zoom-out', 'CmdOrCtrl+-'),
        { type: 'separator' },
        item('Show/Hide Mask', 'toggle-mask', 'M'),
        item('Before/After', 'toggle-before-after', '\\'),
        ...(app.isPackaged ? [] : [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }]),
      ],
    },
    {
      label: 'Chain',
      submenu: [item('Inpaint', 'inpaint', 'CmdOrCtrl+Enter'), item('Cancel', 'cancel', 'CmdOrCtrl+.')],
    },
    { label: 'Help', submenu: [item('Keyboard Shortcuts', 'shortcuts', 'CmdOrCtrl+/')] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
