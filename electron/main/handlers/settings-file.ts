import { randomBytes } from 'node:crypto';
import { readFile, rename, stat } from 'node:fs/promises';
import * as v from 'valibot';
import { writeFileAtomic } from '../../core/fs/atomic-write';

/** The rename that keeps a damaged file aside; tests pass a failing one (chmod does nothing as root). */
export type RenameFile = (from: string, to: string) => Promise<void>;

export interface SettingsRead<T> {
  value: T;
  /** Where a damaged file was kept, whole, before `value` fell back to the empty one; null if it was fine. */
  keptAside: string | null;
}

/**
 * One small JSON file of the user's under user data (the added model folders, the training
 * Python), checked against its schema and written atomically. A damaged file is renamed aside
 * whole, never written over, and the read says where it went; a file that cannot be read (or a
 * damaged one that cannot be moved) makes the read throw, so nothing is written over it.
 */
export class SettingsFile<T> {
  constructor(
    readonly file: string,
    private readonly schema: v.GenericSchema<unknown, T>,
    private readonly empty: T,
    private readonly renameFile: RenameFile = rename,
  ) {}

  async read(): Promise<SettingsRead<T>> {
    let text: string;
    try {
      // a FIFO or device in the file's place would block the read forever: refuse it unread
      if (!(await stat(this.file)).isFile()) throw new Error('it is not a regular file');
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { value: this.empty, keptAside: null };
      throw new Error(`${this.file} cannot be read (${(error as Error).message})`);
    }
    const parsed = parse(text, this.schema);
    if (parsed.success) return { value: parsed.output, keptAside: null };
    const backup = `${this.file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.bak`;
    await this.renameFile(this.file, backup).catch((error: Error) => {
      throw new Error(`${this.file} is damaged and could not be kept aside (${error.message})`);
    });
    return { value: this.empty, keptAside: backup };
  }

  write(value: T): Promise<void> {
    return writeFileAtomic(this.file, `${JSON.stringify(value, null, 2)}\n`);
  }
}

function parse<T>(text: string, schema: v.GenericSchema<unknown, T>): { success: true; output: T } | { success: false } {
  try {
    return v.safeParse(schema, JSON.parse(text));
  } catch {
    return { success: false };
  }
}
