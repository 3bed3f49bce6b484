import { existsSync } from 'node:fs';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPython, probeWith, pythonCandidates } from './python';

/** A stand-in interpreter: a shell script that ignores `-c SCRIPT` and prints `report` (or fails). */
async function fakePython(dir: string, name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

const report = (packages: Record<string, string | null>, python = [3, 11, 2], cuda = 0) =>
  `echo '${JSON.stringify({ python, executable: '/usr/bin/python3', packages, cuda, mps: false })}'`;
const ALL = { torch: '1.13.1', onnx: '1.12.0', numpy: '1.24.2', Pillow: '9.4.0' };

describe.skipIf(process.platform === 'win32')('finding a Python to train with', () => {
  it('tries $PYTHON, then the setting, then python3 and python, each once', () => {
    expect(pythonCandidates({ PYTHON: '/opt/py/bin/python' }, '/usr/bin/python3', 'linux')).toEqual([
      { command: '/opt/py/bin/python', from: '$PYTHON' },
      { command: '/usr/bin/python3', from: 'setting' },
      { command: 'python3', from: 'PATH' },
      { command: 'python', from: 'PATH' },
    ]);
    expect(pythonCandidates({ PYTHON: ' ' }, 'python3', 'linux').map((c) => c.command)).toEqual(['python3', 'python']);
  });

  it('takes the first Python that has every package and says which devices torch sees', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'python-'));
    const lacking = await fakePython(dir, 'lacking', report({ ...ALL, onnx: null }));
    const ready = await fakePython(dir, 'ready', report(ALL, [3, 11, 2], 2));
    const found = await findPython([
      { command: path.join(dir, 'absent'), from: '$PYTHON' },
      { command: lacking, from: 'setting' },
      { command: ready, from: 'PATH' },
    ]);
    expect(found).toMatchObject({ ok: true, python: ready, devices: '2 CUDA GPUs' });
  });

  it('says exactly what is missing and the pip and Debian lines that install it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'python-'));
    const lacking = await fakePython(dir, 'py thon', report({ torch: null, onnx: '1.12.0', numpy: '1.24.2', Pillow: null }));
    const crashing = await fakePython(dir, 'crashing', 'echo "ImportError: broken site" >&2; exit 3');
    const found = await findPython([
      { command: crashing, from: '$PYTHON' },
      { command: lacking, from: 'setting' },
    ]);
    if (found.ok) throw new Error('found');
    expect(found.missing).toEqual(['torch', 'Pillow']);
    expect(found.install).toEqual({ pip: `'${lacking}' -m pip install torch Pillow`, debian: 'sudo apt-get install python3-torch python3-pil' });
    expect(found.problem).toContain(`${lacking} (Python 3.11.2) lacks torch, Pillow. Install with: '${lacking}' -m pip install torch Pillow`);
    expect(found.problem).toContain(`${crashing} ($PYTHON): did not run the probe (ImportError: broken site)`);
  });

  it('with no usable Python at all, says how to get one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'python-'));
    const old = await fakePython(dir, 'old', report(ALL, [3, 7, 3]));
    const found = await findPython([
      { command: path.join(dir, 'nowhere'), from: 'setting' },
      { command: old, from: 'PATH' },
    ]);
    if (found.ok) throw new Error('found');
    expect(found.problem).toMatch(/^No Python 3\.9 or newer to train with \(tried .*nowhere \(setting\): not found; .*old \(PATH\): Python 3\.7\.3 is too old\)/);
    expect(found.install).toBeNull();
  });

  it('gives up on a Python that does not answer in time', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'python-'));
    const hung = await fakePython(dir, 'hung', 'sleep 5');
    const found = await findPython([{ command: hung, from: 'PATH' }], probeWith(300));
    expect(found.ok).toBe(false);
    expect(found.ok || found.tried[0]).toMatchObject({ problem: 'did not run the probe (no answer in 0.3 s)' });
  });

  it.skipIf(!existsSync('/usr/bin/python3'))('probes a real interpreter', async () => {
    const found = await findPython([{ command: '/usr/bin/python3', from: 'setting' }]);
    const first = found.ok ? null : found.tried[0];
    expect(found.ok || (first && 'report' in first)).toBeTruthy(); // it ran the probe, whatever it lacks
  });
});
