import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { Rgba16Image, RgbaImage } from '../../../electron/core/image/png';
import type { HoleMask } from '../../../electron/core/image/level-image';
import { cropMask } from '../../../electron/core/region/region-image';
import { rectInside, type Rect } from '../../../electron/core/region/working-region';
import { HistoryManager, type HistoryEntry, type HistoryMode, type HistoryStep } from '../history/HistoryManager';
import { maskCache, pasteEdit, unionRect, type MaskEdit } from '../lib/edited-mask';
import { countHole, invertMask, stampLine, strokeRect } from '../lib/mask-ops';
import { flatten16, flattener, type Patch } from '../lib/patched-image';

/**
 * What undo/redo covers: the original, the results accepted over it, the mask, the file's name.
 * Results and strokes are kept as the rectangles they changed, so history grows by regions,
 * never by a whole picture or mask per step.
 */
export interface DocRecords {
  name: string;
  /** The decoded original at its own size, never converted: the model only ever sees a region of it. */
  base: RgbaImage | null;
  /**
   * A 16-bit PNG's own samples (RGBA16 of `base`'s size, `base` being their top bytes), kept for
   * the PNG export; null for 8-bit images. Stored once, shared by every history step: 8 bytes a
   * pixel on top of base's 4 (256 MiB at the 2^25-pixel limit).
   */
  base16: Uint16Array | null;
  /**
   * Accepted results, pasted over the original in order. Each accept makes a new list that shares
   * the earlier patches, so a history step costs one region's pixels, never a whole image.
   */
  patches: readonly Patch[];
  /** The mask as last replaced whole (opened, inverted, cleared): one value per pixel, 1 = inpaint. */
  maskBase: HoleMask | null;
  /** The strokes since, in order, each its bounding box's values. */
  maskEdits: readonly MaskEdit[];
}

/** The last dab (or tool edit): the mask it replaced, the one it made, and the rectangle it could touch. */
export interface Dab {
  from: HoleMask;
  to: HoleMask;
  rect: Rect;
}

const EMPTY: DocRecords = { name: '', base: null, base16: null, patches: [], maskBase: null, maskEdits: [] };
type Point = { x: number; y: number };

