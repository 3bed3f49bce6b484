import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeRandomModel } from '../../core/model/testing/fixture';
import { loadModelFolder } from '../../core/model/load';
import { ModelLibrary } from './model-library';

let root: string;
let library: ModelLibrary;
const dirs = () => ({ bundled: path.join(root, 'resources', 'models'), user: path.join(root, 'userData', 'models'), elsewhere: path.join(root, 'home') });
const ids = (list: { id: string; source: string }[]) => list.map((m) => `${m.source}:${m.id}`);

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'library-'));
  const d = dirs();
  await writeRandomModel(path.join(d.bundled, 'emoji-64'));
  await mkdir(path.join(d.bundled, 'training')); // models/training in development: not a model
  await writeRandomModel(path.join(d.user, 'sprites'));
  library = new ModelLibrary({ bundled: d.bundled, user: d.user, addedList: path.join(root, 'userData', 'model-folders.json') });
});

describe('the model library', () => {
  it('lists bundled, the user’s and added models, and a broken folder with its reason', async () => {
    const d = dirs();
    await mkdir(path.join(d.user, 'half-written'));
    await writeFile(path.join(d.user, 'half-written', 'model.onnx'), new Uint8Array(4));
    const mine = await writeRandomModel(path.join(d.elsewhere, 'comics'));
    await library.add(path.join(d.elsewhere, 'comics'));

    const list = await library.list();
    expect(ids(list.models)).toEqual(['bundled:emoji-64', 'user:sprites', 'added:comics']);
    expect(list.models[2]!.card).toEqual(mine);
    expect(list.broken).toEqual([
      { id: 'half-written', dir: path.join(d.user, 'half-written'), source: 'user', problem: `${path.join(d.user, 'half-written', 'card.json')}: is missing` },
    ]);
    expect(list.problem).toBeNull();
  });

  it('an added folder that later breaks or vanishes stays listed, with why', async () => {
    const d = dirs();
    await writeRandomModel(path.join(d.elsewhere, 'comics'));
    await library.add(path.join(d.elsewhere, 'comics'));
    await writeFile(path.join(d.elsewhere, 'comics', 'card.json'), '{ "format": 1');
    const list = await library.list();
    expect(list.broken.map((b) => [b.source, b.id])).toEqual([['added', 'comics']]);
    expect(list.broken[0]!.problem).toMatch(/card\.json: is not valid JSON/);
  });

  it('adding refuses a folder that does not load, one already listed, and a folder of the library', async () => {
    const d = dirs();
    await mkdir(path.join(d.elsewhere, 'empty'), { recursive: true });
    await expect(library.add(path.join(d.elsewhere, 'empty'))).rejects.toThrow(/card\.json: is missing/);
    await writeRandomModel(path.join(d.elsewhere, 'comics'));
    await library.add(path.join(d.elsewhere, 'comics'));
    await expect(library.add(path.join(d.elsewhere, 'comics'))).rejects.toThrow('was added already');
    await expect(library.add(path.join(d.bundled, 'emoji-64'))).rejects.toThrow('already in the library (bundled models)');
    await expect(library.add(path.join(d.user, 'sprites'))).rejects.toThrow('already in the library (user models)');
    expect(JSON.parse(await readFile(library.roots.addedList, 'utf8'))).toEqual({ format: 1, folders: [path.join(d.elsewhere, 'comics')] });
  });

  it('renames a user model: its folder and its card’s id, and it still loads', async () => {
    const d = dirs();
    expect(await library.rename(path.join(d.user, 'sprites'), 'pixel-sprites')).toEqual({ id: 'pixel-sprites', dir: path.join(d.user, 'pixel-sprites') });
    expect((await loadModelFolder(path.join(d.user, 'pixel-sprites'))).card.id).toBe('pixel-sprites');
    expect(await readdir(d.user)).toEqual(['pixel-sprites']);
    await writeRandomModel(path.join(d.user, 'other'));
    await expect(library.rename(path.join(d.user, 'other'), 'pixel-sprites')).rejects.toThrow('exists already');
    await expect(library.rename(path.join(d.user, 'other'), '../escape')).rejects.toThrow('cannot name a model');
    await expect(library.rename(path.join(d.bundled, 'emoji-64'), 'mine')).rejects.toThrow('bundled models are read-only: emoji-64 cannot be renamed');
  });

  it('deletes a user model, forgets an added folder (leaving it on disk), and refuses a bundled one', async () => {
    const d = dirs();
    await writeRandomModel(path.join(d.elsewhere, 'comics'));
    await library.add(path.join(d.elsewhere, 'comics'));
    expect(await library.remove(path.join(d.user, 'sprites'))).toBe('deleted');
    expect(await library.remove(path.join(d.elsewhere, 'comics'))).toBe('forgotten');
    await expect(library.remove(path.join(d.bundled, 'emoji-64'))).rejects.toThrow('bundled models are read-only: emoji-64 cannot be deleted');
    await expect(library.remove(d.user)).rejects.toThrow('not a model folder of yours');
    expect(ids((await library.list()).models)).toEqual(['bundled:emoji-64']);
    expect(await readdir(path.join(d.elsewhere, 'comics'))).toEqual(['card.json', 'model.onnx']);
  });

  it('a damaged list of added folders is kept aside whole, said where, and the list starts again', async () => {
    await writeFile(library.roots.addedList, '{"folders": ["relative/path"]}');
    const list = await library.list();
    const backup = /kept whole as (\S+), and the list started again empty/.exec(list.problem ?? '')?.[1];
    expect(list.problem).toMatch(/^The list of added model folders was damaged/);
    expect(await readFile(backup!.replace(/,$/, ''), 'utf8')).toBe('{"folders": ["relative/path"]}');
    expect(ids(list.models)).toEqual(['bundled:emoji-64', 'user:sprites']);
    await writeRandomModel(path.join(dirs().elsewhere, 'comics'));
    await library.add(path.join(dirs().elsewhere, 'comics'));
    expect(ids((await library.list()).models)).toEqual(['bundled:emoji-64', 'user:sprites', 'added:comics']);
  });

  it('a list of added folders that cannot be read (a folder in its place) is left as it is, and adding is refused', async () => {
    await mkdir(library.roots.addedList);
    expect((await library.list()).problem).toMatch(/model-folders\.json cannot be read \(it is not a regular file\); it was left as it is/);
    await writeRandomModel(path.join(dirs().elsewhere, 'comics'));
    await expect(library.add(path.join(dirs().elsewhere, 'comics'))).rejects.toThrow(/cannot add .* cannot be read/);
    expect(await readdir(library.roots.addedList)).toEqual([]);
  });

  it('a damaged list that cannot be moved aside is never written over', async () => {
    const refusing = new ModelLibrary(library.roots, async () => {
      throw new Error('EACCES: permission denied');
    });
    await writeFile(library.roots.addedList, 'not json');
    expect((await refusing.list()).problem).toMatch(/is damaged and could not be kept aside \(EACCES: permission denied\); it was left as it is/);
    await writeRandomModel(path.join(dirs().elsewhere, 'comics'));
    await expect(refusing.add(path.join(dirs().elsewhere, 'comics'))).rejects.toThrow(/could not be kept aside/);
    expect(await readFile(library.roots.addedList, 'utf8')).toBe('not json');
  });

  it('added folders survive a restart: a new library on the same user data lists them', async () => {
    await writeRandomModel(path.join(dirs().elsewhere, 'comics'));
    await library.add(path.join(dirs().elsewhere, 'comics'));
    const restarted = new ModelLibrary(library.roots);
    expect(ids((await restarted.list()).models)).toEqual(['bundled:emoji-64', 'user:sprites', 'added:comics']);
    expect(await restarted.has(path.join(dirs().elsewhere, 'comics'))).toBe(true);
  });

  it('knows its own folders, loading or not, and nothing else', async () => {
    const d = dirs();
    await mkdir(path.join(d.user, 'half-written'));
    expect(await library.has(path.join(d.bundled, 'emoji-64'))).toBe(true);
    expect(await library.has(path.join(d.user, 'sprites', '..', 'half-written'))).toBe(true);
    expect(await library.has(d.bundled)).toBe(false);
    expect(await library.has(path.join(d.bundled, 'training'))).toBe(false); // listed nowhere: it holds no card
    expect(await library.has(path.join(d.user, 'nothing'))).toBe(false);
    expect(await library.has(path.join(d.user, 'sprites', 'inner'))).toBe(false);
    await writeRandomModel(path.join(d.elsewhere, 'comics'));
    expect(await library.has(path.join(d.elsewhere, 'comics'))).toBe(false);
  });

  it('names a training result’s folder after its title, clear of every model id', async () => {
    const d = dirs();
    expect(await library.newModelDir('My sprites!')).toBe(path.join(d.user, 'My-sprites'));
    expect(await library.newModelDir('sprites')).toBe(path.join(d.user, 'sprites-2'));
    expect(await library.newModelDir('emoji-64')).toBe(path.join(d.user, 'emoji-64-2'));
    expect(await library.newModelDir('…')).toBe(path.join(d.user, 'model'));
  });

  it('a missing user folder is simply no user models', async () => {
    const d = dirs();
    const fresh = new ModelLibrary({ bundled: d.bundled, user: path.join(root, 'none'), addedList: path.join(root, 'none.json') });
    expect(ids((await fresh.list()).models)).toEqual(['bundled:emoji-64']);
  });
});
