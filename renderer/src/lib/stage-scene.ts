/**
 * The Konva scene of the canvas: the picture, a chain frame's region patch over it, a map of it, the mask
 * overlay, the hole's outline and the brush ring. Each layer is repainted only when its own
 * content changes (a photo is tens of megabytes); zoom and pan only move the group.
 */
import Konva from 'konva';
import type { HoleMask } from '../../../electron/core/image/level-image';
import type { RgbaImage } from '../../../electron/core/image/png';
import type { Rect, Size } from '../../../electron/core/region/working-region';
import { paintMask, paintRgba, type MaskArea } from './level-canvas';

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
  const imageCanvas = document.createElement('canvas');
  const patchCanvas = document.createElement('canvas');
  const mapCanvas = document.createElement('canvas');
  const keepCanvas = document.createElement('canvas');
  const maskCanvas = document.createElement('canvas');
  const stage = new Konva.Stage({ container, width: container.clientWidth, height: container.clientHeight });
  const layer = new Konva.Layer({ imageSmoothingEnabled: false, listening: false });
  const content = new Konva.Group();
  const border = new Konva.Rect({ stroke: '#3a4150', strokeWidth: 1, strokeScaleEnabled: false, shadowColor: '#000', shadowBlur: 24, shadowOpacity: 0.6, fill: '#000' });
  const imageNode = new Konva.Image({ image: imageCanvas, x: 0, y: 0 });
  const patchNode = new Konva.Image({ image: patchCanvas, visible: false });
  const mapNode = new Konva.Image({ image: mapCanvas, visible: false }); // opaque: its colours read exactly as the legend's
  const keepNode = new Konva.Image({ image: keepCanvas, visible: false });
  const maskNode = new Konva.Image({ image: maskCanvas, x: 0, y: 0 });
  const outline = new Konva.Shape({ strokeWidth: 1.5, strokeScaleEnabled: false, listening: false, sceneFunc: traceOutline });
  const ringShadow = new Konva.Circle({ stroke: 'rgba(0,0,0,0.7)', strokeWidth: 3, strokeScaleEnabled: false, visible: false });
  const ring = new Konva.Circle({ stroke: '#ffffff', strokeWidth: 1.25, strokeScaleEnabled: false, visible: false });
  content.add(border, imageNode, patchNode, mapNode, keepNode, maskNode, outline, ringShadow, ring);
  layer.add(content);
  stage.add(layer);

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
    paintImage: (image: RgbaImage, rects?: readonly Rect[]) => paintRgba(imageCanvas, image, rects),
    /** The mask overlay, all of it or one dab's rectangle. */
    paintMask: (mask: HoleMask, size: Size, rgb: readonly [number, number, number], area: MaskArea) => paintMask(maskCanvas, mask, size, rgb, area),
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
      [imageNode, border, maskNode, outline].forEach((n) => n.visible(size !== null));
      if (size) {
        imageNode.size(size);
        border.size(size);
        maskNode.size(size);
        maskNode.visible(mask.visible);
        maskNode.opacity(mask.opacity);
        outline.visible(mask.outline);
        outline.stroke(mask.colour);
      } else [patchNode, mapNode, keepNode].forEach((n) => n.visible(false));
      content.scale({ x: zoom, y: zoom });
      content.position(pan);
      stage.batchDraw();
    },
    moveRing(at: { x: number; y: number }, radius: number, visible: boolean): void {
      for (const c of [ring, ringShadow]) c.setAttrs({ x: at.x, y: at.y, radius, visible });
      stage.batchDraw();
    },
    ringAt: () => (ring.visible() ? { x: ring.x(), y: ring.y() } : null),
    resize(width: number, height: number): void {
      stage.size({ width, height });
    },
    destroy: () => stage.destroy(),
  };
}

export type Scene = ReturnType<typeof createScene>;
