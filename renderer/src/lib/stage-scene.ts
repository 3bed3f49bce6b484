/**
 * The Konva scene of the canvas: the picture, a chain frame's region patch over it, a map of it, the mask
 * overlay, the hole's outline and the brush ring. Each layer is repainted only when its own
 * content changes (a photo is tens of megabytes); zoom and pan only move the group.
 */
import Konva from 'konva';
import type { HoleMask } from '../../../electron/core/image/level-image';
import type { RgbaImage } from '../../../electron/core/image/png';
import type { Rect, Size } from '../../../electron/core/region/working-region';
import { paintMask, paintPicture, paintRgba, type MaskArea } from './level-canvas';
import type { Outline } from './selection-gesture';
import { StripCanvas } from './strip-canvas';

/** The outline is traced only over what is on screen, and not at all past this many pixels (a zoomed-out photo). */
const MAX_OUTLINE_PIXELS = 2_000_000;

export interface SceneLayout {
  /** The picture's size; null: nothing open. */
  size: Size | null;
  zoom: number;
  pan: { x: number; y: number };
  mask: { visible: boolean; opacity: number; outline: boolean; colour: string };
}

export interface OutlineSource {
  mask: HoleMask;
  size: Size;
  /** The hole's bounding box: nothing outside it is traced. */
  bounds: Rect;
}

