/** The keyboard map: one table drives both the key handler and the shortcuts sheet. */
import { useChainStore } from '../stores/chain';
import { useDocumentStore } from '../stores/document';
import { useMaskToolsStore } from '../stores/mask-tools';
import { useViewStore } from '../stores/view';
import { acceptFrame, attempt, continueFromFrame, runMenuCommand } from './commands';
import { closeTopDialog, dialogOpen, focusCanvas, isSlider, isTextField } from '../lib/focus';

export interface Shortcut {
  /** Shown in the sheet, e.g. "Ctrl+Z". */
  keys: string;
  what: string;
  group: 'File' | 'Edit' | 'Mask' | 'View' | 'Chain';
  match: (e: KeyboardEvent) => boolean;
  run: () => unknown;
}

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;
const key = (k: string, { ctrl = false, shift = false } = {}) => (e: KeyboardEvent) =>
  e.key.toLowerCase() === k.toLowerCase() && mod(e) === ctrl && (k.length > 1 || /[a-z]/i.test(k) ? e.shiftKey === shift : true) && !e.altKey;

export const SHORTCUTS: Shortcut[] = [
  { keys: 'Ctrl+O', what: 'Open an image', group: 'File', match: key('o', { ctrl: true }), run: () => runMenuCommand('open') },
  { keys: 'Ctrl+Shift+O', what: 'Open a project', group: 'File', match: key('o', { ctrl: true, shift: true }), run: () => runMenuCommand('open-project') },
  { keys: 'Ctrl+Shift+S', what: 'Save the project', group: 'File', match: key('s', { ctrl: true, shift: true }), run: () => runMenuCommand('save-project') },
  { keys: 'Ctrl+S', what: 'Save the shown frame as PNG', group: 'File', match: key('s', { ctrl: true }), run: () => runMenuCommand('save-png') },
  { keys: 'Ctrl+E', what: 'Export the chain as GIF', group: 'File', match: key('e', { ctrl: true }), run: () => runMenuCommand('export-gif') },
  { keys: 'Ctrl+Shift+E', what: 'Export the chain as APNG', group: 'File', match: key('e', { ctrl: true, shift: true }), run: () => runMenuCommand('export-apng') },
  { keys: 'Ctrl+Z', what: 'Undo', group: 'Edit', match: key('z', { ctrl: true }), run: () => runMenuCommand('undo') },
  { keys: 'Ctrl+Shift+Z / Ctrl+Y', what: 'Redo', group: 'Edit', match: (e) => key('z', { ctrl: true, shift: true })(e) || key('y', { ctrl: true })(e), run: () => runMenuCommand('redo') },
  { keys: 'Esc', what: 'Drop the stroke or selection being drawn', group: 'Edit', match: key('Escape'), run: () => useDocumentStore().cancelStroke() },
  // handled in fieldKey below; listed so the sheet says how to leave a field
  { keys: 'Enter / Esc in a field', what: 'Commit it, back to the canvas', group: 'Edit', match: () => false, run: () => {} },
  { keys: 'B', what: 'Brush', group: 'Mask', match: key('b'), run: () => (useViewStore().tool = 'brush') },
  { keys: 'E', what: 'Eraser (or right-drag)', group: 'Mask', match: key('e'), run: () => (useViewStore().tool = 'eraser') },
  { keys: 'K', what: 'Keep: freeze pixels of the chain’s frame', group: 'Mask', match: key('k'), run: () => (useViewStore().tool = 'keep') },
  { keys: 'R', what: 'Rectangle selection', group: 'Mask', match: key('r'), run: () => (useViewStore().tool = 'rect') },
  { keys: 'L', what: 'Lasso (drag, or click corners; Enter closes)', group: 'Mask', match: key('l'), run: () => (useViewStore().tool = 'lasso') },
  { keys: 'W', what: 'Magic wand', group: 'Mask', match: key('w'), run: () => (useViewStore().tool = 'wand') },
  { keys: 'Shift / Alt+drag', what: 'Add to / subtract from the hole', group: 'Mask', match: () => false, run: () => {} },
  { keys: 'G', what: 'Grow the hole (by the px set in the panel)', group: 'Mask', match: key('g'), run: () => useMaskToolsStore().grow(1) },
  { keys: 'Shift+G', what: 'Shrink the hole', group: 'Mask', match: key('g', { shift: true }), run: () => useMaskToolsStore().grow(-1) },
  { keys: '[  ]', what: 'Smaller / bigger brush', group: 'Mask', match: (e) => !mod(e) && (e.key === '[' || e.key === ']'), run: () => {} },
  { keys: 'Ctrl+I', what: 'Invert the mask', group: 'Mask', match: key('i', { ctrl: true }), run: () => useDocumentStore().invert() },
  { keys: 'Delete', what: 'Clear the mask', group: 'Mask', match: (e) => !mod(e) && (e.key === 'Delete' || e.key === 'Backspace'), run: () => useDocumentStore().clearMask() },
  { keys: 'M', what: 'Show / hide the mask', group: 'Mask', match: key('m'), run: () => runMenuCommand('toggle-mask') },
  { keys: 'Space+drag', what: 'Pan', group: 'View', match: () => false, run: () => {} },
  { keys: 'Wheel', what: 'Zoom at the pointer', group: 'View', match: () => false, run: () => {} },
  { keys: 'Ctrl+0 / F', what: 'Fit to window', group: 'View', match: (e) => key('0', { ctrl: true })(e) || key('f')(e), run: () => runMenuCommand('zoom-fit') },
  { keys: 'Ctrl+=', what: 'Zoom in', group: 'View', match: (e) => mod(e) && !e.altKey && (e.key === '=' || e.key === '+'), run: () => runMenuCommand('zoom-in') },
  { keys: 'Ctrl+-', what: 'Zoom out', group: 'View', match: (e) => mod(e) && !e.altKey && (e.key === '-' || e.key === '_'), run: () => runMenuCommand('zoom-out') },
  { keys: 'Ctrl+1', what: 'Actual size (100 %)', group: 'View', match: key('1', { ctrl: true }), run: () => runMenuCommand('zoom-100') },
  { keys: '\\', what: 'Before / after', group: 'View', match: key('\\'), run: () => runMenuCommand('toggle-before-after') },
  { keys: 'Ctrl+/ or ?', what: 'This sheet', group: 'View', match: (e) => key('/', { ctrl: true })(e) || e.key === '?', run: () => runMenuCommand('shortcuts') },
  { keys: 'Ctrl+Enter', what: 'Inpaint', group: 'Chain', match: key('Enter', { ctrl: true }), run: () => runMenuCommand('inpaint') },
  { keys: 'Ctrl+.', what: 'Cancel the chain', group: 'Chain', match: key('.', { ctrl: true }), run: () => runMenuCommand('cancel') },
  { keys: '← →', what: 'Previous / next frame', group: 'Chain', match: (e) => !mod(e) && (e.key === 'ArrowLeft' || e.key === 'ArrowRight'), run: () => {} },
  { keys: 'P', what: 'Play / pause the timeline', group: 'Chain', match: key('p'), run: () => useChainStore().togglePlay() },
  { keys: 'A', what: 'Accept the frame as the image', group: 'Chain', match: key('a'), run: () => attempt(acceptFrame) },
  { keys: 'C', what: 'Continue from the frame (a branch; annealed Gibbs under a progressive sampler)', group: 'Chain', match: key('c'), run: () => attempt(continueFromFrame) },
];

