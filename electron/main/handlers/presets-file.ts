import { randomBytes } from 'node:crypto';
import { readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { serialQueue } from '../../core/async/serial-queue';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import type { PresetChange, PresetsState } from '../../core/ipc/contract';
import { knownPresetFields, MAX_USER_PRESETS, StoredPresetSchema, type StoredPreset } from '../../core/ipc/schemas';
import { PRESET_KEYS, type Preset } from '../../core/sampler/presets';

export const PRESETS_FILE = 'presets.json';

/** The file's top level beside `format` and `presets`, kept for the same reason. */
type TopLevel = Record<string, unknown>;

/** The file system calls that move a file aside; tests pass a failing one (chmod does nothing as root). */
export interface PresetsFs {
  rename(from: string, to: string): Promise<void>;
}

/** What was on disk, once made safe to write over: the presets to keep and what to tell the user. */
type OnDisk = { ok: true; top: TopLevel; entries: StoredPreset[]; problem: string | null } | { ok: false; why: string };

/**
 * The user's presets in one JSON file under user data. Loads and changes run one at a time, in
 * call order, and each reads the file as it is now: a change (add, rename, delete by id) is
 * applied to the file's current content, never to a list loaded earlier, so a file that was
 * unreadable at start and readable later loses nothing. Writes are atomic. A damaged file, or
 * one longer than MAX_USER_PRESETS, is first renamed aside as a backup, whole, and what can be
 * kept is written back; if it cannot be moved aside, nothing is written and changes are refused.
 */
export class PresetsFile {
  private readonly queued = serialQueue();

  constructor(
    readonly dir: string,
    private readonly fs: PresetsFs = { rename },
  ) {}

  get file(): string {
    return path.join(this.dir, PRESETS_FILE);
  }

  load(): Promise<PresetsState> {
    return this.queued(async () => {
      const disk = await this.readSafely();
      if (!disk.ok) {
        return { presets: [], problem: `Your presets file ${disk.why}. It was left untouched; changes to presets are not saved until it is fixed.` };
      }
      return { presets: disk.entries.map(knownPresetFields), problem: disk.problem };
    });
  }

  /** Applies `change` to the file's current content and writes it; rejects, writing nothing, where that is not safe. */
  change(change: PresetChange): Promise<PresetsState> {
    return this.queued(async () => {
      const disk = await this.readSafely();
      if (!disk.ok) throw new Error(`presets are not saved: ${this.file} ${disk.why}`);
      const entries = applyChange(disk.entries, change);
      await writeFileAtomic(this.file, fileText(disk.top, entries));
      return { presets: entries.map(knownPresetFields), problem: disk.problem };
    });
  }


  /** Reads the file; a damaged or too long one is moved aside and what can be kept written back. */
  private async readSafely(): Promise<OnDisk> {
    let text: string;
    try {
      // a FIFO or device in the file's place would block the read forever: refuse it unread
      if (!(await stat(this.file)).isFile()) return { ok: false, why: 'cannot be read (it is not a regular file)' };
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, top: {}, entries: [], problem: null };
      return { ok: false, why: `cannot be read (${(error as Error).message})` };
    }
    const content = parseContent(text);
    const total = content.entries.length;
    if (content.damage === null && total <= MAX_USER_PRESETS) {
      return { ok: true, top: content.top, entries: content.entries, problem: unknownFieldsNote(content) };
    }
    const damaged = content.damage !== null;
    const fault = damaged ? `was damaged (${content.damage})` : `held ${total} presets, more than the ${MAX_USER_PRESETS} the app keeps`;
    const backup = await this.moveAside(damaged ? 'damaged' : 'too-many');
    if (backup instanceof Error) return { ok: false, why: `${fault}, and it could not be kept aside (${backup.message})` };
    const entries = content.entries.slice(0, MAX_USER_PRESETS);
    if (entries.length > 0) await writeFileAtomic(this.file, fileText(content.top, entries));
    return { ok: true, top: content.top, entries, problem: `Your presets file ${fault}. It was kept whole as ${backup}; ${keptText(damaged, total)}.` };
  }

  /** Renames the file to a new backup beside it; the backup's path, or why it could not. */
  private async moveAside(kind: string): Promise<string | Error> {
    const stamp = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
    const backup = `${this.file}.${kind}-${stamp}.bak`;
    try {
      await this.fs.rename(this.file, backup);
      return backup;
    } catch (error) {
      return error as Error;
    }
  }
}

