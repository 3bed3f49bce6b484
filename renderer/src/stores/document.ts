import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { RgbaImage } from '../../../electron/core/image/png';
import type { HoleMask, LevelImage } from '../../../electron/core/image/level-image';
import { HistoryManager, type HistoryMode, type HistoryStep } from '../history/HistoryManager';
import { countHole, invertMask, stampLine, type MaskShape } from '../lib/mask-ops';

/** What undo/redo covers: the working image (in model levels), its mask, and where it came from. */
export interface DocRecords {
  name: string;
  /** The decoded original, kept so a model change can re-quantise it. */
  source: RgbaImage | null;
  image: LevelImage | null;
  mask: HoleMask | null;
}

const EMPTY: DocRecords = { name: '', source: null, image: null, mask: null };
type Point = { x: number; y: number };

/** The document: image + mask, every edit recorded through a tldraw-style history (one stroke = one step). */
export const useDocumentStore = defineStore('document', () => {
  const records = shallowRef<DocRecords>(EMPTY);
  const version = shallowRef(0);
  const history = new HistoryManager<DocRecords>(
    { get: (key) => records.value[key], set: (patch) => (records.value = { ...records.value, ...patch }) },
    () => version.value++,
  );

  const image = computed(() => records.value.image);
  const mask = computed(() => records.value.mask);
  const name = computed(() => records.value.name);
  const holeCount = computed(() => (records.value.mask ? countHole(records.value.mask) : 0));
  const canUndo = computed(() => (version.value, history.canUndo));
  const canRedo = computed(() => (version.value, history.canRedo));
  const steps = computed<HistoryStep[]>(() => (version.value, history.steps()));

  function step(name: string, patch: Partial<DocRecords>, mode: HistoryMode = 'record'): void {
    history.mark(name);
    history.batch(() => history.change(patch), { history: mode });
  }

  /** One undo step: a new image (already in model levels) with an empty mask. */
  function load(name: string, source: RgbaImage | null, image: LevelImage): void {
    step(`Open ${name}`, { name, source, image, mask: new Uint8Array(image.width * image.height) });
  }

  /** Swaps in the same picture in other levels (after a model change); the mask stays if it fits. */
  function convert(image: LevelImage): void {
    const old = records.value.mask;
    const fits = old && old.length === image.width * image.height;
    step('Convert to model', { image, mask: fits ? old : new Uint8Array(image.width * image.height) });
  }

  // ── strokes: mark on pointer-down, record every dab, Escape bails back to the mark ──
  let stroke: { id: string; last: Point; value: 0 | 1 } | null = null;

  function beginStroke(at: Point, size: number, erase: boolean): void {
    if (!records.value.mask) return;
    stroke = { id: history.mark(erase ? 'Erase stroke' : 'Brush stroke'), last: at, value: erase ? 0 : 1 };
    dab(at, size);
  }

  function dab(to: Point, size: number): void {
    const { mask, image } = records.value;
    if (!stroke || !mask || !image) return;
    const next = stampLine(mask, image as MaskShape, stroke.last, to, size, stroke.value);
    stroke.last = to;
    if (next) history.change({ mask: next });
  }

  /** Ends the stroke; a stroke that changed nothing leaves no empty step behind. */
  function endStroke(): void {
    if (!stroke) return;
    const id = stroke.id;
    stroke = null;
    if (!changedSince(id)) history.bailToMark(id);
  }

  function changedSince(id: string): boolean {
    const { undos } = history.toJSON();
    const at = undos.findLastIndex((e) => e.type === 'stop' && e.id === id);
    return undos.slice(at + 1).some((e) => e.type === 'diff');
  }

  /** Escape: the stroke in progress vanishes as if never drawn. */
  function cancelStroke(): boolean {
    if (!stroke) return false;
    history.bailToMark(stroke.id);
    stroke = null;
    return true;
  }

  const isStroking = () => stroke !== null;

  function invert(): void {
    if (records.value.mask) step('Invert mask', { mask: invertMask(records.value.mask) });
  }

  function clearMask(): void {
    if (records.value.mask && holeCount.value > 0) step('Clear mask', { mask: new Uint8Array(records.value.mask.length) });
  }

  /** Accepting a chain frame is one recorded step; the frame's buffer is referenced, not copied. */
  function accept(frame: LevelImage, label: string): void {
    step(label, { image: frame });
  }

  function undo(): void {
    if (!cancelStroke()) history.undo();
  }

  function redo(): void {
    if (!stroke) history.redo();
  }

  /** Undo or redo until step `id` is the last one done. */
  function jumpTo(id: string): void {
    const at = steps.value.findIndex((s) => s.id === id);
    if (at < 0) return;
    while (steps.value.filter((s) => s.done).length > at + 1 && history.canUndo) history.undo();
    while (steps.value.filter((s) => s.done).length < at + 1 && history.canRedo) history.redo();
  }

  return {
    records,
    image,
    mask,
    name,
    holeCount,
    canUndo,
    canRedo,
    steps,
    load,
    convert,
    beginStroke,
    dab,
    endStroke,
    cancelStroke,
    isStroking,
    invert,
    clearMask,
    accept,
    undo,
    redo,
    jumpTo,
    /** For tests: the raw history (serialisable). */
    historyJSON: () => history.toJSON(),
  };
});
