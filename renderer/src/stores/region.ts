import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { HoleMask, LevelImage } from '../../../electron/core/image/level-image';
import { receptiveFieldRadius } from '../../../electron/core/model/architecture';
import { MAX_FEATHER, smoothUpsampleFor } from '../../../electron/core/region/composite';
import { cropMask, holeInside, regionInput, resizeMask } from '../../../electron/core/region/region-image';
import { autoRegion, maskBounds, workingRegion, type Rect, type Size, type WorkingRegion, type WorkingScale } from '../../../electron/core/region/working-region';
import { countHole } from '../lib/mask-ops';
import { placeRegion, type Placement } from '../lib/placement';
import { clampRect, regionProblem, scaleForRect } from '../lib/region-geometry';
import { useDocumentStore } from './document';
import { useModelsStore } from './models';

/** `auto`: native for a hole well inside the model's size, fit for a larger one. */
export type ScaleChoice = 'auto' | WorkingScale;

const contains = (outer: Rect, inner: Rect) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

/**
 * The working region: where the sampler runs and at which scale. Derived from the mask's bounds
 * as the mask changes, until the user moves or resizes the frame; a new image or a reset goes
 * back to the derived one.
 */
export const useRegionStore = defineStore('region', () => {
  const doc = useDocumentStore();
  const models = useModelsStore();
  /** The rectangle the user dragged the frame to; null while the region follows the mask. */
  const userRect = shallowRef<Rect | null>(null);
  const scale = ref<ScaleChoice>('auto');
  /** Context around the hole's bounds in image pixels; null: a native-size window (or twice the hole). */
  const margin = ref<number | null>(null);
  /** Pixels of soft edge inside the hole where new pixels fade into the old (0: none). */
  const feather = ref(0);

  const size = computed<Size | null>(() => (doc.base ? { width: doc.base.width, height: doc.base.height } : null));
  const native = computed<Size | null>(() => (models.card ? { width: models.card.width, height: models.card.height } : null));
  const receptiveField = computed(() => (models.card ? receptiveFieldRadius(models.card) : 0));
  const bounds = computed(() => (doc.mask && size.value ? maskBounds(doc.mask, size.value) : null));
  const isAuto = computed(() => userRect.value === null);

  const region = computed<WorkingRegion | null>(() => {
    const image = size.value;
    const n = native.value;
    if (!image || !n) return null;
    const forced = scale.value === 'auto' ? undefined : scale.value;
    if (userRect.value) {
      const rect = clampRect(userRect.value, image);
      return workingRegion(rect, forced ?? scaleForRect(rect, n), n);
    }
    return bounds.value ? autoRegion(bounds.value, image, n, { margin: margin.value ?? undefined, scale: forced }) : null;
  });

  /** Masked pixels the region leaves out (they keep their values). */
  const outside = computed(() => {
    const r = region.value;
    if (!r || !bounds.value || !doc.mask || !size.value || contains(r.rect, bounds.value)) return 0;
    return doc.holeCount - holeInside(doc.mask, size.value, r.rect);
  });
  /** Hole pixels as the model sees them: what "one step per hole pixel" counts. */
  const modelHole = computed(() => {
    const r = region.value;
    if (!r || !doc.mask || !size.value) return 0;
    return countHole(resizeMask(cropMask(doc.mask, size.value, r.rect), r.rect, r.model));
  });
  const problem = computed(() => (region.value ? regionProblem(region.value) : null));

  function setRect(rect: Rect): void {
    if (size.value) userRect.value = clampRect(rect, size.value);
  }

  function resetToAuto(): void {
    userRect.value = null;
  }

  /** A margin applies to the derived region, so it brings the frame back to it. */
  function setMargin(value: number | null): void {
    margin.value = value === null || !Number.isFinite(value) ? null : Math.min(receptiveField.value || Infinity, Math.max(0, Math.round(value)));
    resetToAuto();
  }

  function setFeather(value: number): void {
    feather.value = Number.isFinite(value) ? Math.min(MAX_FEATHER, Math.max(0, Math.round(value))) : 0;
  }

  // sync: code that opens an image and reads the region in the same tick sees the new one
  watch(() => doc.base, resetToAuto, { flush: 'sync' });

  /**
   * What Inpaint gives the sampler: the region at the model's size, channels and levels (the
   * document itself is never converted), and where its frames go back. One clear line when it cannot run.
   */
  function sampleInput(): { image: LevelImage; mask: HoleMask; place: Placement } {
    const card = models.card;
    const r = region.value;
    if (!card || !doc.image || !doc.base || !doc.mask) throw new Error('Open an image first.');
    if (!r || doc.holeCount === 0) throw new Error('Paint a mask over the pixels to inpaint first.');
    if (problem.value) throw new Error(problem.value);
    const input = regionInput(doc.image, doc.mask, r, { channels: card.channels, levels: card.levels, background: card.quantisation.background });
    if (countHole(input.mask) === 0) throw new Error('The working region holds none of the mask: move its frame over the mask, or reset it to auto.');
    const place = placeRegion(doc.image, doc.base, doc.mask, r, { feather: feather.value, smooth: smoothUpsampleFor(card.levels) });
    return { ...input, place };
  }

  return { userRect, scale, margin, feather, size, native, receptiveField, bounds, isAuto, region, outside, modelHole, problem, setRect, resetToAuto, setMargin, setFeather, sampleInput };
});
