import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../../core/fs/atomic-write';

const MAX_RECENT = 10;

/** The most recently opened image paths, newest first, kept in user data (a lost list is only a nuisance). */
export class RecentFiles {
  private paths: string[] | null = null;

  constructor(private readonly file: string) {}

  async list(): Promise<string[]> {
    if (this.paths) return this.paths;
    try {
      const json: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      this.paths = Array.isArray(json) ? json.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT) : [];
    } catch {
      this.paths = [];
    }
    return this.paths;
  }

  async forget(file: string): Promise<string[]> {
    const full = path.resolve(file);
    const paths = await this.list();
    if (!paths.includes(full)) return paths;
    this.paths = paths.filter((p) => p !== full);
    await writeFileAtomic(this.file, JSON.stringify(this.paths));
    return this.paths;
  }

  async add(file: string): Promise<string[]> {
    const full = path.resolve(file);
    this.paths = [full, ...(await this.list()).filter((p) => p !== full)].slice(0, MAX_RECENT);
    await writeFileAtomic(this.file, JSON.stringify(this.paths));
    return this.paths;
  }
}
