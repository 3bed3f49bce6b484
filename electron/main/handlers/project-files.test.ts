import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from './index';
import type { HandlerDeps } from './ports';

describe('project files (main)', () => {
  let dir: string;
  let picked: string | null;
  let handlers: ReturnType<typeof createHandlers>;
  const bytes = (...b: number[]) => new Uint8Array(b);

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'projects-'));
    picked = path.join(dir, 'work');
    const deps = {
      modelsRoot: dir,
      samplesRoot: dir,
      userData: path.join(dir, 'user'),
      dialogs: { openFile: async () => picked, saveFile: async () => picked, openFolder: async () => null },
      sampler: {} as HandlerDeps['sampler'],
      revealInFolder: () => undefined,
    } satisfies HandlerDeps;
    handlers = createHandlers(deps);
  });

  it('Save As writes where the dialog says (with the extension) and joins the recent list; Save then writes there again', async () => {
    const saved = await handlers['project:save']({ path: null, suggestedName: 'cat.gibbs', bytes: bytes(1), backup: null });
    expect(saved?.path).toBe(path.join(dir, 'work.gibbs'));
    expect(await handlers['recent:list']()).toContain(saved!.path);
    await handlers['project:save']({ path: saved!.path, suggestedName: 'cat.gibbs', bytes: bytes(2), backup: null });
    expect([...(await readFile(saved!.path))]).toEqual([2]);
  });

  it('writes without a dialog only to a project the user opened or saved', async () => {
    const elsewhere = path.join(dir, 'other.gibbs');
    await expect(handlers['project:save']({ path: elsewhere, suggestedName: 'x.gibbs', bytes: bytes(1), backup: null })).rejects.toThrow(/was not opened or saved here; use Save As/);
    await writeFile(elsewhere, bytes(9));
    picked = elsewhere;
    await handlers['file:open']({ kind: 'project' });
    await handlers['project:save']({ path: elsewhere, suggestedName: 'x.gibbs', bytes: bytes(3), backup: null });
    expect([...(await readFile(elsewhere))]).toEqual([3]);
  });

  it('keeps a damaged file aside before writing over it', async () => {
    const file = path.join(dir, 'work.gibbs');
    await writeFile(file, bytes(6, 6));
    picked = file;
    await handlers['file:open']({ kind: 'project' });
    await handlers['project:save']({ path: null, suggestedName: 'w.gibbs', bytes: bytes(5), backup: path.join(dir, 'elsewhere.gibbs') }); // the dialog picks work.gibbs, not the damaged file
    expect((await readdir(dir)).some((n) => n.includes('.damaged-'))).toBe(false);
    await writeFile(file, bytes(6, 6));
    await handlers['project:save']({ path: file, suggestedName: 'work.gibbs', bytes: bytes(7), backup: file });
    const backups = (await readdir(dir)).filter((n) => n.startsWith('work.damaged-') && n.endsWith('.gibbs'));
    expect(backups.length).toBe(1);
    expect([...(await readFile(path.join(dir, backups[0]!)))]).toEqual([6, 6]);
    expect([...(await readFile(file))]).toEqual([7]);
  });

  it('never writes over a folder', async () => {
    await mkdir(path.join(dir, 'work.gibbs'));
    await expect(handlers['project:save']({ path: null, suggestedName: 'w.gibbs', bytes: bytes(1), backup: null })).rejects.toThrow(/folder/);
  });

  it('autosave: written whole, read back with its name and path, cleared', async () => {
    expect(await handlers['autosave:read']()).toBeNull();
    await handlers['autosave:write']({ name: 'cat.png', path: null, bytes: bytes(4, 5) });
    const found = await handlers['autosave:read']();
    expect(found).toMatchObject({ name: 'cat.png', path: null, bytes: bytes(4, 5) });
    expect(Number.isNaN(Date.parse(found!.savedAt))).toBe(false);
    await handlers['autosave:clear']();
    expect(await handlers['autosave:read']()).toBeNull();
  });

  it('a clear asked for while an autosave is being written lands after it', async () => {
    const writing = handlers['autosave:write']({ name: 'cat.png', path: null, bytes: new Uint8Array(1 << 20) });
    await handlers['autosave:clear']();
    await writing;
    expect(await handlers['autosave:read']()).toBeNull();
  });

  it('an autosave of a saved project may be saved back there after a restore', async () => {
    const file = path.join(dir, 'kept.gibbs');
    await handlers['autosave:write']({ name: 'kept.gibbs', path: file, bytes: bytes(1) });
    const fresh = createHandlers({ modelsRoot: dir, samplesRoot: dir, userData: path.join(dir, 'user'), dialogs: { openFile: async () => null, saveFile: async () => null, openFolder: async () => null }, sampler: {} as HandlerDeps['sampler'], revealInFolder: () => undefined });
    await fresh['autosave:read']();
    await fresh['project:save']({ path: file, suggestedName: 'kept.gibbs', bytes: bytes(8), backup: null });
    expect([...(await readFile(file))]).toEqual([8]);
  });
});
