import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProgressMessage } from '../../core/training/protocol';
import { LineReader, startTrainingJob, type TrainingJobOptions } from './job';

const FAKE = path.join(import.meta.dirname, 'testing', 'fake-trainer.mjs');

function run(scenario: string, options: Partial<TrainingJobOptions> = {}) {
  const messages: ProgressMessage[] = [];
  const malformed: string[] = [];
  const job = startTrainingJob({
    python: process.execPath,
    args: [FAKE, scenario],
    cwd: import.meta.dirname,
    onMessage: (m) => messages.push(m),
    onMalformed: (p) => malformed.push(p),
    ...options,
  });
  return { job, messages, malformed };
}

describe('a training job', () => {
  it('reports each message as it comes, a stray line as malformed, and ends done', async () => {
    const { job, messages, malformed } = run('progress');
    const outcome = await job.finished;
    expect(messages.map((m) => m.type)).toEqual(['start', 'step', 'validation', 'checkpoint', 'done']);
    expect(malformed).toEqual(['not JSON: "a stray print from a library"']);
    expect(outcome).toEqual({ kind: 'done', message: messages.at(-1) });
  });

  it('reassembles lines split across writes (CRLF, multi-byte characters) and drops an overlong one', async () => {
    const { job, messages, malformed } = run('chunks');
    expect((await job.finished).kind).toBe('done');
    expect(messages[0]).toEqual({ type: 'note', message: 'café ✓' });
    expect(malformed).toHaveLength(1);
    expect(malformed[0]).toMatch(/^a line of (more than )?\d+ characters/);
  });

  it('a crash is an outcome with the exit code and the end of stderr', async () => {
    const { job, messages } = run('crash');
    const outcome = await job.finished;
    expect(messages.map((m) => m.type)).toEqual(['start', 'step']);
    expect(outcome).toMatchObject({
      kind: 'crashed',
      exitCode: 1,
      signal: null,
      message: 'the trainer exited with code 1 before it finished: RuntimeError: CUDA out of memory',
    });
    expect(outcome.kind === 'crashed' && outcome.stderrTail).toMatch(/^Traceback/);
  });

  it('an error line is the outcome’s message', async () => {
    const outcome = await run('error').job.finished;
    expect(outcome).toMatchObject({ kind: 'failed', message: '--data-dir /pics: no images', exitCode: 1 });
  });

  it('cancel asks the trainer to stop, and it checkpoints and says cancelled', async () => {
    const { job, messages } = run('cancel');
    await until(() => messages.filter((m) => m.type === 'step').length >= 2);
    job.cancel();
    const outcome = await job.finished;
    expect(outcome.kind).toBe('cancelled');
    expect(outcome.kind === 'cancelled' && outcome.message?.reason).toBe('signal');
    expect(messages.at(-2)?.type).toBe('checkpoint');
  });

  it('a trainer that ignores the request is killed after the grace period', async () => {
    // A grace long enough for a loaded machine to deliver the SIGTERM and read the trainer's note.
    const { job, messages } = run('stubborn', { graceMs: 1500 });
    await until(() => messages.length >= 1);
    const t0 = Date.now();
    job.cancel();
    expect(await job.finished).toEqual({ kind: 'cancelled', message: null });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1450);
    expect(messages.at(-1)).toEqual({ type: 'note', message: 'finishing a long validation' });
  });

  it('a Python that cannot start is a crash that says so', async () => {
    const { job } = run('progress', { python: '/no/such/python3' });
    expect(await job.finished).toMatchObject({ kind: 'crashed', message: 'could not start /no/such/python3: ENOENT' });
    job.cancel(); // after the end: nothing to do
  });
});

describe('LineReader', () => {
  it('keeps a partial line until its end and skips blank lines', () => {
    const lines: string[] = [];
    const reader = new LineReader((l) => lines.push(l), () => lines.push('OVERLONG'));
    reader.push('{"a":');
    reader.push('1}\r\n\n  \n{"b"');
    expect(lines).toEqual(['{"a":1}']);
    reader.end();
    expect(lines).toEqual(['{"a":1}', '{"b"']);
  });
});

async function until(ready: () => boolean, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!ready()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
