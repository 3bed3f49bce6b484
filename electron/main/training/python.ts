/**
 * Which Python trains: `$PYTHON`, then the app's setting, then `python3` and `python` on the PATH.
 * Each is asked by the probe script (a child process, with a time limit) what it has; the first
 * with every package wins, else the answer says exactly what is missing and how to install it.
 */
import { execFile } from 'node:child_process';
import {
  devicesInWords,
  installAdvice,
  MIN_PYTHON,
  missingPackages,
  parseProbeReport,
  PROBE_SCRIPT,
  tooOld,
  type PackageName,
  type ProbeReport,
} from '../../core/training/python-probe';

export interface PythonCandidate {
  command: string;
  /** Where the name came from, for the message. */
  from: '$PYTHON' | 'setting' | 'PATH';
}

/** One candidate's answer: its report, or why it gave none. */
export type ProbeOutcome = { candidate: PythonCandidate; report: ProbeReport } | { candidate: PythonCandidate; problem: string };

export type PythonFound =
  | { ok: true; python: string; report: ProbeReport; devices: string }
  | {
      ok: false;
      /** One paragraph for the user: what was tried, what is missing, how to install it. */
      problem: string;
      missing: PackageName[];
      install: { pip: string; debian: string } | null;
      tried: ProbeOutcome[];
    };

export function pythonCandidates(env: NodeJS.ProcessEnv, setting: string | null, platform: NodeJS.Platform = process.platform): PythonCandidate[] {
  const list: PythonCandidate[] = [];
  const add = (command: string | null | undefined, from: PythonCandidate['from']): void => {
    if (command?.trim() && !list.some((c) => c.command === command.trim())) list.push({ command: command.trim(), from });
  };
  add(env['PYTHON'], '$PYTHON');
  add(setting, 'setting');
  for (const name of platform === 'win32' ? ['python', 'python3'] : ['python3', 'python']) add(name, 'PATH');
  return list;
}

export type Prober = (command: string) => Promise<{ code: number | null; stdout: string; stderr: string; error?: string }>;

/** Runs the probe script with `command` (no shell), at most `timeoutMs`. */
export const probeWith =
  (timeoutMs = 60_000): Prober =>
  (command) =>
    new Promise((resolve) => {
      execFile(command, ['-c', PROBE_SCRIPT], { timeout: timeoutMs, windowsHide: true, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? null : 0;
        const why = error && typeof error.code === 'string' ? error.code : error?.killed ? `no answer in ${timeoutMs / 1000} s` : undefined;
        resolve({ code, stdout, stderr, ...(why ? { error: why } : {}) });
      });
    });

export async function findPython(candidates: readonly PythonCandidate[], probe: Prober = probeWith()): Promise<PythonFound> {
  const tried: ProbeOutcome[] = [];
  for (const candidate of candidates) {
    const outcome = await ask(candidate, probe);
    tried.push(outcome);
    if ('report' in outcome && !tooOld(outcome.report) && missingPackages(outcome.report).length === 0) {
      return { ok: true, python: candidate.command, report: outcome.report, devices: devicesInWords(outcome.report) };
    }
  }
  return notFound(tried);
}

async function ask(candidate: PythonCandidate, probe: Prober): Promise<ProbeOutcome> {
  const answer = await probe(candidate.command);
  const report = parseProbeReport(answer.stdout);
  if (report) return { candidate, report };
  if (answer.error === 'ENOENT') return { candidate, problem: 'not found' };
  const detail = answer.error ?? (answer.stderr.trim().split('\n').at(-1) || `exit code ${answer.code}`);
  return { candidate, problem: `did not run the probe (${detail})` };
}

/** The best advice: for the first Python that ran (new enough), what it lacks; else how to get one. */
function notFound(tried: ProbeOutcome[]): PythonFound & { ok: false } {
  const ran = tried.filter((t): t is ProbeOutcome & { report: ProbeReport } => 'report' in t);
  const usable = ran.find((t) => !tooOld(t.report));
  const summary = tried.map((t) => `${t.candidate.command} (${t.candidate.from}): ${describe(t)}`).join('; ');
  if (!usable) {
    const min = MIN_PYTHON.join('.');
    return {
      ok: false,
      problem: `No Python ${min} or newer to train with (tried ${summary}). Install Python 3 (Debian: sudo apt-get install python3 python3-torch python3-onnx python3-numpy python3-pil), or set its path in the settings or in $PYTHON.`,
      missing: [],
      install: null,
      tried,
    };
  }
  const missing = missingPackages(usable.report);
  const install = installAdvice(usable.candidate.command, missing);
  return {
    ok: false,
    problem: `${usable.candidate.command} (Python ${usable.report.python.join('.')}) lacks ${missing.join(', ')}. Install with: ${install.pip} — or on Debian/Ubuntu: ${install.debian}. (Tried ${summary}.)`,
    missing,
    install,
    tried,
  };
}

function describe(t: ProbeOutcome): string {
  if (!('report' in t)) return t.problem;
  if (tooOld(t.report)) return `Python ${t.report.python.join('.')} is too old`;
  const missing = missingPackages(t.report);
  return missing.length ? `lacks ${missing.join(', ')}` : 'ready';
}
