import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as v from 'valibot';
import { serialQueue } from '../../core/async/serial-queue';
import type { SettingsState } from '../../core/ipc/contract';
import { AppSettingsSchema, parseSettings, SETTINGS_FILE, SETTINGS_FORMAT, type AppSettings } from '../../core/settings/app-settings';
import { SettingsFile, type RenameFile } from './settings-file';

/**
 * The app's general settings (settings.json under user data) through the shared small-file
 * keeper: written atomically, a damaged file kept aside whole and the defaults used, said in one
 * line with what was wrong. A file that cannot be read (a FIFO, a folder) is never written over.
 */
export class AppSettingsFile {
  private readonly queued = serialQueue();
  private readonly store: SettingsFile<AppSettings | null>;
  /** Why the file is not ours to write over, once a load found so. */
  private refused: string | null = null;

  constructor(dir: string, renameFile?: RenameFile) {
    this.store = new SettingsFile(path.join(dir, SETTINGS_FILE), AppSettingsSchema as v.GenericSchema<unknown, AppSettings | null>, null, renameFile);
  }

  load(): Promise<SettingsState> {
    return this.queued(async () => {
      try {
        const { value, keptAside } = await this.store.read();
        if (!keptAside) return { settings: value, problem: null };
        return { settings: null, problem: `Your settings file was damaged (${await damageIn(keptAside)}); it was kept as ${keptAside} and the defaults are used.` };
      } catch (error) {
        this.refused = (error as Error).message;
        return { settings: null, problem: `Your settings file ${this.refused}; the defaults are used and settings are not saved until it is fixed.` };
      }
    });
  }

  save(settings: AppSettings): Promise<void> {
    return this.queued(async () => {
      if (this.refused) throw new Error(`settings are not saved: the settings file ${this.refused}`);
      await this.store.write({ ...settings, format: SETTINGS_FORMAT });
    });
  }
}

/** What was wrong with the file now kept aside, for the user's one line. */
async function damageIn(backup: string): Promise<string> {
  const parsed = parseSettings(await readFile(backup, 'utf8').catch(() => ''));
  return parsed.ok ? 'unreadable' : parsed.why;
}