export function createScene(container: HTMLDivElement, outlineSource: () => OutlineSource | null) {
  const newCanvas = () => document.createElement('canvas');
  const picture = new StripCanvas(newCanvas);
  const patchCanvas = newCanvas();
  const mapCanvas = newCanvas();
  const keepCanvas = newCanvas();
  const maskStrips = new StripCanvas(newCanvas);
  const stage = new Konva.Stage({ container, width: container.clientWidth, height: container.clientHeight });
  const layer = new Konva.Layer({ imageSmoothingEnabled: false, listening: false });
  const content = new Konva.Group();
  const border = new Konva.Rect({ stroke: '#3a4150', strokeWidth: 1, strokeScaleEnabled: false, shadowColor: '#000', shadowBlur: 24, shadowOpacity: 0.6, fill: '#000' });
  const imageNode = new Konva.Group();
  const patchNode = new Konva.Image({ image: patchCanvas, visible: false });
  const mapNode = new Konva.Image({ image: mapCanvas, visible: false }); // opaque: its colours read exactly as the legend's
  const keepNode = new Konva.Image({ image: keepCanvas, visible: false });
  const maskNode = new Konva.Group();
  const outline = new Konva.Shape({ strokeWidth: 1.5, strokeScaleEnabled: false, listening: false, sceneFunc: traceOutline });
  const ringShadow = new Konva.Circle({ stroke: 'rgba(0,0,0,0.7)', strokeWidth: 3, strokeScaleEnabled: false, visible: false });
  const ring = new Konva.Circle({ stroke: '#ffffff', strokeWidth: 1.25, strokeScaleEnabled: false, visible: false });
  // a selection being drawn: dashes over a dark line, readable on any picture
  const selectionShadow = new Konva.Line({ stroke: 'rgba(0,0,0,0.8)', strokeWidth: 2.5, strokeScaleEnabled: false, visible: false, listening: false });
  const selection = new Konva.Line({ strokeWidth: 1.25, dash: [5, 4], strokeScaleEnabled: false, visible: false, listening: false });
  content.add(border, imageNode, patchNode, mapNode, keepNode, maskNode, outline);
  layer.add(content);
  // the ring and a selection being drawn move with the pointer: on a layer (a canvas) of their
  // own, so a move redraws them alone, not the picture and the hole's outline (a 4000×3000
  // photo's lasso spent most of each move retracing the outline)
  const pointerLayer = new Konva.Layer({ listening: false });
  const pointerContent = new Konva.Group();
  pointerContent.add(selectionShadow, selection, ringShadow, ring);
  pointerLayer.add(pointerContent);
  stage.add(layer, pointerLayer);

  /** The hole's boundary: one segment wherever a hole pixel meets context or the edge (crisp at any zoom). */
  function traceOutline(ctx: Konva.Context, shape: Konva.Shape): void {
    const source = outlineSource();
    if (!source) return;
    const { mask, size, bounds } = source;
    const scale = content.scaleX();
    const x0 = Math.max(bounds.x, Math.floor(-content.x() / scale));
    const y0 = Math.max(bounds.y, Math.floor(-content.y() / scale));
    const x1 = Math.min(bounds.x + bounds.width, Math.ceil((stage.width() - content.x()) / scale));
    const y1 = Math.min(bounds.y + bounds.height, Math.ceil((stage.height() - content.y()) / scale));
    if (x1 <= x0 || y1 <= y0 || (x1 - x0) * (y1 - y0) > MAX_OUTLINE_PIXELS) return;
    const w = size.width;
    const hole = (x: number, y: number) => x >= 0 && y >= 0 && x < w && y < size.height && mask[y * w + x] === 1;
    ctx.beginPath();
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        if (!hole(x, y)) continue;
        if (!hole(x, y - 1)) (ctx.moveTo(x, y), ctx.lineTo(x + 1, y));
        if (!hole(x, y + 1)) (ctx.moveTo(x, y + 1), ctx.lineTo(x + 1, y + 1));
        if (!hole(x - 1, y)) (ctx.moveTo(x, y), ctx.lineTo(x, y + 1));
        if (!hole(x + 1, y)) (ctx.moveTo(x + 1, y), ctx.lineTo(x + 1, y + 1));
      }
    }
    ctx.strokeShape(shape);
  }

  /** One Konva image per strip, rebuilt when the strips are. */
  function showStrips(group: Konva.Group, strips: StripCanvas<HTMLCanvasElement>): void {
    if (group.getChildren().length === strips.strips.length && group.getChildren().every((n, i) => (n as Konva.Image).image() === strips.strips[i]!.canvas)) return;
    group.destroyChildren();
    for (const s of strips.strips) group.add(new Konva.Image({ image: s.canvas, x: 0, y: s.y, width: strips.size.width, height: s.height }));
  }

  /** A whole picture being painted a strip per task: it stays hidden until the last strip is in. */
  let painting: { cancel(): void } | null = null;
  function stopPainting(): void {
    painting?.cancel();
    painting = null;
  }

  /** An RGBA picture stretched over `at`; null hides it. */
  function showOver(node: Konva.Image, canvas: HTMLCanvasElement, image: RgbaImage | null, at: Rect | null): void {
    node.visible(image !== null && at !== null);
    if (!image || !at) return;
    paintRgba(canvas, image);
    node.position({ x: at.x, y: at.y });
    node.size({ width: at.width, height: at.height });
  }

  return {
    /** The picture, all of it or only the rectangles that changed. */
    paintImage(image: RgbaImage, rects?: readonly Rect[]): void {
      stopPainting();
      paintPicture(picture, image, rects);
      showStrips(imageNode, picture);
    },
    /**
     * The whole picture, a strip per task (a 12 Mpx photo in one task froze the page for up to
     * 190 ms); hidden meanwhile, then `done` (which should draw).
     */
    paintImageInTasks(image: RgbaImage, done: () => void): void {
      stopPainting();
      picture.fit(image);
      showStrips(imageNode, picture);
      imageNode.visible(false);
      let next = 0;
      let timer: ReturnType<typeof setTimeout> | null = null;
      const step = (): void => {
        paintPicture(picture, image, undefined, [next++]);
        if (next < picture.strips.length) return void (timer = setTimeout(step, 0));
        painting = null;
        done();
      };
      painting = { cancel: () => timer !== null && clearTimeout(timer) };
      timer = setTimeout(step, 0);
    },
    /** Whether a whole picture is still being painted (rectangles painted now would be covered). */
    painting: () => painting !== null,
    /** The mask overlay, all of it or one dab's rectangle. */
    paintMask(mask: HoleMask, size: Size, rgb: readonly [number, number, number], area: MaskArea): void {
      paintMask(maskStrips, mask, size, rgb, area);
      showStrips(maskNode, maskStrips);
    },
    /** A chain frame composited into its region, drawn over the picture at the region's place; null hides it. */
    showPatch(patch: RgbaImage | null, at: Rect | null): void {
      patchNode.visible(patch !== null && at !== null);
      if (!patch || !at) return;
      paintRgba(patchCanvas, patch);
      patchNode.position({ x: at.x, y: at.y });
      patchNode.size({ width: at.width, height: at.height });
    },
    /** A map of the frame at the model's size, stretched over the region's rectangle; null hides it. */
    showMap: (map: RgbaImage | null, at: Rect | null) => showOver(mapNode, mapCanvas, map, at),
    /** The keep stroke in progress over the region's rectangle; null hides it. */
    showKeep(keep: RgbaImage | null, at: Rect | null): void {
      showOver(keepNode, keepCanvas, keep, at);
      stage.batchDraw();
    },
    layout({ size, zoom, pan, mask }: SceneLayout): void {
      [border, maskNode, outline].forEach((n) => n.visible(size !== null));
      imageNode.visible(size !== null && painting === null);
      if (size) {
        border.size(size);
        maskNode.visible(mask.visible);
        maskNode.opacity(mask.opacity);
        outline.visible(mask.outline);
        outline.stroke(mask.colour);
      } else [patchNode, mapNode, keepNode].forEach((n) => n.visible(false));
      for (const group of [content, pointerContent]) {
        group.scale({ x: zoom, y: zoom });
        group.position(pan);
      }
      stage.batchDraw();
    },
    moveRing(at: { x: number; y: number }, radius: number, visible: boolean): void {
      for (const c of [ring, ringShadow]) c.setAttrs({ x: at.x, y: at.y, radius, visible });
      pointerLayer.batchDraw();
    },
    /** The rectangle or lasso being drawn (white to add, red to subtract); null hides it. */
    showSelection(shape: Outline | null): void {
      const points = shape ? shape.points.flatMap((p) => [p.x, p.y]) : [];
      for (const line of [selectionShadow, selection]) {
        line.points(points);
        line.closed(shape?.closed ?? false);
        line.visible(shape !== null);
      }
      selection.stroke(shape?.mode === 'subtract' ? '#ff6b6b' : '#ffffff');
      pointerLayer.batchDraw();
    },
    ringAt: () => (ring.visible() ? { x: ring.x(), y: ring.y() } : null),
    resize(width: number, height: number): void {
      stage.size({ width, height });
    },
    destroy(): void {
      stopPainting();
      stage.destroy();
    },
  };
}

export type Scene = ReturnType<typeof createScene>;
