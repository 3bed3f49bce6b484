import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { fitView, MAX_ZOOM, MIN_ZOOM, useViewStore, ZOOM_STEP } from './view';

describe('view zoom', () => {
  let view: ReturnType<typeof useViewStore>;
  /** The image point under a stage point. */
  const imageAt = (p: { x: number; y: number }) => ({ x: (p.x - view.pan.x) / view.zoom, y: (p.y - view.pan.y) / view.zoom });

  beforeEach(() => {
    setActivePinia(createPinia());
    view = useViewStore();
    view.viewport = { width: 800, height: 600 };
  });

  it('keeps the image point under the pivot still, the view’s centre by default (after a fit, too)', () => {
    view.zoom = 4; // as a fit sets it, with its own pan
    view.pan = { x: 344, y: 244 };
    const centre = imageAt({ x: 400, y: 300 });
    view.zoomBy(ZOOM_STEP);
    expect(imageAt({ x: 400, y: 300 })).toEqual(centre);
    view.zoomBy(1 / ZOOM_STEP);
    expect(view.zoom).toBeCloseTo(4);
    expect(imageAt({ x: 400, y: 300 }).x).toBeCloseTo(centre.x);
    const under = imageAt({ x: 100, y: 50 });
    view.zoomBy(ZOOM_STEP, { x: 100, y: 50 });
    expect(imageAt({ x: 100, y: 50 }).x).toBeCloseTo(under.x);
  });

  it('stays within its limits', () => {
    view.setZoom(1e6);
    expect(view.zoom).toBe(MAX_ZOOM);
    view.setZoom(0);
    expect(view.zoom).toBe(MIN_ZOOM);
  });
});

describe('fit and a resized stage', () => {
  let view: ReturnType<typeof useViewStore>;
  const IMAGE = { width: 64, height: 64 };
  const imageAt = (p: { x: number; y: number }) => ({ x: (p.x - view.pan.x) / view.zoom, y: (p.y - view.pan.y) / view.zoom });

  beforeEach(() => {
    setActivePinia(createPinia());
    view = useViewStore();
    view.resizeViewport({ width: 800, height: 600 }, IMAGE);
  });

  it('fits whole zooms above 1, centred, clear of the margins, and never below the least zoom', () => {
    expect(fitView(IMAGE, { width: 800, height: 600 })).toEqual({ zoom: 7, pan: { x: 176, y: 76 } });
    expect(fitView({ width: 4000, height: 3000 }, { width: 848, height: 712 }).zoom).toBeCloseTo(0.2);
    expect(fitView(IMAGE, { width: 20, height: 20 }).zoom).toBe(MIN_ZOOM);
  });

  it('fits again when the stage is resized while the view is the fit', () => {
    expect(view.fitted).toBe(true);
    expect(view.zoom).toBe(7);
    view.resizeViewport({ width: 1200, height: 900 }, IMAGE);
    expect({ zoom: view.zoom, pan: view.pan }).toEqual(fitView(IMAGE, { width: 1200, height: 900 }));
    view.resizeViewport({ width: 400, height: 300 }, IMAGE);
    expect({ zoom: view.zoom, pan: view.pan }).toEqual(fitView(IMAGE, { width: 400, height: 300 }));
  });

  it('keeps a zoomed or panned view, its centre at the stage’s centre, until a fit', () => {
    view.zoomBy(ZOOM_STEP);
    expect(view.fitted).toBe(false);
    const zoom = view.zoom;
    const centre = imageAt({ x: 400, y: 300 });
    view.resizeViewport({ width: 1000, height: 500 }, IMAGE);
    expect(view.zoom).toBe(zoom);
    expect(imageAt({ x: 500, y: 250 }).x).toBeCloseTo(centre.x, 1);
    expect(imageAt({ x: 500, y: 250 }).y).toBeCloseTo(centre.y, 1);
    view.fitTo(IMAGE);
    view.panTo({ x: 10, y: 20 });
    expect(view.fitted).toBe(false);
    view.resizeViewport({ width: 800, height: 600 }, IMAGE);
    expect(view.pan).toEqual({ x: -90, y: 70 });
    view.fitTo(IMAGE);
    view.resizeViewport({ width: 1000, height: 500 }, IMAGE);
    expect({ zoom: view.zoom, pan: view.pan }).toEqual(fitView(IMAGE, { width: 1000, height: 500 }));
  });
});
