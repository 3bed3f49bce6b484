import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write';

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temporary file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'atomic-'));
    const file = path.join(dir, 'presets.json');
    await writeFile(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['presets.json']);
  });

  it('keeps the old file when the write fails', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'atomic-'));
    const file = path.join(dir, 'out.png');
    await writeFile(file, 'old');
    const unwritable = { toString: () => { throw new Error('boom'); } } as unknown as string;
    await expect(writeFileAtomic(file, unwritable)).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['out.png']);
  });
});
