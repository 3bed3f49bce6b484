import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ModelCard } from '../../../electron/core/model/card';
import { receptiveFieldRadius } from '../../../electron/core/model/architecture';
import { useDocumentStore } from './document';
import { useModelsStore } from './models';
import { useRegionStore } from './region';

const card = {
  id: 'grey',
  width: 32,
  height: 32,
  channels: 1,
  levels: 2,
  quantisation: { kind: 'linear', background: [0, 0, 0] },
  input: { encoding: 'onehot', layout: 'NHWC' },
  architecture: { kind: 'resnet', features: 8, blocks: 2, kernel: 3, dilations: [1, 2, 4, 8] },
} as unknown as ModelCard;
const blank = (width: number, height: number) => ({ width, height, data: new Uint8Array(width * height * 4) });

describe('region store', () => {
  let doc: ReturnType<typeof useDocumentStore>;
  let region: ReturnType<typeof useRegionStore>;
  /** A size-`size` dab at (x, y). */
  const dab = (x: number, y: number, size = 3, erase = false) => {
    doc.beginStroke({ x: x + 0.5, y: y + 0.5 }, size, erase);
    doc.endStroke();
  };

  beforeEach(() => {
    setActivePinia(createPinia());
    const models = useModelsStore();
    models.selectedDir = models.loadedDir = `/models/${card.id}`;
    models.loaded = { backend: 'wasm', reason: 'test', card, precision: 'fp32' };
    doc = useDocumentStore();
    region = useRegionStore();
    doc.load('photo.png', blank(400, 300));
  });

  it('has no region until there is a mask, then follows the mask as it changes', () => {
    expect(region.region).toBeNull();
    dab(100, 100); // a native-size window around it
    expect(region.region).toEqual({ rect: { x: 85, y: 85, width: 32, height: 32 }, scale: 'native', model: { width: 32, height: 32 } });
    dab(200, 150, 9); // the bounds now span both dabs: too big for native, twice its size at fit
    expect(region.region?.scale).toBe('fit');
    expect(region.region?.rect.x).toBeLessThan(100);
    expect(region.isAuto).toBe(true);
  });

  it('keeps a rectangle the user set while the mask changes, until reset to auto', () => {
    dab(100, 100);
    region.setRect({ x: 50.3, y: 60.7, width: 40, height: 30 });
    expect(region.region?.rect).toEqual({ x: 50, y: 61, width: 40, height: 30 });
    expect(region.isAuto).toBe(false);
    dab(300, 250);
    expect(region.region?.rect).toEqual({ x: 50, y: 61, width: 40, height: 30 });
    region.resetToAuto();
    expect(region.isAuto).toBe(true);
    expect(region.region?.rect.width).toBeGreaterThan(200);
  });

  it('clamps a user rectangle inside the image, and goes back to auto on a new image', () => {
    dab(100, 100);
    region.setRect({ x: 390, y: -20, width: 50, height: 500 });
    expect(region.region?.rect).toEqual({ x: 350, y: 0, width: 50, height: 300 });
    doc.load('other.png', blank(200, 100));
    expect(region.isAuto).toBe(true);
  });

  it('says how many masked pixels the region leaves out', () => {
    dab(100, 100, 1);
    dab(300, 250, 1);
    expect(region.outside).toBe(0);
    region.setRect({ x: 90, y: 90, width: 20, height: 20 });
    expect(region.outside).toBe(1);
  });

  it('takes a margin up to the receptive field, a forced scale, and a feather within its range', () => {
    const rf = receptiveFieldRadius(card);
    expect(region.receptiveField).toBe(rf);
    dab(100, 100, 1);
    region.setRect({ x: 0, y: 0, width: 10, height: 10 });
    region.setMargin(5);
    expect(region.isAuto).toBe(true); // a margin is about the derived region
    expect(region.region?.rect).toEqual({ x: 95, y: 95, width: 11, height: 11 });
    region.setMargin(10_000);
    expect(region.margin).toBe(rf);
    region.scale = 'fit';
    expect(region.region?.scale).toBe('fit');
    region.setFeather(-3);
    expect(region.feather).toBe(0);
    region.setFeather(1e9);
    expect(region.feather).toBe(64);
  });

  it('counts the hole as the model sees it: fewer pixels at fit scale', () => {
    dab(150, 150, 31);
    region.setRect({ x: 100, y: 100, width: 128, height: 128 });
    region.scale = 'native';
    const native = region.modelHole;
    expect(native).toBe(doc.holeCount);
    region.scale = 'fit';
    expect(region.modelHole).toBeLessThan(native / 4);
  });
});
