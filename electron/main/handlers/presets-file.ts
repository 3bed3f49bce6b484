import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import type { PresetsSaved, PresetsState } from '../../core/ipc/contract';
import { PresetListSchema, PresetSchema } from '../../core/ipc/schemas';
import type { Preset } from '../../core/sampler/presets';

export const PRESETS_FILE = 'presets.json';
const FileSchema = v.strictObject({ format: v.literal(1), presets: PresetListSchema });

/**
 * The user's presets in one JSON file under user data. Saves are atomic. A damaged file is never
 * overwritten: it is renamed aside as a backup and reported, and the entries in it that are still
 * valid presets are written back and kept; if it cannot be moved, saving stays
 * refused so the user's data is not lost behind their back. Every save checks the file on disk
 * first, since it may have been damaged (or fixed) since it was loaded, or never loaded here.
 */
export class PresetsFile {
  private blockedBy: string | null = null;
  /** Saves run one after another, so the last one asked for is the one on disk. */
  private saving: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string) {}

  get file(): string {
    return path.join(this.dir, PRESETS_FILE);
  }

  async load(): Promise<PresetsState> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return this.block(`cannot be read (${(error as Error).message})`);
      this.blockedBy = null;
      return { presets: [], problem: null };
    }
    const why = damage(text);
    if (why !== null) return this.moveAside(why, readablePresets(text));
    this.blockedBy = null; // a clean file: whatever blocked saving earlier is gone
    return { presets: v.parse(FileSchema, JSON.parse(text)).presets, problem: null };
  }

  /**
   * Writes the presets, after making sure no damaged file on disk is lost: `load` moves it aside
   * first, and the result says so (`problem`) for the user to see.
   */
  save(presets: readonly Preset[]): Promise<PresetsSaved> {
    const run = this.saving.then(() => this.saveNow(presets));
    this.saving = run.catch(() => undefined);
    return run;
  }

  private async saveNow(presets: readonly Preset[]): Promise<PresetsSaved> {
    const onDisk = await this.load();
    if (this.blockedBy) throw new Error(`presets are not saved: ${this.blockedBy}`);
    await writeFileAtomic(this.file, presetsFileText(presets));
    return { problem: onDisk.problem };
  }

  /** Renames the damaged file to a backup, then writes back the presets that could still be read. */
  private async moveAside(why: string, readable: Preset[]): Promise<PresetsState> {
    this.blockedBy = null;
    const backup = `${this.file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
    try {
      await rename(this.file, backup);
    } catch (error) {
      return this.block(`${why}, and it could not be kept aside (${(error as Error).message})`);
    }
    const problem = `Your presets file was damaged (${why}). It was kept as ${backup}`;
    if (readable.length === 0) return { presets: [], problem: `${problem}; saved presets start empty.` };
    await writeFileAtomic(this.file, presetsFileText(readable));
    return { presets: readable, problem: `${problem}; the ${readable.length} presets in it that could be read are kept.` };
  }

  private block(why: string): PresetsState {
    this.blockedBy = `${this.file} ${why}`;
    return { presets: [], problem: `Your presets file ${why}. It was left untouched and new presets will not be saved until it is fixed.` };
  }
}

const presetsFileText = (presets: readonly Preset[]): string => `${JSON.stringify({ format: 1, presets }, null, 2)}\n`;

/** The entries of a format-1 file that are valid presets on their own, when the file as a whole is not. */
function readablePresets(text: string): Preset[] {
  try {
    const json = JSON.parse(text) as { format?: unknown; presets?: unknown } | null;
    if (json?.format !== 1 || !Array.isArray(json.presets)) return [];
    return json.presets.filter((p): p is Preset => v.is(PresetSchema, p));
  } catch {
    return [];
  }
}

/** Null when the text is a valid presets file, else why not. */
function damage(text: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `not valid JSON: ${(error as Error).message}`;
  }
  const result = v.safeParse(FileSchema, json);
  if (result.success) return null;
  const issue = result.issues[0];
  return `${issue.path?.map((p) => String(p.key)).join('.') || 'file'}: ${issue.message}`;
}
