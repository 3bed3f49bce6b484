import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
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

  it('names the file asked for, not its temporary sibling, when the system refuses', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'atomic-'));
    await writeFile(path.join(dir, 'a-file'), 'x');
    const file = path.join(dir, 'a-file', 'out.png');
    await expect(writeFileAtomic(file, 'new')).rejects.toThrow(`cannot write ${file}: a part of its path is a file, not a folder`);
    const folder = path.join(dir, 'a-folder');
    await mkdir(folder);
    await expect(writeFileAtomic(folder, 'new')).rejects.toThrow(`cannot write ${folder}: it is a folder (EISDIR)`);
    expect((await readdir(dir)).sort()).toEqual(['a-file', 'a-folder']);
  });
});
