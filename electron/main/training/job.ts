/**
 * One training run as main sees it: Python in a child process (never a thread of main), its
 * stdout read as the JSON-lines protocol, its stderr kept as a tail for when it crashes. A line
 * that is not a message is reported and skipped; the run goes on. Cancel asks the trainer to stop
 * (SIGTERM to the trainer or launcher only, which forwards it: a worker signalled twice would stop
 * without its checkpoint), and kills the whole process group after a grace period. On Windows a
 * SIGTERM ends the process at once (no checkpoint beyond the last periodic one).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { FINAL_TYPES, MAX_LINE_CHARS, parseProgressLine, type ProgressMessage, type ProgressOf } from '../../core/training/protocol';

export interface TrainingJobOptions {
  /** The Python executable (python.ts finds it). */
  python: string;
  /** Everything after the executable, e.g. ['-m', 'models.training', 'train', …] (command.ts builds them). */
  args: readonly string[];
  /** The folder holding models/training (location.ts). */
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Milliseconds from the SIGTERM of a cancel to the kill; the trainer finishes its step (or a validation pass) first. */
  graceMs?: number;
  onMessage(message: ProgressMessage): void;
  /** A stdout line that is not a protocol message: reported, not fatal. */
  onMalformed?(problem: string): void;
}

/** How a run ended. `stderrTail` is the last lines the trainer wrote to stderr. */
export type TrainingOutcome =
  | { kind: 'done'; message: ProgressOf<'done'> }
  /** Stopped on request: `message` is the trainer's own report (null: it was killed before it could write one). */
  | { kind: 'cancelled'; message: ProgressOf<'cancelled'> | null }
  /** The trainer refused or failed and said why. */
  | { kind: 'failed'; message: string; exitCode: number | null; stderrTail: string }
  /** It stopped without a final message (killed, out of memory, a bug) or never started. */
  | { kind: 'crashed'; message: string; exitCode: number | null; signal: NodeJS.Signals | null; stderrTail: string };

export const DEFAULT_GRACE_MS = 60_000;
const STDERR_TAIL_CHARS = 4000;

export class TrainingJob {
  readonly finished: Promise<TrainingOutcome>;
  private readonly child: ChildProcess;
  private final: ProgressMessage | null = null;
  private cancelAsked = false;
  private killTimer: NodeJS.Timeout | null = null;
  private stderr = '';
  private exited = false;

  constructor(private readonly options: TrainingJobOptions) {
    this.child = spawn(options.python, [...options.args], {
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      // its own process group, so a kill reaches the workers a launcher (launch.py, torchrun) started
      detached: process.platform !== 'win32',
    });
    const lines = new LineReader((line) => this.line(line), (problem) => options.onMalformed?.(problem));
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => lines.push(chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });
    this.finished = new Promise((resolve) => {
      this.child.once('error', (error: NodeJS.ErrnoException) => {
        this.exited = true;
        resolve(this.crashed(`could not start ${options.python}: ${error.code ?? error.message}`, null, null));
      });
      this.child.once('close', (code, signal) => {
        this.exited = true;
        if (this.killTimer) clearTimeout(this.killTimer);
        lines.end();
        resolve(this.outcome(code, signal));
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Asks the trainer to stop (it checkpoints and reports `cancelled`); kills it if it has not exited after the grace period. */
  cancel(): void {
    if (this.exited || this.cancelAsked) return;
    this.cancelAsked = true;
    this.child.kill('SIGTERM');
    this.killTimer = setTimeout(() => this.kill(), this.options.graceMs ?? DEFAULT_GRACE_MS);
  }

  /** Stops it at once, workers included (a second cancel, or quitting): the checkpoint it last wrote stays. */
  kill(): void {
    if (this.exited) return;
    this.cancelAsked = true;
    const pid = this.child.pid;
    if (pid !== undefined && process.platform !== 'win32') {
      try {
        process.kill(-pid, 'SIGKILL');
        return;
      } catch {
        // the group is gone already; fall through to the child itself
      }
    }
    this.child.kill('SIGKILL');
  }

  private line(line: string): void {
    const parsed = parseProgressLine(line);
    if (!parsed.ok) {
      this.options.onMalformed?.(parsed.problem);
      return;
    }
    if ((FINAL_TYPES as readonly string[]).includes(parsed.message.type)) this.final = parsed.message;
    this.options.onMessage(parsed.message);
  }

  private outcome(code: number | null, signal: NodeJS.Signals | null): TrainingOutcome {
    const final = this.final;
    if (final?.type === 'done') return { kind: 'done', message: final };
    if (final?.type === 'cancelled') return { kind: 'cancelled', message: final };
    if (final?.type === 'error') return { kind: 'failed', message: final.message, exitCode: code, stderrTail: this.tail() };
    if (this.cancelAsked) return { kind: 'cancelled', message: null };
    const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
    const last = this.tail().split('\n').at(-1);
    return this.crashed(`the trainer ${how} before it finished${last ? `: ${last}` : ''}`, code, signal);
  }

  private crashed(message: string, exitCode: number | null, signal: NodeJS.Signals | null): TrainingOutcome {
    return { kind: 'crashed', message, exitCode, signal, stderrTail: this.tail() };
  }

  private tail(): string {
    return this.stderr.trim();
  }
}

export function startTrainingJob(options: TrainingJobOptions): TrainingJob {
  return new TrainingJob(options);
}

/**
 * Splits a stream into lines (\n or \r\n). A line longer than MAX_LINE_CHARS is reported and
 * dropped as it arrives, so a runaway writer cannot fill main's memory.
 */
export class LineReader {
  private pending = '';
  private skipping = false;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onOverlong: (problem: string) => void,
  ) {}

  push(chunk: string): void {
    const parts = (this.pending + chunk).split('\n');
    this.pending = parts.pop() ?? '';
    for (const part of parts) {
      if (this.skipping) this.skipping = false;
      else this.emit(part);
    }
    if (this.pending.length > MAX_LINE_CHARS) {
      if (!this.skipping) this.onOverlong(`a line of more than ${MAX_LINE_CHARS} characters (dropped)`);
      this.skipping = true;
      this.pending = '';
    }
  }

  end(): void {
    if (this.pending && !this.skipping) this.emit(this.pending);
    this.pending = '';
  }

  private emit(line: string): void {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.trim()) this.onLine(text);
  }
}
