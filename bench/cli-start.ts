/**
 * How fast the command line starts: wall time of a whole one-step run of the bundled CLI (process
 * start, argument and input checks, worker and model load, one start pass and one Gibbs step,
 * writing the PNG), an upper bound on start-to-first-step. Through `node` and through `npm run`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

function wallSeconds(command: string, args: string[]): number {
  const start = performance.now();
  execFileSync(command, args, { cwd: ROOT, stdio: 'ignore' });
  return (performance.now() - start) / 1000;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchCliStart(repeats: number) {
  const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'cli-start-')), 'out.png');
  const run = ['--image', 'resources/samples/mnist-test-0000.png', '--mask', 'resources/samples/mask-28-bottom-half.png', '--out', out, '--steps', '1', '--init', 'model', '--seed', '1', '--backend', 'onnxruntime', '--quiet'];
  wallSeconds('node', ['scripts/cli.mjs', '--help']); // builds the bundle if a source is newer
  const node = Array.from({ length: repeats }, () => wallSeconds('node', ['scripts/cli.mjs', ...run]));
  const npm = Array.from({ length: Math.max(1, Math.floor(repeats / 2)) }, () => wallSeconds('npm', ['run', '--silent', 'inpaint', '--', ...run]));
  return { command: `gibbs-inpaint ${run.join(' ')}`, nodeSeconds: median(node), npmRunSeconds: median(npm), repeats };
}
