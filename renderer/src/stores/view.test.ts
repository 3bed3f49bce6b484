import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_ZOOM, MIN_ZOOM, useViewStore, ZOOM_STEP } from './view';

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
