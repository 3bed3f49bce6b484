import { defineStore } from 'pinia';
import { ref } from 'vue';
import { alphaSelection } from '../lib/mask-alpha';
import { growMask, MAX_GROW, shrinkMask } from '../lib/mask-distance';
import { rasterisePolygon, rectanglePolygon, type Point } from '../lib/mask-polygon';
import { combineSelection, type Selection, type SelectMode } from '../lib/mask-selection';
import { MAX_TOLERANCE, wandSelect } from '../lib/mask-wand';
import { useDocumentStore } from './document';

const clampInt = (v: number, lo: number, hi: number, fallback: number) => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, Math.round(v))) : fallback);

/**
 * The selection tools' settings (not undoable: how the tools work, not the document) and their
 * actions, each one undo step on the document's mask at full resolution. An action that would
 * change nothing records nothing and returns false.
 */
export const useMaskToolsStore = defineStore('mask-tools', () => {
  const doc = useDocumentStore();
  /** What a selection does when no modifier says otherwise (Shift adds, Alt or the right button subtracts). */
  const mode = ref<SelectMode>('add');
  const tolerance = ref(32);
  const contiguous = ref(true);
  const growBy = ref(4);
  /** Pixels with alpha up to this become the hole (0: fully transparent only). */
  const alphaMax = ref(0);

  const setTolerance = (v: number) => (tolerance.value = clampInt(v, 0, MAX_TOLERANCE, tolerance.value));
  const setGrowBy = (v: number) => (growBy.value = clampInt(v, 1, MAX_GROW, growBy.value));
  const setAlphaMax = (v: number) => (alphaMax.value = clampInt(v, 0, 254, alphaMax.value));

  function select(name: string, selection: Selection | null, how: SelectMode): boolean {
    const { mask, base } = doc;
    const edit = mask && base && selection ? combineSelection(mask, base, selection, how) : null;
    return doc.editMask(`${name} (${how})`, edit);
  }

  /** The pixels whose centres lie inside the rectangle dragged from `a` to `b` (image coordinates). */
  const selectRectangle = (a: Point, b: Point, how = mode.value) => select('Rectangle', doc.base && rasterisePolygon(rectanglePolygon(a, b), doc.base), how);
  /** The pixels whose centres lie inside the lasso (clicked corners or a freehand path), even–odd. */
  const selectLasso = (points: readonly Point[], how = mode.value) => select('Lasso', doc.base && rasterisePolygon(points, doc.base), how);

  /** The magic wand at image point `at`, on the picture as shown (accepted results included). */
  function selectColour(at: Point, how = mode.value): boolean {
    const image = doc.image;
    const options = { tolerance: tolerance.value, contiguous: contiguous.value };
    return select(contiguous.value ? 'Wand' : 'Wand, global', image && wandSelect(image, Math.floor(at.x), Math.floor(at.y), options), how);
  }

  /** The picture's transparent pixels (alpha ≤ alphaMax) into or out of the hole. */
  const selectAlpha = (how = mode.value) => select('Mask from alpha', doc.image && alphaSelection(doc.image, alphaMax.value), how);

  /** Grows (1) or shrinks (−1) the hole by `growBy` pixels, Euclidean. */
  function grow(direction: 1 | -1): boolean {
    const { mask, base } = doc;
    if (!mask || !base) return false;
    const edit = direction > 0 ? growMask(mask, base, growBy.value) : shrinkMask(mask, base, growBy.value);
    return doc.editMask(`${direction > 0 ? 'Grow' : 'Shrink'} mask ${growBy.value} px`, edit);
  }

  return { mode, tolerance, contiguous, growBy, alphaMax, setTolerance, setGrowBy, setAlphaMax, selectRectangle, selectLasso, selectColour, selectAlpha, grow };
});
