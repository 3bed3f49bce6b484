/**
 * The job runner with the real Python trainer (when a Python with torch is here, as in CI): a
 * tiny fresh net trained for a few steps on a folder this test writes, its JSON lines parsed by
 * the app's schemas, and the model folder it exports loaded by the app's own loader.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { loadModelFolder } from '../../core/model/load';
import { trainArguments } from '../../core/training/command';
import type { ProgressMessage } from '../../core/training/protocol';
import { startTrainingJob } from './job';
import { findTrainingRoot, TRAIN_MODULE_ARGS } from './location';
import { findPython, pythonCandidates } from './python';

const found = await findPython(pythonCandidates(process.env, '/usr/bin/python3'));

async function imageFolder(dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const png = new PNG({ width: 12 + i, height: 10 });
    for (let p = 0; p < png.data.length; p += 4) png.data.set([(p * 7 + i * 40) % 256, (p * 3) % 256, 90, 255], p);
    await writeFile(path.join(dir, `tile${i}.png`), PNG.sync.write(png));
  }
  await writeFile(path.join(dir, 'broken.png'), 'not a png');
}

describe.skipIf(!found.ok)('training with the real Python trainer', () => {
  it('runs as a child process, reports valid progress and leaves a model folder the app loads', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'train-'));
    await imageFolder(path.join(tmp, 'tiles'), 5);
    const modelDir = path.join(tmp, 'models', 'tiles');
    const args = trainArguments({
      dataDir: path.join(tmp, 'tiles'), netSize: 'tiny', levels: 4, size: 8, steps: 3, batch: 4, examples: 'crop',
      device: 'cpu', runDir: path.join(tmp, 'run'), modelDir,
    });
    const messages: ProgressMessage[] = [];
    const malformed: string[] = [];
    const job = startTrainingJob({
      python: found.ok ? found.python : '',
      args: [...TRAIN_MODULE_ARGS, ...args, '--threads', '1', '--sheet-every', '0'],
      cwd: await findTrainingRoot({ isPackaged: false, resourcesPath: '', appPath: path.resolve(import.meta.dirname, '../../..') }),
      onMessage: (m) => messages.push(m),
      onMalformed: (p) => malformed.push(p),
    });
    const outcome = await job.finished;
    expect(outcome.kind, JSON.stringify(outcome)).toBe('done');
    expect(malformed).toEqual([]);
    expect(messages[0]).toMatchObject({ type: 'start', examples: 4, validation: 1, skipped: 1, size: [8, 8], levels: 4 });
    expect(messages[1]).toMatchObject({ type: 'skipped', file: 'broken.png' });
    expect(outcome.kind === 'done' && outcome.message.model).toBe(modelDir);
    const { card } = await loadModelFolder(modelDir);
    expect(card).toMatchObject({ id: 'tiles', levels: 4, channels: 3, height: 8, data: { licence: "the user's", source: path.join(tmp, 'tiles') } });
  });
});
