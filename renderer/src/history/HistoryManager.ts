/**
 * Undo/redo after tldraw's HistoryManager: a stack of `diff` and `stop` entries. Changes gather in
 * a pending diff until `mark()` flushes it; everything between two marks is one undo step. Diffs
 * hold references to record values (never copies), so a frame shared with the chain is stored once.
 */

/** Per changed record: [value before, value after]. */
export type Diff<R> = { [K in keyof R]?: [R[K], R[K]] };
export type HistoryEntry<R> = { type: 'diff'; diff: Diff<R> } | { type: 'stop'; id: string; name: string };
export type HistoryMode = 'record' | 'ignore' | 'record-preserveRedoStack';

/** The records history reads and writes; `set` applies a patch without recording. */
export interface RecordStore<R> {
  get<K extends keyof R>(key: K): R[K];
  set(patch: Partial<R>): void;
}

export interface HistoryStep {
  id: string;
  name: string;
  done: boolean;
}

const keysOf = <R>(diff: Diff<R>) => Object.keys(diff) as (keyof R)[];

/** Folds `next` into `into`: each record keeps its first `before` and takes the latest `after`. */
function squashInto<R>(into: Diff<R>, next: Diff<R>): void {
  for (const key of keysOf(next)) {
    const [from, to] = next[key]!;
    const prev = into[key];
    into[key] = [prev ? prev[0] : from, to];
  }
}

function reversed<R>(diff: Diff<R>): Diff<R> {
  const out: Diff<R> = {};
  for (const key of keysOf(diff)) out[key] = [diff[key]![1], diff[key]![0]];
  return out;
}

function afterValues<R>(diff: Diff<R>): Partial<R> {
  const patch: Partial<R> = {};
  for (const key of keysOf(diff)) patch[key] = diff[key]![1];
  return patch;
}

const isEmpty = <R>(diff: Diff<R>): boolean => keysOf(diff).length === 0;

export class HistoryManager<R> {
  /** Top of each stack is the end of the array. */
  private undos: HistoryEntry<R>[] = [];
  private redos: HistoryEntry<R>[] = [];
  private pending: Diff<R> = {};
  private mode: HistoryMode = 'record';
  private paused = false;
  private nextId = 1;

  /** `onChange` runs after every change of records or stacks (a reactive version bump). */
  constructor(
    private readonly store: RecordStore<R>,
    private readonly onChange: () => void = () => {},
  ) {}

  /** The one way records change: applies the patch and, unless ignored, records it. */
  change(patch: Partial<R>): void {
    const diff: Diff<R> = {};
    for (const key of Object.keys(patch) as (keyof R)[]) {
      const from = this.store.get(key);
      if (from !== patch[key]) diff[key] = [from, patch[key] as R[keyof R]];
    }
    if (isEmpty(diff)) return;
    if (!this.paused && this.mode !== 'ignore') {
      squashInto(this.pending, diff);
      for (const key of keysOf(this.pending)) if (this.pending[key]![0] === this.pending[key]![1]) delete this.pending[key];
      if (this.mode === 'record') this.redos = [];
    }
    this.store.set(patch);
    this.onChange();
  }

  /** Runs `fn` with recording in the given mode (restored afterwards, even on a throw). */
  batch(fn: () => void, { history }: { history: HistoryMode } = { history: 'record' }): void {
    const previous = this.mode;
    this.mode = history;
    try {
      fn();
    } finally {
      this.mode = previous;
    }
  }

  /** Starts a new undo step; returns its id for bailToMark. */
  mark(name: string): string {
    this.flush();
    const id = `${name}-${this.nextId++}`;
    this.undos.push({ type: 'stop', id, name });
    this.onChange();
    return id;
  }

  undo(): void {
    this.rewind({ pushToRedo: true });
  }

  /** Undoes back to mark `id` and forgets it: nothing goes to the redo stack. */
  bailToMark(id: string): void {
    this.rewind({ pushToRedo: false, toMark: id });
  }