/** Keys whose action depends on which key it was exactly. */
function special(e: KeyboardEvent): boolean {
  if (!mod(e) && (e.key === '[' || e.key === ']')) {
    useViewStore().growBrush(e.key === ']' ? 1 : -1);
    return true;
  }
  if (!mod(e) && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
    useChainStore().stepFrame(e.key === 'ArrowRight' ? 1 : -1);
    return true;
  }
  return false;
}

/** Ctrl/Cmd keys a text field uses itself: its undo, select all, clipboard. */
const FIELD_KEYS = new Set(['z', 'y', 'a', 'c', 'v', 'x']);

/**
 * What a key does in a text field: Ctrl/Cmd+Enter commits the field and runs, Enter and Escape
 * commit it and hand focus back to the canvas, other Ctrl/Cmd keys act unless the field uses
 * them; plain keys are the field's. True when the app took the key.
 */
function fieldKey(e: KeyboardEvent): boolean {
  const field = e.target as HTMLElement;
  const isInput = field.tagName === 'INPUT';
  if (e.key === 'Enter' && mod(e)) {
    field.blur(); // the blur fires the field's change, so the run sees what was typed
    runMenuCommand('inpaint');
    return true;
  }
  if ((e.key === 'Enter' && isInput) || e.key === 'Escape') {
    field.blur();
    focusCanvas();
    return true;
  }
  return mod(e) && !FIELD_KEYS.has(e.key.toLowerCase()) && e.key.length === 1 && runShortcut(e);
}

function runShortcut(e: KeyboardEvent): boolean {
  const hit = SHORTCUTS.find((s) => s.match(e));
  if (!hit) return false;
  attempt(hit.run);
  return true;
}

/** The window's keydown handler: shortcuts act wherever focus is but in a text field or under a dialog. */
export function handleKey(e: KeyboardEvent): void {
  if (e.defaultPrevented) return;
  if (dialogOpen()) {
    if (e.key === 'Escape') {
      e.preventDefault();
      closeTopDialog();
    }
    return;
  }
  if (isSlider(e.target) && e.key.startsWith('Arrow')) return;
  const taken = isTextField(e.target) ? fieldKey(e) : special(e) || runShortcut(e);
  if (taken) e.preventDefault();
}
