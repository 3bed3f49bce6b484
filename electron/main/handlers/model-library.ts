/**
 * Every model the app can use, from three places: the bundled models (read-only: resources/models,
 * or $GIBBS_MODELS), the user's models (user data/models: where training puts its results, which
 * can be renamed and deleted), and folders the user added from anywhere ("Add model folder…",
 * remembered in user data/model-folders.json; removing one forgets it and leaves the folder).
 * A folder that does not load is listed with the loader's reason, never dropped. Changes run one
 * at a time; the list file is written atomically, and a damaged one is kept aside whole.
 */
import { lstat, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { serialQueue } from '../../core/async/serial-queue';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import type { ModelSource } from '../../core/ipc/contract';
import type { ModelCard } from '../../core/model/card';
import { CARD_FILE, loadModelFolder } from '../../core/model/load';
import { listModelIds } from '../../core/model/resolve';
import { SettingsFile, type RenameFile } from './settings-file';

export type { ModelSource };

export interface LibraryModel {
  id: string;
  dir: string;
  source: ModelSource;
  card: ModelCard;
}

export interface LibraryBroken {
  id: string;
  dir: string;
  source: ModelSource;
  problem: string;
}

export interface LibraryList {
  models: LibraryModel[];
  broken: LibraryBroken[];
  /** What is wrong with the added-folders file, if anything: kept aside (once damaged), or unreadable (its folders are then not listed). */
  problem: string | null;
}

export interface LibraryRoots {
  bundled: string;
  user: string;
  /** The JSON file of added folders. */
  addedList: string;
}

export const ADDED_LIST_FILE = 'model-folders.json';
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_ADDED = 500;

const AddedListSchema = v.looseObject({
  folders: v.pipe(
    v.array(v.pipe(v.string(), v.check((f) => path.isAbsolute(f)))),
    v.maxLength(MAX_ADDED),
  ),
});
type AddedList = v.InferOutput<typeof AddedListSchema>;

type AddedFile = { ok: true; folders: string[] } | { ok: false; why: string };

export class ModelLibrary {
  private readonly queued = serialQueue();
  private readonly addedFile: SettingsFile<AddedList>;
  /** Where a damaged list of added folders was kept aside this session: told on every list. */
  private keptAside: string | null = null;

  constructor(
    readonly roots: LibraryRoots,
    renameFile?: RenameFile,
  ) {
    this.addedFile = new SettingsFile(roots.addedList, AddedListSchema, { folders: [] }, renameFile);
  }

  list(): Promise<LibraryList> {
    return this.queued(async () => {
      const out: LibraryList = { models: [], broken: [], problem: null };
      const added = await this.readAdded();
      if (!added.ok) out.problem = `The list of added model folders ${added.why}; it was left as it is, and its folders are not listed.`;
      else if (this.keptAside) out.problem = `The list of added model folders was damaged; it was kept whole as ${this.keptAside}, and the list started again empty.`;
      const dirs: [string, ModelSource][] = [
        ...(await listModelIds(this.roots.bundled)).map((id): [string, ModelSource] => [path.join(this.roots.bundled, id), 'bundled']),
        ...(await subfolders(this.roots.user)).map((dir): [string, ModelSource] => [dir, 'user']),
        ...(added.ok ? added.folders : []).map((dir): [string, ModelSource] => [dir, 'added']),
      ];
      for (const [dir, source] of dirs) {
        const id = path.basename(dir);
        try {
          out.models.push({ id, dir, source, card: (await loadModelFolder(dir)).card });
        } catch (error) {
          out.broken.push({ id, dir, source, problem: (error as Error).message });
        }
      }
      return out;
    });
  }

  /** Remembers a model folder from anywhere; refused (with the loader's reason) if it does not load. */
  add(folder: string): Promise<LibraryModel> {
    return this.queued(async () => {
      const dir = path.resolve(folder);
      if (this.sourceOf(dir) !== 'added') throw new Error(`${dir} is already in the library (${this.sourceOf(dir)} models)`);
      const added = await this.readAdded();
      if (!added.ok) throw new Error(`cannot add ${dir}: the list of added model folders ${added.why}`);
      if (added.folders.includes(dir)) throw new Error(`${dir} was added already`);
      if (added.folders.length >= MAX_ADDED) throw new Error(`cannot add ${dir}: ${MAX_ADDED} added folders is the most the app keeps`);
      const { card } = await loadModelFolder(dir);
      await this.writeAdded([...added.folders, dir]);
      return { id: path.basename(dir), dir, source: 'added', card };
    });
  }

  /** Renames one of the user's models: its folder and its card's id (they must agree). */
  rename(dir: string, newId: string): Promise<{ id: string; dir: string }> {
    return this.queued(async () => {
      const from = await this.userModelDir(dir, 'renamed');
      if (!MODEL_ID.test(newId) || newId.length > 120) throw new Error(`"${newId}" cannot name a model: use letters, digits, ".", "_" or "-", starting with a letter or digit`);
      const to = path.join(this.roots.user, newId);
      if (to === from) return { id: newId, dir: to };
      if (await lstat(to).catch(() => null)) throw new Error(`a model named "${newId}" exists already`);
      const card = await readCardObject(from);
      await rename(from, to);
      try {
        await writeFileAtomic(path.join(to, CARD_FILE), `${JSON.stringify({ ...card, id: newId }, null, 2)}\n`);
      } catch (error) {
        await rename(to, from).catch(() => undefined);
        throw error;
      }
      return { id: newId, dir: to };
    });
  }

  /** Deletes one of the user's models (the caller has asked the user), or forgets an added folder (which stays on disk). */
  remove(dir: string): Promise<'deleted' | 'forgotten'> {
    return this.queued(async () => {
      const resolved = path.resolve(dir);
      if (this.sourceOf(resolved) === 'added') {
        const added = await this.readAdded();
        if (!added.ok) throw new Error(`cannot remove ${resolved}: the list of added model folders ${added.why}`);
        if (!added.folders.includes(resolved)) throw new Error(`${resolved} is not in the library`);
        await this.writeAdded(added.folders.filter((f) => f !== resolved));
        return 'forgotten';
      }
      const target = await this.userModelDir(resolved, 'deleted');
      await rm(target, { recursive: true });
      return 'deleted';
    });
  }

  /** Whether `dir` is a model folder the library lists (a bundled one, one of the user's, or an added one), loading or not. */
  has(dir: string): Promise<boolean> {
    return this.queued(async () => {
      const resolved = path.resolve(dir);
      const source = this.sourceOf(resolved);
      if (source === 'added') {
        const added = await this.readAdded();
        return added.ok && added.folders.includes(resolved);
      }
      if (source === 'bundled') return path.dirname(resolved) === path.resolve(this.roots.bundled) && (await listModelIds(this.roots.bundled)).includes(path.basename(resolved));
      return (await subfolders(this.roots.user)).includes(resolved);
    });
  }

  /** A new folder under the user's models for a training result named `title`: a free id made from it. */
  newModelDir(title: string): Promise<string> {
    return this.queued(async () => {
      const stem = title.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+|-+$/g, '').slice(0, 60) || 'model';
      const taken = new Set([...(await listModelIds(this.roots.bundled)), ...(await subfolders(this.roots.user)).map((d) => path.basename(d))]);
      let id = stem;
      for (let n = 2; taken.has(id); n++) id = `${stem}-${n}`;
      return path.join(this.roots.user, id);
    });
  }

  private sourceOf(dir: string): ModelSource {
    if (isInside(dir, this.roots.bundled)) return 'bundled';
    return isInside(dir, this.roots.user) ? 'user' : 'added';
  }

  /** `dir` as one of the user's models (a folder directly in the user root), or why it is not one. */
  private async userModelDir(dir: string, what: string): Promise<string> {
    const resolved = path.resolve(dir);
    const source = this.sourceOf(resolved);
    if (source === 'bundled') throw new Error(`bundled models are read-only: ${path.basename(resolved)} cannot be ${what}`);
    if (source === 'added') throw new Error(`${resolved} is a folder you added; it is ${what} where it lives, not by the app`);
    if (path.dirname(resolved) !== path.resolve(this.roots.user)) throw new Error(`${resolved} is not a model folder of yours`);
    const info = await lstat(resolved).catch(() => null);
    if (!info?.isDirectory()) throw new Error(`${resolved} is not a model folder (no such directory)`);
    return resolved;
  }

  private async readAdded(): Promise<AddedFile> {
    try {
      const { value, keptAside } = await this.addedFile.read();
      this.keptAside = keptAside ?? this.keptAside;
      return { ok: true, folders: value.folders };
    } catch (error) {
      return { ok: false, why: `cannot be used: ${(error as Error).message}` };
    }
  }

  private async writeAdded(folders: string[]): Promise<void> {
    await this.addedFile.write({ format: 1, folders });
  }
}

function isInside(dir: string, root: string): boolean {
  const rel = path.relative(path.resolve(root), dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The folders directly in `root` (none if it does not exist), hidden ones left out. */
async function subfolders(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => path.join(root, e.name))
    .sort();
}

async function readCardObject(dir: string): Promise<Record<string, unknown>> {
  const file = path.join(dir, CARD_FILE);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot rename: ${file} cannot be read (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`cannot rename: ${file} must hold a JSON object`);
  return json as Record<string, unknown>;
}
