/** User commands that span stores: opening images, inpainting, branching, accepting, menu dispatch. */
import type { HoleMask, LevelImage } from '../../../electron/core/image/level-image';
import type { MenuCommand, OpenedFile } from '../../../electron/core/ipc/contract';
import { PROJECT_EXTENSION } from '../../../electron/core/project/format';
import { continuationParams } from '../../../electron/core/sampler/continuation';
import { DEFAULT_PARAMS } from '../../../electron/core/sampler/params';
import { useChainStore } from '../stores/chain';
import { useDocumentStore } from '../stores/document';
import { useExporterStore } from '../stores/exporter';
import { useModelsStore } from '../stores/models';
import { useNoticesStore } from '../stores/notices';
import { useProjectStore } from '../stores/project';
import { useRegionStore } from '../stores/region';
import { useSettingsStore } from '../stores/settings';
import { useViewStore, ZOOM_STEP } from '../stores/view';
import { api } from '../lib/api';
import { decodeOffThread } from '../lib/decode-off-thread';
import { planFreeze } from '../lib/freeze';
import { countHole } from '../lib/mask-ops';
import { framePatch, placeRegion } from '../lib/placement';

/** Runs a command and reports any failure as a notice instead of an unhandled rejection. */
export function attempt(fn: () => Promise<unknown> | unknown): void {
  Promise.resolve()
    .then(fn)
    .catch((e: unknown) => useNoticesStore().error(e));
}

/** Opens a file main read; one that does not decode leaves the recent list (main adds a path before the picture is decoded here). */
export async function openFile(file: OpenedFile): Promise<void> {
  try {
    if (file.name.toLowerCase().endsWith(`.${PROJECT_EXTENSION}`)) await useProjectStore().openFile(file);
    else await openBytes(file.name, file.bytes);
  } catch (error) {
    if (file.path) await api().invoke('recent:forget', { path: file.path }).catch(() => {});
    throw error;
  }
}

/** Decodes off the main thread and loads the original at its own size as one undoable step. */
export async function openBytes(name: string, bytes: Uint8Array, type = ''): Promise<void> {
  const view = useViewStore();
  view.opening = name;
  view.openingProgress = null;
  try {
    const { rgba, rgba16 } = await decodeOffThread(name, bytes, type, (fraction) => (view.openingProgress = fraction));
    useDocumentStore().load(name, rgba, rgba16);
  } finally {
    view.opening = null;
    view.openingProgress = null;
  }
  useChainStore().showChain = false;
  view.fitRequest++;
}

export async function openDialog(): Promise<void> {
  const file = await api().invoke('file:open', { kind: 'image' });
  if (file) await openFile(file);
}

/**
 * Switches the model; a chain still running is cancelled first (the sampler can hold only one
 * model), and the user is told, its frames so far kept.
 */
export async function switchModel(dir: string): Promise<void> {
  const chain = useChainStore();
  const models = useModelsStore();
  const running = chain.runs.find((r) => r.status === 'running' || r.status === 'cancelling');
  if (running) {
    await chain.cancel();
    const title = models.models.find((m) => m.dir === dir)?.card.title ?? dir;
    useNoticesStore().push('info', `Run ${running.id} was cancelled to switch the model to ${title}; its frames so far are kept.`);
  }
  await models.select(dir);
}

export async function openSample(name: string): Promise<void> {
  await openFile(await api().invoke('sample:read', { name }));
}

/**
 * The first image of a session: the one the app was launched with (command line, OS), else the
 * model's first bundled sample. A launch file that cannot be opened is reported, and the sample opens.
 */
export async function openOnLaunch(): Promise<void> {
  try {
    const launched = await api().invoke('file:launched', undefined);
    if (launched) return await openFile(launched);
  } catch (e) {
    useNoticesStore().error(e);
  }
  const first = useModelsStore().samples[0];
  if (first && !useDocumentStore().image) await openSample(first);
}

