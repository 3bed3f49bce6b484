import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import type { PresetsSaved, PresetsState } from '../../core/ipc/contract';
import { PresetListSchema } from '../../core/ipc/schemas';
import type { Preset } from '../../core/sampler/presets';

export const PRESETS_FILE = 'presets.json';
const FileSchema = v.strictObject({ format: v.literal(1), presets: PresetListSchema });

/**
 * The user's presets in one JSON file under user data. Saves are atomic. A damaged file is never
 * overwritten: it is renamed aside as a backup and reported; if it cannot be moved, saving stays
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
    if (why !== null) return this.moveAside(why);
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
    await writeFileAtomic(this.file, `${JSON.stringify({ format: 1, presets }, null, 2)}\n`);
    return { problem: onDisk.problem };
  }

  private async moveAside(why: string): Promise<PresetsState> {
    this.blockedBy = null;
    const backup = `${this.file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}.bak`;
    try {
      await rename(this.file, backup);
    } catch (error) {
      return this.block(`${why}, and it could not be kept aside (${(error as Error).message})`);
    }
    return { presets: [], problem: `Your presets file was damaged (${why}). It was kept as ${backup}; saved presets start empty.` };
  }

  private block(why: string): PresetsState {
    this.blockedBy = `${this.file} ${why}`;
    return { presets: [], problem: `Your presets file ${why}. It was left untouched and new presets will not be saved until it is fixed.` };
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