  redo(): void {
    this.flush();
    if (this.redos.length === 0) return;
    // intermediate marks go straight back; then replay diffs up to the next mark
    while (this.redos.at(-1)?.type === 'stop') this.undos.push(this.redos.pop()!);
    const diff: Diff<R> = {};
    while (this.redos.length > 0) {
      const entry = this.redos.at(-1)!;
      if (entry.type === 'stop') break;
      this.undos.push(this.redos.pop()!);
      squashInto(diff, entry.diff);
    }
    this.apply(diff);
  }

  clear(): void {
    this.undos = [];
    this.redos = [];
    this.pending = {};
    this.onChange();
  }

  get canUndo(): boolean {
    return !isEmpty(this.pending) || this.undos.some((e) => e.type === 'diff');
  }

  get canRedo(): boolean {
    return this.redos.some((e) => e.type === 'diff');
  }

  /** Named steps, oldest first: done ones (undo stack) then undone ones (redo stack). */
  steps(): HistoryStep[] {
    const step = (done: boolean) => (e: HistoryEntry<R>) => (e.type === 'stop' ? [{ id: e.id, name: e.name, done }] : []);
    return [...this.undos.flatMap(step(true)), ...[...this.redos].reverse().flatMap(step(false))];
  }

  /** Replaces both stacks with saved ones (a project being opened); the records are set by the caller. */
  load({ undos, redos }: { undos: readonly HistoryEntry<R>[]; redos: readonly HistoryEntry<R>[] }): void {
    this.undos = [...undos];
    this.redos = [...redos];
    this.pending = {};
    const ids = [...undos, ...redos].flatMap((e) => (e.type === 'stop' ? [Number(/-(\d+)$/.exec(e.id)?.[1] ?? 0)] : []));
    this.nextId = Math.max(this.nextId, ...ids) + 1; // new marks never reuse a saved id
    this.onChange();
  }

  /** Entries as plain data (tests prove the history serialises). */
  toJSON(): { undos: HistoryEntry<R>[]; redos: HistoryEntry<R>[] } {
    this.flush();
    return { undos: this.undos, redos: this.redos };
  }

  private flush(): void {
    if (isEmpty(this.pending)) return;
    this.undos.push({ type: 'diff', diff: this.pending });
    this.pending = {};
  }

  private rewind({ pushToRedo, toMark }: { pushToRedo: boolean; toMark?: string }): void {
    const pending = this.pending;
    this.pending = {};
    const undo: Diff<R> = reversed(pending);
    const undos = [...this.undos];
    const redos = [...this.redos];
    if (pushToRedo && !isEmpty(pending)) redos.push({ type: 'diff', diff: pending });
    let found = false;
    // nothing since the last mark: pop bare marks first, so an empty step never costs an undo
    if (isEmpty(pending)) {
      while (undos.at(-1)?.type === 'stop') {
        const mark = undos.pop() as HistoryEntry<R> & { type: 'stop' };
        if (pushToRedo) redos.push(mark);
        if (mark.id === toMark) {
          found = true;
          break;
        }
      }
    }
    while (!found && undos.length > 0) {
      const entry = undos.pop()!;
      if (pushToRedo) redos.push(entry);
      if (entry.type === 'diff') squashInto(undo, reversed(entry.diff));
      else if (!toMark || entry.id === toMark) {
        found = toMark !== undefined;
        if (!toMark) break;
      }
    }
    if (toMark && !found) {
      this.pending = pending; // no such mark: change nothing
      return;
    }
    this.undos = undos;
    this.redos = redos;
    this.apply(undo);
  }

  private apply(diff: Diff<R>): void {
    this.paused = true;
    try {
      if (!isEmpty(diff)) this.store.set(afterValues(diff));
    } finally {
      this.paused = false;
    }
    this.onChange();
  }
}
