import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { PYTHON_SETTING_FILE, TrainingPython } from './environment';
import type { Prober } from './python';

const ALL = { torch: '2.1.0', onnx: '1.15.0', numpy: '1.26.4', Pillow: '10.2.0' };
const answer = (packages: Record<string, string | null>) => ({ code: 0, stdout: `${JSON.stringify({ python: [3, 11, 2], executable: '/x', packages, cuda: 0, mps: false })}\n`, stderr: '' });

let userData: string;
let asked: string[];
/** Pythons by command: a report, or not found. */
let pythons: Record<string, Record<string, string | null>>;
const probe: Prober = async (command) => {
  asked.push(command);
  const packages = pythons[command];
  return packages ? answer(packages) : { code: null, stdout: '', stderr: '', error: 'ENOENT' };
};

beforeEach(async () => {
  userData = await mkdtemp(path.join(os.tmpdir(), 'environment-'));
  asked = [];
  pythons = {};
});

describe('the training environment', () => {
  it('names the Python that trains, its versions and devices; the probe is kept until asked again', async () => {
    pythons = { python3: ALL };
    const python = new TrainingPython(userData, {}, probe);
    expect(await python.environment(false)).toMatchObject({ ready: true, python: 'python3', version: '3.11.2', packages: ALL, devices: 'CPU only', missing: [], problem: null, setting: null });
    await python.environment(false);
    expect(asked).toEqual(['python3']);
    await python.environment(true);
    expect(asked).toEqual(['python3', 'python3']);
  });

  it('says exactly what is missing and the pip and Debian lines that install it', async () => {
    pythons = { python3: { ...ALL, torch: null, Pillow: null } };
    const env = await new TrainingPython(userData, {}, probe).environment(false);
    expect(env).toMatchObject({ ready: false, python: 'python3', missing: ['torch', 'Pillow'], install: { pip: 'python3 -m pip install torch Pillow', debian: 'sudo apt-get install python3-torch python3-pil' } });
    expect(env.packages).toEqual({ ...ALL, torch: null, Pillow: null });
    expect(env.tried).toEqual([
      { command: 'python3', from: 'PATH', outcome: 'lacks torch, Pillow' },
      { command: 'python', from: 'PATH', outcome: 'not found' },
    ]);
  });

  it('tries $PYTHON, then the setting, then the usual names; the setting survives a restart', async () => {
    pythons = { '/opt/py/bin/python3': ALL };
    const python = new TrainingPython(userData, { PYTHON: '/env/python' }, probe);
    expect(await python.setPython('/opt/py/bin/python3')).toMatchObject({ ready: true, python: '/opt/py/bin/python3', setting: '/opt/py/bin/python3' });
    expect(asked).toEqual(['/env/python', '/opt/py/bin/python3']);
    expect(JSON.parse(await readFile(path.join(userData, PYTHON_SETTING_FILE), 'utf8'))).toEqual({ format: 1, python: '/opt/py/bin/python3' });
    const restarted = await new TrainingPython(userData, {}, probe).environment(false);
    expect(restarted).toMatchObject({ ready: true, setting: '/opt/py/bin/python3' });
    expect((await new TrainingPython(userData, {}, probe).setPython(null)).setting).toBeNull();
  });

  it('refuses a setting that is neither an absolute path nor a Python’s name, writing nothing', async () => {
    const python = new TrainingPython(userData, {}, probe);
    for (const bad of ['rm', 'bin/python3', 'python3 -c 1', '../python']) {
      await expect(python.setPython(bad)).rejects.toThrow('cannot be the training Python');
    }
    expect(await readdir(userData)).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('keeps a damaged setting file aside, says where, and tries the usual names', async () => {
    await writeFile(path.join(userData, PYTHON_SETTING_FILE), '{"python": 3');
    pythons = { python3: ALL };
    const env = await new TrainingPython(userData, {}, probe).environment(false);
    expect(env).toMatchObject({ ready: true, setting: null });
    const backup = (await readdir(userData)).find((f) => f.includes('.damaged-'));
    expect(env.settingProblem).toBe(`The training Python setting was damaged; it was kept whole as ${path.join(userData, backup!)}, and the setting is empty.`);
    expect(await readFile(path.join(userData, backup!), 'utf8')).toBe('{"python": 3');
  });

  it('a setting file that cannot be read is reported and not written over', async () => {
    await mkdir(path.join(userData, PYTHON_SETTING_FILE));
    const python = new TrainingPython(userData, {}, probe);
    expect((await python.environment(false)).settingProblem).toMatch(/training-python\.json cannot be read \(it is not a regular file\)/);
    await expect(python.setPython('/usr/bin/python3')).rejects.toThrow(/cannot be read/);
    expect(await readdir(path.join(userData, PYTHON_SETTING_FILE))).toEqual([]);
  });
});
