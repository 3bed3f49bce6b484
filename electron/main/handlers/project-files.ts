import { copyFile, constants, lstat, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { serialQueue } from '../../core/async/serial-queue';
import { writeFileAtomic, writeFilesAtomic } from '../../core/fs/atomic-write';
import type { Autosaved } from '../../core/ipc/contract';
import { PROJECT_EXTENSION } from '../../core/project/format';
import type { Dialogs } from './ports';

/**
 * Project files and the autosave, main's half: the renderer encodes, main writes atomically and
 * only where the user pointed (a save dialog, or a project they opened), never over a special file.
 */
export class ProjectFiles {
  /** Projects the user opened or saved: the only paths a save without a dialog may write. */
  private readonly known = new Set<string>();
  private readonly autosaveDir: string;
  /** Autosave writes and clears in order: a clear never lands before a write that started earlier. */
  private readonly autosaveQueue = serialQueue();

  constructor(userData: string, private readonly dialogs: Dialogs) {
    this.autosaveDir = path.join(userData, 'autosave');
  }

  /** The user opened this project (dialog, recent list, the OS): saving back to it is allowed. */
  opened(file: string): void {
    this.known.add(path.resolve(file));
  }

  async save({ path: asked, suggestedName, bytes, backup }: { path: string | null; suggestedName: string; bytes: Uint8Array; backup: string | null }): Promise<{ path: string } | null> {
    if (asked !== null && !this.known.has(path.resolve(asked))) throw new Error(`${asked} was not opened or saved here; use Save As`);
    const picked = asked ?? (await this.dialogs.saveFile('project', suggestedName));
    if (!picked) return null;
    const file = path.resolve(picked.endsWith(`.${PROJECT_EXTENSION}`) ? picked : `${picked}.${PROJECT_EXTENSION}`);
    if (backup !== null && path.resolve(backup) === file) await keepAside(file); // Save As elsewhere leaves the damaged file as it is
    await writeFileAtomic(file, bytes);
    this.known.add(file);
    return { path: file };
  }

  writeAutosave(name: string, project: string | null, bytes: Uint8Array): Promise<void> {
    const about = JSON.stringify({ name, path: project, savedAt: new Date().toISOString() });
    return this.autosaveQueue(() =>
      writeFilesAtomic([
        { file: this.autosaveFile, data: bytes },
        { file: this.autosaveInfo, data: about },
      ]),
    );
  }

  /** The autosave left by a session that did not close cleanly; null if none (or it cannot be read: then it is kept, not read again). */
  async readAutosave(): Promise<Autosaved | null> {
    try {
      const about = JSON.parse(await readFile(this.autosaveInfo, 'utf8')) as Partial<Autosaved>;
      const bytes = new Uint8Array(await readFile(this.autosaveFile));
      const project = typeof about.path === 'string' ? about.path : null;
      if (project) this.known.add(path.resolve(project));
      return { name: typeof about.name === 'string' ? about.name : 'Untitled', path: project, savedAt: typeof about.savedAt === 'string' ? about.savedAt : '', bytes };
    } catch {
      return null;
    }
  }

  clearAutosave(): Promise<void> {
    return this.autosaveQueue(async () => {
      await rm(this.autosaveInfo, { force: true });
      await rm(this.autosaveFile, { force: true });
    });
  }

  private get autosaveFile(): string {
    return path.join(this.autosaveDir, `document.${PROJECT_EXTENSION}`);
  }

  private get autosaveInfo(): string {
    return path.join(this.autosaveDir, 'autosave.json');
  }
}

/** Copies a file about to be replaced to `<name>.damaged-<time>.gibbs` beside it (never over another file). */
async function keepAside(file: string): Promise<string | null> {
  const info = await lstat(file).catch(() => null);
  if (!info?.isFile()) return null;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const backup = path.join(path.dirname(file), `${path.basename(file, `.${PROJECT_EXTENSION}`)}.damaged-${stamp}.${PROJECT_EXTENSION}`);
  await copyFile(file, backup, constants.COPYFILE_EXCL);
  return backup;
}
