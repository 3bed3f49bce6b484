import { defineStore } from 'pinia';
import { ref } from 'vue';

export type Tool = 'brush' | 'eraser';
export const MIN_BRUSH = 1;
export const MAX_BRUSH = 32;

/** How the canvas is shown and painted on; none of it is document state, so none of it is undoable. */
export const useViewStore = defineStore('view', () => {
  const tool = ref<Tool>('brush');
  const brushSize = ref(3);
  const overlayColour = ref('#ff3d7f');
  const overlayOpacity = ref(0.55);
  const showMask = ref(true);
  /** Before/after: show the document image instead of the chain frame. */
  const showBefore = ref(false);
  const zoom = ref(1);
  const pan = ref({ x: 0, y: 0 });
  /** Bumped to ask the stage to fit (it knows its own size). */
  const fitRequest = ref(0);
  const shortcutsOpen = ref(false);

  const setBrushSize = (size: number) => (brushSize.value = Math.min(MAX_BRUSH, Math.max(MIN_BRUSH, Math.round(size))));
  /** `[` and `]`: small steps for small brushes, bigger ones for big. */
  const growBrush = (direction: 1 | -1) => setBrushSize(brushSize.value + direction * Math.max(1, Math.round(brushSize.value / 4)));

  return { tool, brushSize, overlayColour, overlayOpacity, showMask, showBefore, zoom, pan, fitRequest, shortcutsOpen, setBrushSize, growBrush };
});
