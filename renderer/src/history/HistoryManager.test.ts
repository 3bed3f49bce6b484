import { beforeEach, describe, expect, it } from 'vitest';
import { HistoryManager } from './HistoryManager';

interface Counter {
  a: number;
  b: number;
}

describe('HistoryManager', () => {
  let state: Counter;
  let h: HistoryManager<Counter>;
  const set = (patch: Partial<Counter>) => h.change(patch);

  beforeEach(() => {
    state = { a: 0, b: 0 };
    h = new HistoryManager<Counter>({ get: (k) => state[k], set: (p) => (state = { ...state, ...p }) });
  });

  it('undoes everything between two marks at once', () => {
    h.mark('x');
    set({ a: 1 });
    set({ a: 2 }); // a 0->2 in one step
    h.mark('y');
    set({ b: 5 }); // b 0->5
    h.undo();
    expect(state).toEqual({ a: 2, b: 0 });
    h.undo();
    expect(state).toEqual({ a: 0, b: 0 });
    h.redo();
    expect(state).toEqual({ a: 2, b: 0 });
    h.redo();
    expect(state).toEqual({ a: 2, b: 5 });
  });

  it('loads saved stacks: undo and redo go on from them, and new marks never reuse a saved id', () => {
    h.mark('x');
    set({ a: 1 });
    h.mark('y');
    set({ b: 2 });
    h.undo(); // b 2->0, redo holds it
    const saved = JSON.parse(JSON.stringify(h.toJSON())) as ReturnType<typeof h.toJSON>;
    state = { a: 1, b: 0 };
    const loaded = new HistoryManager<Counter>({ get: (k) => state[k], set: (p) => (state = { ...state, ...p }) });
    loaded.load(saved);
    loaded.redo();
    expect(state).toEqual({ a: 1, b: 2 });
    loaded.undo();
    loaded.undo();
    expect(state).toEqual({ a: 0, b: 0 });
    const id = loaded.mark('x'); // the name of a saved step: its id must still be new
    expect(saved.undos.concat(saved.redos).some((e) => e.type === 'stop' && e.id === id)).toBe(false);
  });

  it('ignores changes made in an ignore batch', () => {
    h.mark('x');
    set({ a: 1 });
    h.batch(() => set({ b: 9 }), { history: 'ignore' });
    h.undo(); // only a is restored
    expect(state).toEqual({ a: 0, b: 9 });
  });

  it('keeps the redo stack for record-preserveRedoStack', () => {
    h.mark('x');
    set({ a: 1 });
    h.undo();
    h.batch(() => set({ b: 1 }), { history: 'record-preserveRedoStack' });
    expect(h.canRedo).toBe(true);
  });

  it('bails to a mark, forgetting it and pushing nothing to redo', () => {
    h.mark('x');
    set({ a: 1 });
    const id = h.mark('y');
    set({ b: 3 });
    set({ b: 4 });
    h.bailToMark(id); // b 4->0, a stays
    expect(state).toEqual({ a: 1, b: 0 });
    expect(h.steps().map((s) => s.name)).toEqual(['x']);
    expect(h.canRedo).toBe(false);
  });

  it('does not record while undoing', () => {
    h.mark('x');
    set({ a: 1 });
    h.undo();
    expect(h.canUndo).toBe(false);
    expect(h.canRedo).toBe(true);
  });
});
