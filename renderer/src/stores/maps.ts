import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { encodePng } from '../../../electron/core/image/png-encode';
import type { RgbaImage } from '../../../electron/core/image/png';
import type { Rect } from '../../../electron/core/region/working-region';
import { api } from '../lib/api';
import { mapImage, mapLegend, mapOnImage, type MapKind, type MapLegend } from '../lib/hole-maps';
import { countHole } from '../lib/mask-ops';
import { useChainStore } from './chain';
import { useDocumentStore } from './document';
import { useExporterStore } from './exporter';

/** A map of the frame on screen: at the model's size, and the region's rectangle it lies on in the image. */
export interface ShownMap {
  kind: MapKind;
  image: RgbaImage;
  rect: Rect;
  legend: MapLegend;
}

/** The uncertainty and change overlays of the frame on screen (one at a time), and their PNG export. */
export const useMapsStore = defineStore('maps', () => {
  const chain = useChainStore();
  const overlay = ref<MapKind | null>(null);

  function toggle(kind: MapKind): void {
    overlay.value = overlay.value === kind ? null : kind;
  }

  /** Map `kind` of the shown chain at the timeline position; null without a frame. */
  function mapOf(kind: MapKind): ShownMap | null {
    const run = chain.activeRun;
    const maps = chain.currentMaps;
    if (!run || !maps) return null;
    const shape = { ...run.shape };
    const legend = mapLegend(kind, maps, shape, countHole(run.mask), chain.chainIndex);
    return { kind, image: mapImage(kind, maps, run.mask, shape, chain.chainIndex), rect: run.place.region.rect, legend };
  }

  /** The overlay on the canvas: only over a chain frame. */
  const shown = computed(() => (overlay.value && chain.showChain ? mapOf(overlay.value) : null));

  /** Map `kind` as a PNG of the full image's size, transparent outside the hole, its scale in tEXt. */
  async function exportPng(kind: MapKind): Promise<string | null> {
    const run = chain.activeRun;
    const map = mapOf(kind);
    if (!run || !map) throw new Error('Run a chain first: there is no frame to map.');
    const full = mapOnImage(map.image, map.rect, run.place.image);
    const { low, high, unit } = map.legend;
    const text = { Software: 'Gibbs Inpaint', Comment: `${map.legend.title} of run ${run.id}, chain ${chain.chainIndex}, frame ${chain.currentFrame}: ${low} to ${high} ${unit}, colour ramp viridis` };
    const name = (useDocumentStore().name.replace(/\.[^.]+$/, '') || 'image').replace(/[^\w.-]+/g, '-');
    const saved = await api().invoke('file:save', { kind: 'png', suggestedName: `${name}-run${run.id}-f${chain.currentFrame}-${kind}.png`, bytes: encodePng(full, text) });
    if (saved) useExporterStore().lastSaved = saved.path;
    return saved?.path ?? null;
  }

  return { overlay, toggle, shown, mapOf, exportPng };
});
