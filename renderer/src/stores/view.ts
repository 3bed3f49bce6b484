import { defineStore } from 'pinia';
import { ref } from 'vue';
import { MAX_BRUSH, MIN_BRUSH, type OpenZoom } from '../../../electron/core/settings/app-settings';

/** `keep` paints over a chain's frame: those pixels become known (freeze); rect, lasso and wand select. */
export type Tool = 'brush' | 'eraser' | 'keep' | 'rect' | 'lasso' | 'wand';
/** The tools that paint with the brush ring; the others select. */
export const paints = (tool: Tool): boolean => tool === 'brush' || tool === 'eraser' || tool === 'keep';
/** Zoom limits: far enough out for an 8192 px photo, far enough in for one pixel to fill the view. */
export const MIN_ZOOM = 1 / 32;
export const MAX_ZOOM = 64;
/** One step of the zoom buttons, keys and mouse wheel. */
export const ZOOM_STEP = 1.25;

type Point = { x: number; y: number };
type Size = { width: number; height: number };

/** Margins that keep a fitted image clear of the badge (top) and the zoom bar (bottom). */
const FIT_MARGIN = { width: 48, height: 112 };

/** The largest zoom that shows all of `image` in `stage` with the margins, centred; whole numbers once above 1 so every pixel is the same size. */
export function fitView(image: Size, stage: Size): { zoom: number; pan: Point } {
  const raw = Math.min((stage.width - FIT_MARGIN.width) / image.width, (stage.height - FIT_MARGIN.height) / image.height);
  const zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, raw >= 1 ? Math.floor(raw) : raw));
  return { zoom, pan: { x: Math.round((stage.width - image.width * zoom) / 2), y: Math.round((stage.height - image.height * zoom) / 2) } };
}

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
  const pan = ref<Point>({ x: 0, y: 0 });
  /** The stage's size in CSS pixels (the stage reports it), so zooms without a pointer pivot on its centre. */
  const viewport = ref({ width: 0, height: 0 });
  /** Whether the view is the fit (no zoom or pan by the user since): a resized stage fits again. */
  const fitted = ref(true);
  /** Bumped to ask the stage to fit (it knows its own size). */
  const fitRequest = ref(0);
  /** How a newly opened image is shown: the user's last choice of Fit or 100 % (kept across restarts). */
  const openZoom = ref<OpenZoom>('fit');
  const shortcutsOpen = ref(false);
  /** The name of the image being decoded, while it is. */
  const opening = ref<string | null>(null);
  /** How far the image being opened has decoded, 0–1; null while unknown (formats the browser decodes). */
  const openingProgress = ref<number | null>(null);

  const setBrushSize = (size: number) => (brushSize.value = Math.min(MAX_BRUSH, Math.max(MIN_BRUSH, Math.round(size))));
  /** `[` and `]`: small steps for small brushes, bigger ones for big. */
  const growBrush = (direction: 1 | -1) => setBrushSize(brushSize.value + direction * Math.max(1, Math.round(brushSize.value / 4)));

  /** Sets the zoom (within the limits) keeping the image point under `pivot` (stage pixels, the centre by default) still. */
  function setZoom(next: number, pivot: Point = { x: viewport.value.width / 2, y: viewport.value.height / 2 }): void {
    const z = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, next));
    pan.value = { x: pivot.x - ((pivot.x - pan.value.x) * z) / zoom.value, y: pivot.y - ((pivot.y - pan.value.y) * z) / zoom.value };
    zoom.value = z;
    fitted.value = false;
  }

  /** A pan by the user (a drag). */
  function panTo(to: Point): void {
    pan.value = to;
    fitted.value = false;
  }

  function fitTo(image: Size, stage: Size = viewport.value): void {
    ({ zoom: zoom.value, pan: pan.value } = fitView(image, stage));
    fitted.value = true;
  }

  /**
   * The stage took a new size: a fitted view fits again (`image` given), a zoomed or panned one
   * keeps the image point at the stage's centre there.
   */
  function resizeViewport(size: Size, image: Size | null): void {
    const before = viewport.value;
    viewport.value = size;
    if (fitted.value) {
      if (image) fitTo(image);
    } else if (before.width > 0 && before.height > 0) {
      pan.value = { x: Math.round(pan.value.x + (size.width - before.width) / 2), y: Math.round(pan.value.y + (size.height - before.height) / 2) };
    }
  }

  const zoomBy = (factor: number, pivot?: Point) => setZoom(zoom.value * factor, pivot);

  return { tool, brushSize, overlayColour, overlayOpacity, showMask, showBefore, zoom, pan, viewport, fitted, fitRequest, openZoom, shortcutsOpen, opening, openingProgress, setBrushSize, growBrush, setZoom, zoomBy, panTo, fitTo, resizeViewport };
});
