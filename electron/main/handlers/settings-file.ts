import { randomBytes } from 'node:crypto';
import { readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { serialQueue } from '../../core/async/serial-queue';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import type { SettingsState } from '../../core/ipc/contract';
import { parseSettings, SETTINGS_FILE, SETTINGS_FORMAT, type AppSettings } from '../../core/settings/app-settings';

/**
 * The app's general settings in one small JSON file under user data, written atomically. A file
 * that does not parse or breaks a rule is renamed aside, whole, and the defaults are used with one
 * line saying so; a file that is not a regular one (a FIFO, a folder) is neither read nor written.
 */
export class SettingsFile {
  private readonly queued = serialQueue();
  /** Set when the file is not ours to write over: saving is then refused with this reason. */
  private refused: string | null = null;

  constructor(readonly dir: string) {}

  get file(): string {
    return path.join(this.dir, SETTINGS_FILE);
  }

  load(): Promise<SettingsState> {
    return this.queued(async () => {
      let text: string;
      try {
        if (!(await stat(this.file)).isFile()) return this.refuse('is not a regular file');
        text = await readFile(this.file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { settings: null, problem: null };
        return this.refuse(`cannot be read (${(error as Error).message})`);
      }
      const parsed = parseSettings(text);
      if (parsed.ok) return { settings: parsed.settings, problem: null };
      const backup = `${this.file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.bak`;
      try {
        await rename(this.file, backup);
      } catch (error) {
        return this.refuse(`was damaged (${parsed.why}) and could not be kept aside (${(error as Error).message})`);
      }
      return { settings: null, problem: `Your settings file was damaged (${parsed.why}); it was kept as ${backup} and the defaults are used.` };
    });
  }

  save(settings: AppSettings): Promise<void> {
    return this.queued(async () => {
      if (this.refused) throw new Error(`settings are not saved: ${this.file} ${this.refused}`);
      await writeFileAtomic(this.file, `${JSON.stringify({ ...settings, format: SETTINGS_FORMAT }, null, 2)}\n`);
    });
  }

  private refuse(why: string): SettingsState {
    this.refused = why;
    return { settings: null, problem: `Your settings file ${why}; the defaults are used and settings are not saved until it is fixed.` };
  }
}