/** The document: image + mask, every edit recorded through a tldraw-style history (one stroke = one step). */
export const useDocumentStore = defineStore('document', () => {
  const records = shallowRef<DocRecords>(EMPTY);
  const version = shallowRef(0);
  const history = new HistoryManager<DocRecords>(
    { get: (key) => records.value[key], set: (patch) => (records.value = { ...records.value, ...patch }) },
    () => version.value++,
  );
  const flatten = flattener();
  const masks = maskCache();

  /** The picture at full size: the original with the accepted results in place. */
  const image = computed(() => (records.value.base ? flatten(records.value.base, records.value.patches) : null));
  const base = computed(() => records.value.base);
  const patches = computed(() => records.value.patches);
  /** The mask at full size: its base with the strokes since. */
  const mask = computed(() => {
    const { base: picture, maskBase, maskEdits } = records.value;
    return picture && maskBase ? masks.get(maskBase, picture, maskEdits) : null;
  });
  const name = computed(() => records.value.name);
  const holeCount = computed(() => (mask.value ? countHole(mask.value) : 0));
  const canUndo = computed(() => (version.value, history.canUndo));
  const canRedo = computed(() => (version.value, history.canRedo));
  const steps = computed<HistoryStep[]>(() => (version.value, history.steps()));

  function step(name: string, patch: Partial<DocRecords>, mode: HistoryMode = 'record'): void {
    history.mark(name);
    history.batch(() => history.change(patch), { history: mode });
  }

  /** One undo step: a new original (with its 16-bit samples, for a 16-bit PNG), nothing accepted over it, an empty mask. */
  function load(name: string, original: RgbaImage, original16?: Uint16Array): void {
    if (original16 && original16.length !== original.data.length) throw new Error(`${name}: its 16-bit samples do not match its ${original.width}×${original.height} pixels.`);
    const base16 = original16 ?? null;
    step(`Open ${name}`, { name, base: original, base16, patches: [], maskBase: new Uint8Array(original.width * original.height), maskEdits: [] });
  }

  /**
   * The picture at 16 bits for a 16-bit original, else null: the original's samples wherever no
   * accepted result changed a pixel, the result's 8 bits ×257 where one did. A fresh copy, made
   * only when asked (for an export), never kept.
   */
  function picture16(): Rgba16Image | null {
    const { base: picture, base16, patches: accepted } = records.value;
    return picture && base16 ? flatten16({ width: picture.width, height: picture.height, data: base16 }, accepted) : null;
  }

  // ── strokes: mark on pointer-down, record every dab, Escape bails back to the mark ──
  /** The stroke in progress: the edits before it, and the rectangle it has touched so far. */
  let stroke: { id: string; last: Point; value: 0 | 1; edits: readonly MaskEdit[]; rect: Rect | null } | null = null;
  let lastDab: Dab | null = null;

  function beginStroke(at: Point, size: number, erase: boolean): void {
    if (!mask.value) return;
    stroke = { id: history.mark(erase ? 'Erase stroke' : 'Brush stroke'), last: at, value: erase ? 0 : 1, edits: records.value.maskEdits, rect: null };
    dab(at, size);
  }

  /** Stamps the brush from the last point to `to`; the stroke's edit grows to the rectangle it has touched. */
  function dab(to: Point, size: number): void {
    const current = mask.value;
    const { base: picture, maskBase } = records.value;
    if (!stroke || !current || !picture || !maskBase) return;
    const next = stampLine(current, picture, stroke.last, to, size, stroke.value);
    const touched = strokeRect(stroke.last, to, size, picture);
    stroke.last = to;
    if (!next) return;
    stroke.rect = unionRect(stroke.rect, touched);
    const edits = [...stroke.edits, { rect: stroke.rect, values: cropMask(next, picture, stroke.rect) }];
    masks.seed(maskBase, edits, next); // the mask for these edits is the one just stamped
    lastDab = { from: current, to: next, rect: touched };
    history.change({ maskEdits: edits });
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

  /**
   * One undo step that sets the mask over a rectangle: a selection tool's or grow/shrink's
   * result. History keeps the rectangle's values only. Refused (false) mid-stroke, or for no edit.
   */
  function editMask(name: string, edit: MaskEdit | null): boolean {
    const current = mask.value;
    const { base: picture, maskBase } = records.value;
    if (!edit || stroke || !current || !picture || !maskBase || !rectInside(edit.rect, picture) || edit.values.length !== edit.rect.width * edit.rect.height) return false;
    const next = current.slice();
    pasteEdit(next, picture, edit);
    const edits = [...records.value.maskEdits, edit];
    masks.seed(maskBase, edits, next);
    lastDab = { from: current, to: next, rect: edit.rect };
    step(name, { maskEdits: edits });
    return true;
  }

  function invert(): void {
    if (mask.value) step('Invert mask', { maskBase: invertMask(mask.value), maskEdits: [] });
  }

  function clearMask(): void {
    if (mask.value && holeCount.value > 0) step('Clear mask', { maskBase: new Uint8Array(mask.value.length), maskEdits: [] });
  }

  /** Accepting a result is one recorded step that pastes its region over the picture; the pixels are referenced, not copied. */
  function accept(patch: Patch, label: string): void {
    const original = records.value.base;
    if (!original) throw new Error('Open an image first.');
    const { rect, pixels } = patch;
    if (!rectInside(rect, original) || pixels.width !== rect.width || pixels.height !== rect.height) {
      throw new Error(`The result's region ${rect.width}×${rect.height} at ${rect.x},${rect.y} does not fit the ${original.width}×${original.height} image.`);
    }
    step(label, { patches: [...records.value.patches, patch] });
  }

  /** A saved document replaces this one whole: its records and its undo history (no step of its own). */
  function restore(saved: DocRecords, steps: { undos: readonly HistoryEntry<DocRecords>[]; redos: readonly HistoryEntry<DocRecords>[] }): void {
    stroke = null;
    lastDab = null;
    records.value = saved;
    history.load(steps);
  }

  /**
   * Freeze (keep): one recorded step that takes pixels out of the hole (`maskValues`, the mask over
   * `patch.rect` after it) and pastes the pixels they were kept with, so undo restores both.
   */
  function freeze(patch: Patch, maskValues: HoleMask, label: string): void {
    const { base: original, maskBase, maskEdits, patches: accepted } = records.value;
    const { rect, pixels } = patch;
    if (!original || !maskBase) throw new Error('Open an image first.');
    if (!rectInside(rect, original) || pixels.width !== rect.width || pixels.height !== rect.height || maskValues.length !== rect.width * rect.height) {
      throw new Error(`The kept region ${rect.width}×${rect.height} at ${rect.x},${rect.y} does not fit the ${original.width}×${original.height} image.`);
    }
    step(label, { patches: [...accepted, patch], maskEdits: [...maskEdits, { rect, values: maskValues }] });
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
    base,
    patches,
    mask,
    name,
    holeCount,
    canUndo,
    canRedo,
    steps,
    load,
    restore,
    /** Bumped by every change of records or history: what "unsaved changes" watches. */
    version,
    picture16,
    beginStroke,
    dab,
    endStroke,
    cancelStroke,
    isStroking,
    editMask,
    invert,
    clearMask,
    accept,
    freeze,
    undo,
    redo,
    jumpTo,
    /** The last dab's edit, for a canvas that repaints only what a dab touched. */
    lastDab: () => lastDab,
    /** For tests: the raw history (serialisable). */
    historyJSON: () => history.toJSON(),
  };
});
