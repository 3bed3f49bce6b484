import { mkdtemp, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { writeFilesAtomic } from './atomic-write';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, rename: vi.fn(actual.rename) };
});

describe('writeFilesAtomic when a rename fails (the commit point)', () => {
  it('says which files were already replaced, keeps the rest and leaves no temporary', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'commit-'));
    const [a, b, c] = ['a.png', 'b.png', 'c.png'].map((name) => path.join(dir, name)) as [string, string, string];
    for (const file of [a, b, c]) await writeFile(file, 'old');
    const real = vi.mocked(rename).getMockImplementation()!;
    vi.mocked(rename)
      .mockImplementationOnce(real)
      .mockImplementationOnce(() => Promise.reject(Object.assign(new Error('EIO: i/o error'), { code: 'EIO', syscall: 'rename' })));
    await expect(writeFilesAtomic([a, b, c].map((file) => ({ file, data: 'new' })))).rejects.toThrow(
      `cannot write ${b}: the system refused (EIO); already replaced: ${a}`,
    );
    expect(await Promise.all([a, b, c].map((f) => readFile(f, 'utf8')))).toEqual(['new', 'old', 'old']);
    expect((await readdir(dir)).sort()).toEqual(['a.png', 'b.png', 'c.png']);
  });
});
