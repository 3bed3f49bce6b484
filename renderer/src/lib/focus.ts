/** Where keyboard focus goes between the canvas, text fields and dialogs: plain DOM, no store state. */
import { onBeforeUnmount, onMounted, type Ref } from 'vue';

/** Duck-typed so the rules run in unit tests without a DOM. */
interface FocusTarget {
  tagName?: unknown;
  type?: unknown;
  isContentEditable?: unknown;
}

/** Inputs that take no typing: shortcuts act while they have focus. */
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'file', 'range']);

/** Whether keys typed here belong to the field (letters, arrows, Delete, its own undo). */
export function isTextField(target: EventTarget | null): boolean {
  const el = target as FocusTarget | null;
  if (!el || typeof el.tagName !== 'string') return false;
  if (el.isContentEditable === true || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && !NON_TEXT_INPUTS.has(typeof el.type === 'string' ? el.type : 'text');
}

/** A slider keeps its arrow keys; every other key is the app's. */
export const isSlider = (target: EventTarget | null) => (target as FocusTarget | null)?.tagName === 'INPUT' && (target as FocusTarget).type === 'range';

let canvas: HTMLElement | null = null;
/** The stage registers itself so a committed field can hand focus back to it. */
export const registerCanvas = (el: HTMLElement | null) => (canvas = el);
export const focusCanvas = () => canvas?.focus({ preventScroll: true });

/** The open modal dialogs' close functions, the top one last: while any is open the app's shortcuts stay off. */
const dialogs: (() => void)[] = [];
export const dialogOpen = () => dialogs.length > 0;
/** Escape, wherever focus is: the top dialog closes. */
export const closeTopDialog = () => dialogs.at(-1)?.();

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog on `root` while the component is mounted: focus moves into it and comes back
 * when it closes, Tab cycles inside it; the key handler closes it on Escape and lets no other key
 * reach the app under it.
 */
export function useModalDialog(root: Ref<HTMLElement | undefined>, close: () => void): void {
  let before: Element | null = null;
  function onKey(e: KeyboardEvent): void {
    if (e.key === 'Tab') trapTab(e);
  }
  function trapTab(e: KeyboardEvent): void {
    const el = root.value;
    if (!el) return;
    const items = [...el.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0] ?? el;
    const last = items.at(-1) ?? el;
    const active = document.activeElement;
    if (e.shiftKey ? active === first || active === el : active === last) {
      e.preventDefault();
      (e.shiftKey ? last : first).focus();
    }
  }
  onMounted(() => {
    dialogs.push(close);
    before = document.activeElement;
    root.value?.addEventListener('keydown', onKey);
    (root.value?.querySelector<HTMLElement>(FOCUSABLE) ?? root.value)?.focus();
  });
  onBeforeUnmount(() => {
    dialogs.splice(dialogs.lastIndexOf(close), 1);
    root.value?.removeEventListener('keydown', onKey);
    if (before instanceof HTMLElement && before.isConnected) before.focus();
    else focusCanvas();
  });
}