const levelsText = (x: Pick<LevelImage, 'channels' | 'levels'>) => `${x.channels === 1 ? 'grey' : 'colour'} with ${x.levels} levels`;

/** A knob the core's rules refuse stops a run here, in the panel's words, before the sampler sees it. */
function refuseBadSettings(): void {
  const problem = Object.values(useSettingsStore().problems)[0];
  if (problem) throw new Error(`Fix the sampler settings first: ${problem}.`);
}

/** Samples the working region: the model sees only the region, at its size, channels and levels. */
export async function inpaint(): Promise<void> {
  const doc = useDocumentStore();
  const chain = useChainStore();
  const settings = useSettingsStore();
  const models = useModelsStore();
  if (models.error) throw new Error(`The model did not load: ${models.error}`);
  if (!models.selectedDir) throw new Error('No model: add a model folder (Models… beside the model picker).');
  if (!models.ready) throw new Error('The model is still loading.');
  if (!doc.image || !doc.mask) throw new Error('Open an image first.');
  if (chain.isRunning) throw new Error('A chain is already running: cancel it or wait.');
  refuseBadSettings();
  const input = useRegionStore().sampleInput();
  useViewStore().showBefore = false;
  await chain.start({
    ...input,
    params: { ...settings.params, init: settings.params.init === 'keep' ? DEFAULT_PARAMS.init : settings.params.init },
    seed: settings.seedForRun(),
    chains: settings.chains,
    label: settings.presetName,
  });
}

/**
 * A branch: the frame on the timeline becomes the start of a new run on the same region. It always
 * continues the frame: with the panel's parameters under Gibbs, else as annealed Gibbs with the
 * panel's knobs (continuationParams), which the run records and its label names.
 */
export async function continueFromFrame(): Promise<void> {
  const chain = useChainStore();
  const settings = useSettingsStore();
  const run = chain.activeRun;
  const image = chain.currentImage;
  if (!run || !image) throw new Error('Pick a frame on the timeline first.');
  if (chain.isRunning) throw new Error('A chain is already running: cancel it or wait.');
  refuseBadSettings();
  const card = useModelsStore().card;
  // its levels mean other colours to another model
  if (card && (image.channels !== card.channels || image.levels !== card.levels)) {
    throw new Error(`This run was made with another model (${levelsText(image)}); ${card.title} needs ${levelsText(card)}. Pick a run made with ${card.title}.`);
  }
  const params = continuationParams(settings.params);
  await chain.start({
    image,
    mask: run.mask,
    // the parent's region and crops; the feather is how frames are laid in, so the current one applies
    place: { ...run.place, feather: useRegionStore().feather },
    params,
    seed: settings.seedForRun(),
    chains: 1,
    label: `${settings.params.sampler === 'gibbs' ? settings.presetName : 'Gibbs'} ← run ${run.id} f${chain.currentFrame}`,
    parent: { runId: run.id, frame: chain.currentFrame },
  });
}

/** The frame on the timeline, composited into its region, is pasted over the picture (one undo step holding just the region). */
export function acceptFrame(): void {
  const chain = useChainStore();
  const doc = useDocumentStore();
  const run = chain.activeRun;
  const image = chain.currentImage;
  if (!run || !image) throw new Error('Pick a frame on the timeline first.');
  if (!doc.base) throw new Error('The document is empty: redo (Ctrl+Shift+Z) or open an image, then accept a frame into it.');
  if (run.place.base !== doc.base) throw new Error(`Run ${run.id} was made on another image: undo back to that image to accept its frames.`);
  doc.accept({ rect: run.place.region.rect, pixels: framePatch(run.place, image) }, `Accept run ${run.id} frame ${chain.currentFrame}`);
  chain.showChain = false;
  useNoticesStore().push('success', `Frame ${chain.currentFrame} of run ${run.id} is now in the image.`);
}

