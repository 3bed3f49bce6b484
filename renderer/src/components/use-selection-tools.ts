/**
 * The canvas's selection tools: the rectangle and lasso gestures (outlined while drawn) and the
 * magic wand's click, each ending in one mask-tools action. The stage hands its pointer and key
 * events here first; a handler that returns true has taken the event.
 */
import type { SelectMode } from '../lib/mask-selection';
import { selectionGesture, type Outline, type Pointer, type Shape } from '../lib/selection-gesture';
import { useMaskToolsStore } from '../stores/mask-tools';
import { useViewStore } from '../stores/view';

/** Right button or Alt subtracts, Shift adds, else the panel's mode. */
export function modeOf(e: MouseEvent, fallback: SelectMode): SelectMode {
  if (e.button === 2 || e.altKey) return 'subtract';
  return e.shiftKey ? 'add' : fallback;
}

export function useSelectionTools(pointer: (e: MouseEvent) => Pointer, show: (outline: Outline | null) => void) {
  const view = useViewStore();
  const tools = useMaskToolsStore();
  const gesture = selectionGesture();

  function finish(shape: Shape | null): void {
    show(gesture.outline());
    if (shape?.kind === 'rect') tools.selectRectangle(shape.a, shape.b, shape.mode);
    if (shape?.kind === 'lasso') tools.selectLasso(shape.points, shape.mode);
  }

  function down(e: PointerEvent): boolean {
    const tool = view.tool;
    if (tool === 'wand') {
      tools.selectColour(pointer(e).at, modeOf(e, tools.mode));
      return true;
    }
    if (tool !== 'rect' && tool !== 'lasso') return false;
    finish(gesture.down(tool, pointer(e), modeOf(e, tools.mode)));
    return true;
  }

  function move(e: PointerEvent): boolean {
    if (!gesture.active()) return false;
    gesture.move(pointer(e));
    show(gesture.outline());
    return true;
  }

  const up = (): void => finish(gesture.up());
  const close = (): void => finish(gesture.close());

  /** Enter closes a polygon, Escape drops it (only while one is drawn). */
  function key(e: KeyboardEvent): boolean {
    if (!gesture.active() || (e.key !== 'Enter' && e.key !== 'Escape')) return false;
    if (e.key === 'Enter') close();
    else (gesture.cancel(), show(null));
    return true;
  }

  /** A tool change drops a half-drawn shape. */
  const drop = (): void => void (gesture.cancel() && show(null));

  return { down, move, up, close, key, drop };
}