function keptText(damaged: boolean, total: number): string {
  const kept = Math.min(total, MAX_USER_PRESETS);
  if (!damaged) return `the first ${kept} presets are kept`;
  if (total === 0) return 'saved presets start empty';
  if (total > kept) return `the first ${kept} of the ${total} presets in it that could be read are kept`;
  return `the ${total} presets in it that could be read are kept`;
}

function applyChange(entries: readonly StoredPreset[], change: PresetChange): StoredPreset[] {
  switch (change.op) {
    case 'add': {
      const clash = takenId(entries, change.presets);
      if (clash !== undefined) throw new Error(`presets are not saved: a preset with id ${clash} already exists`);
      if (entries.length + change.presets.length > MAX_USER_PRESETS) {
        throw new Error(`presets are not saved: ${entries.length} saved and ${change.presets.length} more would pass the ${MAX_USER_PRESETS} the app keeps; delete some first`);
      }
      return [...entries, ...change.presets.map((p) => ({ ...p }))];
    }
    case 'rename':
      if (!entries.some((e) => e.id === change.id)) throw new Error(`presets are not saved: no saved preset has id ${change.id}`);
      return entries.map((e) => (e.id === change.id ? { ...e, name: change.name } : e));
    case 'delete':
      return entries.filter((e) => e.id !== change.id);
  }
}

/** The first new id already saved or repeated among the new ones (ids already repeated in the file are left be). */
function takenId(entries: readonly StoredPreset[], added: readonly Preset[]): string | undefined {
  const taken = new Set(entries.map((e) => e.id));
  for (const { id } of added) {
    if (taken.has(id)) return id;
    taken.add(id);
  }
  return undefined;
}

const fileText = (top: TopLevel, presets: readonly StoredPreset[]): string =>
  `${JSON.stringify({ format: 1, ...top, presets }, null, 2)}\n`;

interface Content {
  top: TopLevel;
  /** The entries that are presets (with any unknown fields); all of them when `damage` is null. */
  entries: StoredPreset[];
  /** Null when the whole file is a valid presets file, else the first fault. */
  damage: string | null;
}

function parseContent(text: string): Content {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { top: {}, entries: [], damage: `not valid JSON: ${(error as Error).message}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { top: {}, entries: [], damage: 'file: not a JSON object' };
  const { format, presets, ...top } = json as Record<string, unknown>;
  if (format !== 1) return { top: {}, entries: [], damage: `format: ${JSON.stringify(format) ?? 'missing'}, this version reads format 1` };
  if (!Array.isArray(presets)) return { top: {}, entries: [], damage: 'presets: not a list' };
  const entries: StoredPreset[] = [];
  let damage: string | null = null;
  presets.forEach((entry: unknown, i) => {
    const result = v.safeParse(StoredPresetSchema, entry);
    if (result.success) entries.push(result.output);
    else damage ??= `presets.${i}${issuePath(result.issues[0])}: ${result.issues[0].message}`;
  });
  return { top, entries, damage };
}

const issuePath = (issue: v.BaseIssue<unknown>): string => (issue.path ?? []).map((p) => `.${String(p.key)}`).join('');

const KNOWN_ENTRY = new Set(['id', 'name', 'params']);
const KNOWN_PARAMS = new Set<string>(PRESET_KEYS);

/** Says which fields a newer version wrote, which are kept as they are; null when there are none. */
function unknownFieldsNote({ top, entries }: Content): string | null {
  const unknown = [
    ...Object.keys(top),
    ...entries.flatMap((e, i) => [
      ...Object.keys(e).filter((k) => !KNOWN_ENTRY.has(k)).map((k) => `presets.${i}.${k}`),
      ...Object.keys(e.params).filter((k) => !KNOWN_PARAMS.has(k)).map((k) => `presets.${i}.params.${k}`),
    ]),
  ];
  if (unknown.length === 0) return null;
  const named = unknown.slice(0, 3).join(', ') + (unknown.length > 3 ? ` and ${unknown.length - 3} more` : '');
  return `Your presets file has fields this version does not use (${named}); they are kept in the file as they are.`;
}