/**
 * Keep: the pixels a keep stroke (`kept`, over the run's region rectangle) painted over the frame
 * on screen become known. The document takes them (one undo step: mask and pixels), and the chain
 * goes on from that frame as a branch whose hole no longer holds them: a live Gibbs chain is
 * cancelled and its remaining steps run on the smaller hole; a finished run (or a progressive
 * sampler, which refills its hole) runs its own budget again. Branches of that branch inherit its
 * hole, so the kept pixels stay fixed in all of them.
 */
export async function freezeKept(kept: HoleMask): Promise<void> {
  const chain = useChainStore();
  const doc = useDocumentStore();
  const run = chain.activeRun;
  const frame = chain.currentImage;
  if (!run || !frame || !chain.showChain) throw new Error('Keep paints over a chain’s frame: pick one on the timeline first.');
  if (run.place.base !== doc.base || !doc.image || !doc.mask || !doc.base) throw new Error(`Run ${run.id} was made on another image: undo back to that image to keep its pixels.`);
  const plan = planFreeze(kept, run, frame, { image: doc.image, mask: doc.mask, size: doc.base });
  if (plan.count === 0) return;
  const at = chain.currentFrame;
  const live = run.status === 'running';
  doc.freeze({ rect: run.place.region.rect, pixels: plan.pixels }, plan.maskValues, `Keep ${plan.count} px of run ${run.id} frame ${at}`);
  if (live) await chain.cancel();
  if (countHole(plan.modelMask) === 0) {
    useNoticesStore().push('success', `Every pixel of run ${run.id}'s hole is kept: the result is in the image.`);
    chain.showChain = false;
    return;
  }
  const steps = live && run.params.sampler === 'gibbs' ? Math.max(1, run.steps - at) : run.params.steps;
  await chain.start({
    image: frame,
    mask: plan.modelMask,
    // the document now holds the kept pixels outside its hole, so the branch composites over them
    place: placeRegion(doc.image, doc.base, doc.mask, run.place.region, { feather: run.place.feather, smooth: run.place.smooth }),
    params: { ...run.params, init: 'keep', steps },
    seed: useSettingsStore().seedForRun(),
    chains: 1,
    label: `${run.label.split(' ← ')[0]} ← run ${run.id} f${at} kept ${plan.count} px`,
    parent: { runId: run.id, frame: at },
  });
}

export function undo(): void {
  useDocumentStore().undo();
  useChainStore().showChain = false;
}

export function redo(): void {
  useDocumentStore().redo();
  useChainStore().showChain = false;
}

/** Menu items (Electron) and the same keys in the browser end up here. */
export function runMenuCommand(command: MenuCommand): void {
  const view = useViewStore();
  const exporter = useExporterStore();
  const table: Record<MenuCommand, () => unknown> = {
    open: openDialog,
    'save-png': () => exporter.exportPng(),
    'export-gif': () => exporter.exportAnimation('gif'),
    'export-apng': () => exporter.exportAnimation('apng'),
    undo,
    redo,
    inpaint,
    cancel: () => useChainStore().cancel(),
    // the last of Fit and 100 % is also how the next opened image is shown
    'zoom-fit': () => ((view.openZoom = 'fit'), view.fitRequest++),
    'zoom-100': () => ((view.openZoom = 'actual'), view.setZoom(1)),
    'zoom-in': () => view.zoomBy(ZOOM_STEP),
    'zoom-out': () => view.zoomBy(1 / ZOOM_STEP),
    'toggle-mask': () => (view.showMask = !view.showMask),
    'toggle-before-after': () => (view.showBefore = !view.showBefore),
    shortcuts: () => (view.shortcutsOpen = !view.shortcutsOpen),
    'open-project': () => useProjectStore().openDialog(),
    'save-project': () => useProjectStore().save(),
    'save-project-as': () => useProjectStore().save(true),
    'save-then-close': () => useProjectStore().saveThenClose(),
  };
  attempt(table[command]);
}
