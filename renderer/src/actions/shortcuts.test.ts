import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useViewStore } from '../stores/view';
import { installFakeApi } from '../testing/fake-api';
import { isTextField } from '../lib/focus';
import { handleKey } from './shortcuts';

installFakeApi();

/** A keydown as the window sees it, from a target described by its tag (no DOM in these tests). */
function press(key: string, target: object = { tagName: 'BODY' }, mods: { ctrl?: boolean; shift?: boolean } = {}) {
  const event = {
    key,
    target: { blur: () => (event.blurred = true), ...target },
    ctrlKey: mods.ctrl ?? false,
    metaKey: false,
    shiftKey: mods.shift ?? false,
    altKey: false,
    defaultPrevented: false,
    blurred: false,
    preventDefault: () => (event.defaultPrevented = true),
  };
  handleKey(event as unknown as KeyboardEvent);
  return event;
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the key handler', () => {
  let view: ReturnType<typeof useViewStore>;
  beforeEach(() => {
    setActivePinia(createPinia());
    view = useViewStore();
  });

  it('knows text fields from other controls', () => {
    expect(isTextField({ tagName: 'INPUT', type: 'text' } as unknown as EventTarget)).toBe(true);
    expect(isTextField({ tagName: 'INPUT', type: 'number' } as unknown as EventTarget)).toBe(true);
    expect(isTextField({ tagName: 'SELECT' } as unknown as EventTarget)).toBe(true);
    expect(isTextField({ tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget)).toBe(false);
    expect(isTextField({ tagName: 'BUTTON' } as unknown as EventTarget)).toBe(false);
    expect(isTextField(null)).toBe(false);
  });

  it('acts on letters on a focused button but leaves them to a text field', async () => {
    press('m', { tagName: 'BUTTON' });
    await settle();
    expect(view.showMask).toBe(false); // m toggled the mask
    const typed = press('m', { tagName: 'INPUT', type: 'text' });
    await settle();
    expect(view.showMask).toBe(false); // typing a name does not
    expect(typed.defaultPrevented).toBe(false);
  });

  it('commits a field on Enter and hands focus back', () => {
    const enter = press('Enter', { tagName: 'INPUT', type: 'number' });
    expect(enter.blurred).toBe(true);
    expect(enter.defaultPrevented).toBe(true);
  });

  it('zooms on Ctrl+= and Ctrl+- about the centre, from anywhere but a field’s own keys', async () => {
    view.viewport = { width: 200, height: 100 };
    press('=', { tagName: 'BODY' }, { ctrl: true });
    await settle();
    expect(view.zoom).toBeCloseTo(1.25);
    expect(view.pan).toEqual({ x: 100 - 100 * 1.25, y: 50 - 50 * 1.25 });
    press('-', { tagName: 'INPUT', type: 'number' }, { ctrl: true });
    await settle();
    expect(view.zoom).toBeCloseTo(1);
    press('+', { tagName: 'BODY' }, { ctrl: true, shift: true });
    await settle();
    expect(view.zoom).toBeCloseTo(1.25);
  });

  it('keeps a field’s own Ctrl keys (undo, select all) for the field', () => {
    expect(press('z', { tagName: 'INPUT', type: 'text' }, { ctrl: true }).defaultPrevented).toBe(false);
    expect(press('a', { tagName: 'INPUT', type: 'text' }, { ctrl: true }).defaultPrevented).toBe(false);
  });
});
