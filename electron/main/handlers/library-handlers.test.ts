import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../core/ipc/contract';
import { writeRandomModel } from '../../core/model/testing/fixture';
import { createHandlers } from './index';
import type { HandlerDeps } from './ports';

let root: string;
let handlers: Handlers;
let picked: (string | null)[];
let revealed: string[];
let loadedFrom: string[];
const d = () => ({ bundled: path.join(root, 'resources', 'models'), samples: path.join(root, 'resources', 'samples'), userData: path.join(root, 'user'), home: path.join(root, 'home') });
const userModels = () => path.join(d().userData, 'models');

function handlersFor(modelsRoot: string): Handlers {
  const deps: HandlerDeps = {
    modelsRoot,
    samplesRoot: d().samples,
    userData: d().userData,
    dialogs: { openFile: async () => null, saveFile: async () => null, openFolder: async () => picked.shift() ?? null },
    sampler: { load: async (dir) => void loadedFrom.push(dir) as never, start: () => 0, cancel: () => undefined },
    revealInFolder: (file) => void revealed.push(file),
  };
  return createHandlers(deps);
}

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'library-handlers-'));
  [picked, revealed, loadedFrom] = [[], [], []];
  await mkdir(d().samples, { recursive: true });
  await writeFile(path.join(d().samples, 'a.png'), new Uint8Array(1));
  const emoji = await writeRandomModel(path.join(d().bundled, 'emoji-64'));
  await writeFile(path.join(d().bundled, 'emoji-64', 'card.json'), JSON.stringify({ ...emoji, samples: ['a.png', 'gone.png'] }));
  await writeRandomModel(path.join(userModels(), 'sprites'));
  handlers = handlersFor(d().bundled);
});

describe('models:list', () => {
  it('lists bundled, the user’s and added models by absolute folder, with source, samples that exist, and where the user’s live', async () => {
    await writeRandomModel(path.join(d().home, 'comics'));
    picked.push(path.join(d().home, 'comics'));
    await handlers['models:add']();
    const list = await handlers['models:list']();
    expect(list.models.map((m) => [m.source, m.id, m.dir, m.samples])).toEqual([
      ['bundled', 'emoji-64', path.join(d().bundled, 'emoji-64'), ['a.png']],
      ['user', 'sprites', path.join(userModels(), 'sprites'), []],
      ['added', 'comics', path.join(d().home, 'comics'), []],
    ]);
    expect(list.userRoot).toBe(userModels());
    expect(list.problem).toBeNull();
  });

  it('lists a truncated model, and a card whose samples leave the samples folder, as broken with the loader’s reason', async () => {
    await writeRandomModel(path.join(userModels(), 'truncated'));
    const onnx = path.join(userModels(), 'truncated', 'model.onnx');
    const bytes = await readFile(onnx);
    await writeFile(onnx, bytes.subarray(0, bytes.length >> 1));
    const card = await writeRandomModel(path.join(d().bundled, 'nosy'));
    await writeFile(path.join(d().bundled, 'nosy', 'card.json'), JSON.stringify({ ...card, samples: ['../../../../etc/passwd'] }));
    const { broken } = await handlers['models:list']();
    expect(broken.map((b) => [b.source, b.id])).toEqual([['bundled', 'nosy'], ['user', 'truncated']]);
    expect(broken[0]!.problem).toBe(`${path.join(d().bundled, 'nosy', 'card.json')}: "samples.0" must be a plain file name in the samples folder, got "../../../../etc/passwd"`);
    expect(broken[1]!.problem).toContain(onnx);
  });

  it('takes the bundled models from the root it is given ($GIBBS_MODELS), made absolute', async () => {
    const elsewhere = path.join(root, 'gibbs-models');
    await writeRandomModel(path.join(elsewhere, 'digits'));
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const list = await handlersFor('gibbs-models')['models:list']();
      expect(list.models.filter((m) => m.source === 'bundled').map((m) => m.dir)).toEqual([path.join(elsewhere, 'digits')]);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('the library’s actions', () => {
  it('adds a folder picked in the dialog; a cancelled dialog adds nothing; a folder that does not load is refused with why', async () => {
    expect(await handlers['models:add']()).toBeNull();
    await mkdir(path.join(d().home, 'empty'), { recursive: true });
    picked.push(path.join(d().home, 'empty'));
    await expect(handlers['models:add']()).rejects.toThrow(/card\.json: is missing/);
    await writeRandomModel(path.join(d().home, 'comics'));
    picked.push(path.join(d().home, 'comics'));
    expect(await handlers['models:add']()).toMatchObject({ id: 'comics', source: 'added', dir: path.join(d().home, 'comics') });
    expect(JSON.parse(await readFile(path.join(d().userData, 'model-folders.json'), 'utf8')).folders).toEqual([path.join(d().home, 'comics')]);
  });

  it('renames and deletes the user’s models; bundled ones are refused both', async () => {
    const sprites = path.join(userModels(), 'sprites');
    expect(await handlers['models:rename']({ dir: sprites, name: 'pixel-art' })).toEqual({ id: 'pixel-art', dir: path.join(userModels(), 'pixel-art') });
    expect((await handlers['models:list']()).models.map((m) => m.id)).toEqual(['emoji-64', 'pixel-art']);
    const emoji = path.join(d().bundled, 'emoji-64');
    await expect(handlers['models:rename']({ dir: emoji, name: 'mine' })).rejects.toThrow('bundled models are read-only: emoji-64 cannot be renamed');
    await expect(handlers['models:remove']({ dir: emoji })).rejects.toThrow('bundled models are read-only: emoji-64 cannot be deleted');
    expect(await handlers['models:remove']({ dir: path.join(userModels(), 'pixel-art') })).toEqual({ removed: 'deleted' });
    expect(await readdir(userModels())).toEqual([]);
    expect(await readdir(emoji)).toEqual(['card.json', 'model.onnx']);
  });

  it('loads and reveals only folders the library lists (and the user’s models folder)', async () => {
    const sprites = path.join(userModels(), 'sprites');
    await handlers['model:load']({ dir: sprites });
    await handlers['models:reveal']({ dir: sprites });
    await handlers['models:reveal']({ dir: userModels() });
    expect(loadedFrom).toEqual([sprites]);
    expect(revealed).toEqual([sprites, userModels()]);
    for (const dir of [root, path.join(d().bundled, '..', '..'), '/etc', path.join(d().home, 'comics')]) {
      await expect(handlers['model:load']({ dir })).rejects.toThrow('is not a model folder in the library');
      await expect(handlers['models:reveal']({ dir })).rejects.toThrow('is not a model folder in the library');
    }
    expect(loadedFrom).toHaveLength(1);
  });
});
