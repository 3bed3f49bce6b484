/** User commands that span stores: opening images, inpainting, branching, accepting, menu dispatch. */
import type { MenuCommand, OpenedFile } from '../../../electron/core/ipc/contract';
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
  const source = await decodeImage(bytes, type);
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

/** After a model switch, re-quantise the open picture for the new model's channels and levels. */
export async function selectModel(id: string): Promise<void> {
  const models = useModelsStore();
  await models.select(id);
  const doc = useDocumentStore();
  const source = doc.records.source;
  if (models.card && source && doc.image && (doc.image.channels !== models.card.channels || doc.image.levels !== models.card.levels)) {
    doc.convert(fitToModel(source, models.card));
  }
}

export async function inpaint(): Promise<void> {
  const doc = useDocumentStore();
  const chain = useChainStore();
  const settings = useSettingsStore();
  if (!useModelsStore().ready) throw new Error('The model is still loading.');
  if (!doc.image || !doc.mask) throw new Error('Open an image first.');
  if (doc.holeCount === 0) throw new Error('Paint a mask over the pixels to inpaint first.');
  if (chain.isRunning) throw new Error('A chain is already running: cancel it or wait.');
  useViewStore().showBefore = false;
  await chain.start({
    image: doc.image,
    mask: doc.mask,
    params: { ...settings.params, init: settings.params.init === 'keep' ? 'uniform' : settings.params.init },
    seed: settings.seedForRun(),
    chains: settings.chains,
    label: settings.presetName,
  });
}

/** A branch: the frame on the timeline becomes the start of a new run with the current parameters. */
export async function continueFromFrame(): Promise<void> {
  const chain = useChainStore();
  const settings = useSettingsStore();
  const run = chain.activeRun;
  const image = chain.currentImage;
  if (!run || !image) throw new Error('Pick a frame on the timeline first.');
  if (chain.isRunning) throw new Error('A chain is already running: cancel it or wait.');
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
