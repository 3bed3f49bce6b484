import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTemporaries, writeFileAtomic, writeFilesAtomic } from './atomic-write';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'atomic-'));
});

const at = (...parts: string[]): string => path.join(dir, ...parts);

/** Every name under `dir`, folders with a trailing slash: what a failed write must leave as it was. */
async function tree(root = dir): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.map((e) => path.relative(dir, path.join(e.parentPath, e.name)) + (e.isDirectory() ? '/' : '')).sort();
}

/** A FIFO, a socket and (where this user may make one) a device node: none may ever become a file. */
async function specialFiles(): Promise<{ name: string; file: string; close: () => void }[]> {
  const fifo = at('fifo');
  execFileSync('mkfifo', [fifo]);
  const socket = at('socket');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  const found = [
    { name: 'a FIFO', file: fifo, close: () => undefined },
    { name: 'a socket', file: socket, close: () => server.close() },
  ];
  const device = at('null-device');
  if (spawnSync('mknod', [device, 'c', '1', '3']).status === 0) found.push({ name: 'a device', file: device, close: () => undefined });
  return found;
}

/** A pid no process holds: one that just ended. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temporary file', async () => {
    const file = at('presets.json');
    await writeFile(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['presets.json']);
  });

  it('keeps the old file when the write fails', async () => {
    const file = at('out.png');
    await writeFile(file, 'old');
    const unwritable = { toString: () => { throw new Error('boom'); } } as unknown as string;
    await expect(writeFileAtomic(file, unwritable)).rejects.toThrow(`cannot write ${file}: `);
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['out.png']);
  });

  it('names the file asked for, not its temporary sibling, when it cannot be written', async () => {
    await writeFile(at('a-file'), 'x');
    const file = at('a-file', 'out.png');
    await expect(writeFileAtomic(file, 'new')).rejects.toThrow(`cannot write ${file}: ${at('a-file')} is a file, not a folder`);
    await mkdir(at('a-folder'));
    await expect(writeFileAtomic(at('a-folder'), 'new')).rejects.toThrow(`cannot write ${at('a-folder')}: it is a folder`);
    expect(await tree()).toEqual(['a-file', 'a-folder/']);
  });

  it('never renames over a FIFO, a socket or a device: it refuses them and they stay what they were', async () => {
    const specials = await specialFiles();
    try {
      for (const { file } of specials) {
        const before = await lstat(file);
        await expect(writeFileAtomic(file, 'new')).rejects.toThrow(new RegExp(`^cannot write ${file}: it is a (named pipe \\(FIFO\\)|socket|device), not a regular file$`));
        const after = await lstat(file);
        expect([after.ino, after.mode]).toEqual([before.ino, before.mode]);
      }
      expect(await tree()).toEqual(specials.map((s) => path.basename(s.file)).sort());
    } finally {
      specials.forEach((s) => s.close());
    }
  });

  it('writes through a link to a file: the target gets the content and keeps its mode, the link stays', async () => {
    await mkdir(at('real'));
    await writeFile(at('real', 'out.png'), 'old');
    await chmod(at('real', 'out.png'), 0o640);
    await symlink(at('real', 'out.png'), at('link.png'));
    await writeFileAtomic(at('link.png'), 'new');
    expect((await lstat(at('link.png'))).isSymbolicLink()).toBe(true);
    expect(await readFile(at('real', 'out.png'), 'utf8')).toBe('new');
    expect((await stat(at('real', 'out.png'))).mode & 0o777).toBe(0o640);
    expect(await tree()).toEqual(['link.png', 'real/', 'real/out.png']);
  });

  it('refuses a link to nothing, to a folder or to a FIFO, and leaves each as it was', async () => {
    execFileSync('mkfifo', [at('fifo')]);
    await mkdir(at('folder'));
    await symlink(at('missing.png'), at('dangling.png'));
    await symlink(at('folder'), at('to-folder.png'));
    await symlink(at('fifo'), at('to-fifo.png'));
    await expect(writeFileAtomic(at('dangling.png'), 'x')).rejects.toThrow(`cannot write ${at('dangling.png')}: it is a link to nothing`);
    await expect(writeFileAtomic(at('to-folder.png'), 'x')).rejects.toThrow(`cannot write ${at('to-folder.png')}: it is a folder`);
    await expect(writeFileAtomic(at('to-fifo.png'), 'x')).rejects.toThrow(`cannot write ${at('to-fifo.png')}: it is a named pipe (FIFO), not a regular file`);
    expect(await tree()).toEqual(['dangling.png', 'fifo', 'folder/', 'to-fifo.png', 'to-folder.png']);
    expect((await lstat(at('fifo'))).isFIFO()).toBe(true);
  });

  it('makes the missing folders of a new file', async () => {
    await writeFileAtomic(at('a', 'b', 'out.png'), 'new');
    expect(await tree()).toEqual(['a/', 'a/b/', 'a/b/out.png']);
  });
});

describe('writeFilesAtomic (all or none)', () => {
  it('writes nothing when any target is refused, checked before the first byte', async () => {
    await mkdir(at('folder'));
    await writeFile(at('old.png'), 'old');
    await expect(writeFilesAtomic([{ file: at('ok.png'), data: 'ok' }, { file: at('old.png'), data: 'new' }, { file: at('folder'), data: 'gif' }])).rejects.toThrow(
      `cannot write ${at('folder')}: it is a folder`,
    );
    expect(await tree()).toEqual(['folder/', 'old.png']);
    expect(await readFile(at('old.png'), 'utf8')).toBe('old');
  });

  it('takes back every temporary and every folder it made when a later write fails', async () => {
    await writeFile(at('old.png'), 'old');
    const failing = { toString: () => { throw new Error('disk gone'); } } as unknown as string;
    const files = [{ file: at('old.png'), data: 'new' }, { file: at('new', 'deep', 'a.png'), data: 'a' }, { file: at('new', 'deep', 'b.png'), data: failing }];
    await expect(writeFilesAtomic(files)).rejects.toThrow(`cannot write ${at('new', 'deep', 'b.png')}: `);
    expect(await tree()).toEqual(['old.png']);
    expect(await readFile(at('old.png'), 'utf8')).toBe('old');
  });

  it('refuses one file named twice, by another spelling or through a link', async () => {
    await writeFile(at('a.png'), 'old');
    await symlink(at('a.png'), at('link.png'));
    await expect(writeFilesAtomic([{ file: at('a.png'), data: '1' }, { file: path.join(dir, '.', 'x', '..', 'a.png'), data: '2' }])).rejects.toThrow(/it is the same file as/);
    await expect(writeFilesAtomic([{ file: at('new.png'), data: '1' }, { file: at('sub', '..', 'new.png'), data: '2' }])).rejects.toThrow(/it is the same file as/);
    await expect(writeFilesAtomic([{ file: at('link.png'), data: '1' }, { file: at('a.png'), data: '2' }])).rejects.toThrow(
      `cannot write ${at('a.png')}: it is the same file as ${at('link.png')}`,
    );
    expect(await readFile(at('a.png'), 'utf8')).toBe('old');
    expect(await tree()).toEqual(['a.png', 'link.png']);
  });

  it('removes the stale files after the renames, and refuses a stale entry that is not a file before writing', async () => {
    await writeFile(at('frame-00009.png'), 'stale');
    await writeFilesAtomic([{ file: at('frame-00000.png'), data: 'new' }], [at('frame-00009.png'), at('frame-00010.png')]);
    expect(await tree()).toEqual(['frame-00000.png']);
    await mkdir(at('frame-00001.png'));
    await expect(writeFilesAtomic([{ file: at('frame-00000.png'), data: 'newer' }], [at('frame-00001.png')])).rejects.toThrow(
      `cannot remove ${at('frame-00001.png')}: it is a folder, not a regular file`,
    );
    expect(await readFile(at('frame-00000.png'), 'utf8')).toBe('new');
  });
});

describe('stale temporaries', () => {
  it('are removed when their writer is gone; a live writer’s and other files’ are kept', async () => {
    const dead = deadPid();
    const names = {
      killed: `.presets.json.${dead}.0123456789ab.tmp`,
      live: `.presets.json.${process.pid}.0123456789ab.tmp`,
      otherFile: `.other.json.${dead}.0123456789ab.tmp`,
      notOurs: `.presets.json.${dead}.tmp`,
    };
    for (const name of Object.values(names)) await writeFile(at(name), 'half');
    await writeFile(at('presets.json'), 'old');
    await writeFileAtomic(at('presets.json'), 'new'); // every atomic write sweeps its file's own
    expect(await tree()).toEqual([names.live, names.notOurs, names.otherFile, 'presets.json'].sort());
    await removeStaleTemporaries(at('other.json'));
    expect(await tree()).toEqual([names.live, names.notOurs, 'presets.json'].sort());
  });
});
