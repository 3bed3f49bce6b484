import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { OpenedFile } from '../../../electron/core/ipc/contract';
import { PROJECT_EXTENSION } from '../../../electron/core/project/format';
import { api } from '../lib/api';
import { ProjectCodec } from '../project/codec';
import { applyProject, currentProject } from '../project/snapshot';
import { useChainStore } from './chain';
import { useDocumentStore } from './document';
import { useNoticesStore } from './notices';

/** How often the open document is autosaved while it has unsaved changes: at most this much work is lost to a crash. */
export const AUTOSAVE_MS = 2000;

/** A file's name without folders. */
const baseName = (file: string) => file.split(/[\\/]/).pop() ?? file;
/** A name the save dialog can suggest: the image's name, stripped of what a file name cannot hold. */
const suggested = (name: string) => `${name.replace(/\.[^.]*$/, '').replace(/[^\w .-]/g, '-').replace(/^[^\w]+/, '') || 'Untitled'}.${PROJECT_EXTENSION}`;

/** The document as a file: where it is saved, whether it has unsaved changes, save/open, autosave and recovery. */
export const useProjectStore = defineStore('project', () => {
  const doc = useDocumentStore();
  const chain = useChainStore();
  const codec = new ProjectCodec();
  /** The project file this document was opened from or saved to; null until then. */
  const path = ref<string | null>(null);
  /** Bumped by every change of the document or its runs. */
  const revision = ref(0);
  const savedRevision = ref(0);
  /** The file this document was opened from with pieces lost: the first save over it keeps the old one aside. */
  const damaged = ref<string | null>(null);
  /** An autosave from a session that did not close cleanly, until the user restores or discards it. */
  const recovery = shallowRef<{ name: string; savedAt: string; path: string | null; bytes: Uint8Array } | null>(null);
  const busy = ref(false);
  watch([() => doc.version, () => chain.runs], () => revision.value++, { flush: 'sync' });

  const name = computed(() => (path.value ? baseName(path.value) : doc.name || 'Untitled'));
  const dirty = computed(() => doc.image !== null && revision.value !== savedRevision.value);
  const title = computed(() => `${name.value}${dirty.value ? ' *' : ''} — Gibbs Inpaint`);

  /** Writes the project where it was saved (or asks where); false when the user cancelled the dialog. */
  async function save(as = false): Promise<boolean> {
    if (!doc.image) throw new Error('Open an image first: there is nothing to save.');
    busy.value = true;
    try {
      const at = revision.value;
      const bytes = await codec.encode(currentProject());
      const saved = await api().invoke('project:save', { path: as ? null : path.value, suggestedName: suggested(name.value), bytes, backup: damaged.value });
      if (!saved) return false;
      path.value = saved.path;
      savedRevision.value = at;
      if (saved.path === damaged.value) damaged.value = null;
      await autosaves.clear();
      useNoticesStore().push('success', `Saved ${baseName(saved.path)}.`);
      return true;
    } finally {
      busy.value = false;
    }
  }

  async function openDialog(): Promise<void> {
    const file = await api().invoke('file:open', { kind: 'project' });
    if (file) await openFile(file);
  }

  /** Opens a project file; what could not be read is said in one line, and the file is not touched. */
  async function openFile(file: OpenedFile): Promise<void> {
    const { project, lost } = await codec.decode(file.bytes);
    applyProject(project);
    path.value = file.path;
    savedRevision.value = revision.value;
    damaged.value = lost.length > 0 ? file.path : null;
    await autosaves.clear();
    if (lost.length) useNoticesStore().push('error', `${file.name} was damaged; opened without ${lost.join(', ')}. Saving over it keeps the damaged file as a backup.`);
  }

  /** Main asked "save changes?" and the user chose Save: close once saved (a cancelled dialog keeps the window). */
  async function saveThenClose(): Promise<void> {
    if (await save()) await api().invoke('window:close', undefined);
  }

  // ── autosave: one write at a time, in the background, only with unsaved changes ──
  let autosaving: Promise<void> = Promise.resolve();
  let autosavedRevision = -1;
  let timer: ReturnType<typeof setInterval> | null = null;
  const autosaves = {
    serial(job: () => Promise<void>): Promise<void> {
      autosaving = autosaving.then(job, job);
      return autosaving;
    },
    async write(): Promise<void> {
      if (!dirty.value || revision.value === autosavedRevision || busy.value) return;
      const at = revision.value;
      const bytes = await codec.encode(currentProject());
      await api().invoke('autosave:write', { name: name.value, path: path.value, bytes });
      autosavedRevision = at;
    },
    clear: () =>
      autosaves.serial(async () => {
        autosavedRevision = -1;
        await api().invoke('autosave:clear', undefined);
      }),
  };

  function startAutosave(): void {
    if (timer) return;
    timer = setInterval(() => void autosaves.serial(autosaves.write).catch((e: unknown) => console.warn(`autosave failed: ${(e as Error).message}`)), AUTOSAVE_MS);
  }

  /** At start: offers the autosave a session left behind; autosaving starts once the user has answered (or there is nothing to offer). */
  async function checkRecovery(): Promise<void> {
    const found = await api().invoke('autosave:read', undefined);
    if (found) recovery.value = found;
    else startAutosave();
  }

  async function restore(): Promise<void> {
    const found = recovery.value;
    if (!found) return;
    const { project, lost } = await codec.decode(found.bytes);
    applyProject(project);
    path.value = found.path;
    savedRevision.value = -1; // restored work is unsaved until saved
    recovery.value = null;
    startAutosave();
    useNoticesStore().push(lost.length ? 'error' : 'success', lost.length ? `Restored ${found.name} without ${lost.join(', ')} (damaged).` : `Restored ${found.name} as autosaved.`);
  }

  async function discardRecovery(): Promise<void> {
    recovery.value = null;
    await autosaves.clear();
    startAutosave();
  }

  watch([dirty, name], () => void api().invoke('project:dirty', { dirty: dirty.value, name: name.value }).catch(() => undefined));

  return { path, dirty, name, title, recovery, busy, save, openDialog, openFile, saveThenClose, checkRecovery, restore, discardRecovery, flushAutosave: () => autosaves.serial(autosaves.write) };
});
