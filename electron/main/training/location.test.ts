import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTrainingRoot, PACKAGED_PYTHON_DIR, trainingRoot } from './location';

const ROOT = path.resolve(import.meta.dirname, '../../..');

async function withTrainer(dir: string): Promise<string> {
  await mkdir(path.join(dir, 'models', 'training'), { recursive: true });
  await writeFile(path.join(dir, 'models', 'training', '__main__.py'), '');
  return dir;
}

describe('where the trainer lives', () => {
  it('in development: the repository, which holds models/training', async () => {
    const layout = { isPackaged: false, resourcesPath: '/nowhere', appPath: ROOT };
    expect(trainingRoot(layout)).toBe(ROOT);
    expect(await findTrainingRoot(layout)).toBe(ROOT);
  });

  it('packaged: resources/python, where electron-builder puts models/training', async () => {
    const resources = await mkdtemp(path.join(os.tmpdir(), 'resources-'));
    const layout = { isPackaged: true, resourcesPath: resources, appPath: path.join(resources, 'app.asar') };
    await expect(findTrainingRoot(layout)).rejects.toThrow(`the trainer is missing: no ${path.join(resources, 'python', 'models', 'training', '__main__.py')}; this installation is incomplete`);
    await withTrainer(path.join(resources, PACKAGED_PYTHON_DIR));
    expect(await findTrainingRoot(layout)).toBe(path.join(resources, 'python'));
  });

});
