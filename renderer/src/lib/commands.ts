/** User commands that span stores: opening images, inpainting, branching, accepting, menu dispatch. */
import type { LevelImage } from '../../../electron/core/image/level-image';
import type { MenuCommand, OpenedFile } from '../../../electron/core/ipc/contract';
import type { ModelCard } from '../../../electron/core/model/card';
import { DEFAULT_PARAMS } from '../../../electron/core/sampler/params';
import { useChainStore } from '../stores/chain';
import { useDocumentStore } from '../stores/document';
import { useExporterStore } from '../stores/exporter';
import { useModelsStore } from '../stores/models';
import { useNoticesStore } from '../stores/notices';
import { useSettingsStore } from '../stores/settings';
import { useViewStore } from '../stores/view';
import { api } from './api';
import { decodeImage } from './decode-image';
import { fitToModel } from './fit-to-model';

/** Runs a command and reports any failure as a notice instead of an unhandled rejection. */
export function attempt(fn: () => Promise<unknown> | unknown): void {
  Promise.resolve()
    .then(fn)
    .catch((e: unknown) => useNoticesStore().error(e));
}

export async function openFile(file: OpenedFile): Promise<void> {
  await openBytes(file.name, file.bytes);
}

/** Decodes, converts to the model's channels and levels, and loads as one undoable step. */
export async function openBytes(name: string, bytes: Uint8Array, type = ''): Promise<void> {
  const card = useModelsStore().card;
  if (!card) throw new Error('No model is loaded yet.');
  const source = await decodeImage(name, bytes, type);
  const image = fitToModel(source, card);
  useDocumentStore().load(name, source, image);
  useChainStore().showChain = false;
  useViewStore().fitRequest++;
}

export async function openDialog(): Promise<void> {
  const file = await api().invoke('file:open', { kind: 'image' });
  if (file) await openFile(file);
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

const fitsCard = (image: Pick<LevelImage, 'channels' | 'levels'>, card: ModelCard) => image.channels === card.channels && image.levels === card.levels;

/** After a model switch, re-quantise the open picture for the new model's channels and levels. */
export async function selectModel(id: string): Promise<void> {
  const models = useModelsStore();
  await models.select(id);
  const doc = useDocumentStore();
  const source = doc.records.source;
  if (models.card && source && doc.image && !fitsCard(doc.image, models.card)) {
    doc.convert(fitToModel(source, models.card));
  }
}

const levelsText = (x: Pick<LevelImage, 'channels' | 'levels'>) => `${x.channels === 1 ? 'grey' : 'colour'} with ${x.levels} levels`;

/**
 * The document image must be in the loaded model's channels and levels before it is sampled. Undo
 * past a "Convert to model" step (or accepting another model's frame) can leave it in another
 * model's: convert it again from the decoded original as one recorded step, or refuse.
 */
function matchDocumentToModel(): void {
  const doc = useDocumentStore();
  const card = useModelsStore().card;
  const image = doc.image;
  if (!card || !image || fitsCard(image, card)) return;
  const source = doc.records.source;
  if (!source) throw new Error(`The image is ${levelsText(image)}, but ${card.title} needs ${levelsText(card)}, and its original is gone: open the image again.`);
  doc.convert(fitToModel(source, card));
  useNoticesStore().push('info', `The image was converted again to ${card.title}'s ${levelsText(card)}.`);
}

export async function inpaint(): Promise<void> {
  const doc = useDocumentStore();
  const chain = useChainStore();
  const settings = useSettingsStore();
  const models = useModelsStore();
  if (models.error) throw new Error(`The model did not load: ${models.error}`);
  if (!models.selectedId) throw new Error('No model: put a model folder under models/.');
  if (!models.ready) throw new Error('The model is still loading.');
  if (!doc.image || !doc.mask) throw new Error('Open an image first.');
  if (chain.isRunning) throw new Error('A chain is already running: cancel it or wait.');
  matchDocumentToModel();
  if (doc.holeCount === 0) throw new Error('Paint a mask over the pixels to inpaint first.');
  useViewStore().showBefore = false;
  await chain.start({
    image: doc.image,
    mask: doc.mask,
    params: { ...settings.params, init: settings.params.init === 'keep' ? DEFAULT_PARAMS.init : settings.params.init },
    seed: settings.seedForRun(),
    chains: settings.chains,
    label: settings.presetName,
  });
}

/** A frame of a run made with another model cannot go on with this one (its levels mean other colours). */
function refuseOtherModelsFrame(frame: LevelImage): void {
  const card = useModelsStore().card;
  if (card && !fitsCard(frame, card)) throw new Error(`This run was made with another model (${levelsText(frame)}); ${card.title} needs ${levelsText(card)}. Pick a run made with ${card.title}.`);
}

/** A branch: the frame on the timeline becomes the start of a new run with the current parameters. */
export async function continueFromFrame(): Promise<void> {
  const chain = useChainStore();
  const settings = useSettingsStore();
  const run = chain.activeRun;
  const image = chain.currentImage;
  if (!run || !image) throw new Error('Pick a frame on the timeline first.');
  if (chain.isRunning) throw new Error('A chain is already running: cancel it or wait.');
  refuseOtherModelsFrame(image);
  matchDocumentToModel();
  await chain.start({
    image,
    mask: run.mask,
    params: { ...settings.params, init: 'keep' },
    seed: settings.seedForRun(),
    chains: 1,
    label: `${settings.presetName} ← run ${run.id} f${chain.currentFrame}`,
    parent: { runId: run.id, frame: chain.currentFrame },
  });
}

/** The frame on the timeline becomes the document image (one undo step; the frame buffer is shared). */
export function acceptFrame(): void {
  const chain = useChainStore();
  const run = chain.activeRun;
  const image = chain.currentImage;
  if (!run || !image) throw new Error('Pick a frame on the timeline first.');
  refuseOtherModelsFrame(image);
  useDocumentStore().accept(image, `Accept run ${run.id} frame ${chain.currentFrame}`);
  chain.showChain = false;
  useNoticesStore().push('success', `Frame ${chain.currentFrame} of run ${run.id} is now the image.`);
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
    'zoom-fit': () => view.fitRequest++,
    'zoom-100': () => (view.zoom = 1),
    'zoom-in': () => (view.zoom = Math.min(64, view.zoom * 1.25)),
    'zoom-out': () => (view.zoom = Math.max(0.25, view.zoom / 1.25)),
    'toggle-mask': () => (view.showMask = !view.showMask),
    'toggle-before-after': () => (view.showBefore = !view.showBefore),
    shortcuts: () => (view.shortcutsOpen = !view.shortcutsOpen),
  };
  attempt(table[command]);
}
