/**
 * The training environment as the app shows it: the Python path setting (its own small JSON file
 * under user data), and which Python trains with what, from the last probe. A probe imports torch
 * (seconds), so its answer is kept until the setting changes or the user asks again.
 */
import path from 'node:path';
import * as v from 'valibot';
import { serialQueue } from '../../core/async/serial-queue';
import type { PythonTried, TrainingEnvironment } from '../../core/ipc/contract';
import { missingPackages, REQUIRED_PACKAGES, tooOld, type ProbeReport } from '../../core/training/python-probe';
import { SettingsFile, type RenameFile } from '../handlers/settings-file';
import { findPython, probeWith, pythonCandidates, type ProbeOutcome, type Prober, type PythonFound } from './python';

export const PYTHON_SETTING_FILE = 'training-python.json';

const SettingSchema = v.looseObject({ python: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(4096))) });
type Setting = v.InferOutput<typeof SettingSchema>;

/** A Python the setting may name: an absolute path, or a bare interpreter name looked up on the PATH ("python3.12"). */
export function checkPythonSetting(python: string): string {
  const trimmed = python.trim();
  if (path.isAbsolute(trimmed) || /^python[0-9.]*(\.exe)?$/i.test(trimmed)) return trimmed;
  throw new Error(`"${python}" cannot be the training Python: give its absolute path (e.g. /usr/bin/python3) or a name such as python3`);
}

export class TrainingPython {
  private readonly file: SettingsFile<Setting>;
  private readonly queued = serialQueue();
  private last: { found: PythonFound; setting: string | null; settingProblem: string | null } | null = null;

  constructor(
    userData: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly probe: Prober = probeWith(),
    renameFile?: RenameFile,
  ) {
    this.file = new SettingsFile(path.join(userData, PYTHON_SETTING_FILE), SettingSchema, { python: null }, renameFile);
  }

  /** What the app shows: from the last probe unless `recheck` (or none was made). */
  environment(recheck: boolean): Promise<TrainingEnvironment> {
    return this.queued(async () => environmentOf(recheck || !this.last ? await this.probeNow() : this.last));
  }

  /** The Python that trains, probed now (a run must not start on a stale answer). */
  found(): Promise<PythonFound> {
    return this.queued(async () => (await this.probeNow()).found);
  }

  /** Saves the setting (null clears it) and probes again. */
  setPython(python: string | null): Promise<TrainingEnvironment> {
    return this.queued(async () => {
      const value = python === null ? null : checkPythonSetting(python);
      await this.file.read(); // a file that cannot be read is not written over; a damaged one is kept aside first
      await this.file.write({ format: 1, python: value });
      return environmentOf(await this.probeNow());
    });
  }

  private async probeNow(): Promise<NonNullable<TrainingPython['last']>> {
    let setting: string | null = null;
    let settingProblem: string | null = null;
    try {
      const read = await this.file.read();
      setting = read.value.python;
      if (read.keptAside) settingProblem = `The training Python setting was damaged; it was kept whole as ${read.keptAside}, and the setting is empty.`;
    } catch (error) {
      settingProblem = `The training Python setting is not used: ${(error as Error).message}.`;
    }
    const found = await findPython(pythonCandidates(this.env, setting), this.probe);
    this.last = { found, setting, settingProblem };
    return this.last;
  }
}

function environmentOf({ found, setting, settingProblem }: NonNullable<TrainingPython['last']>): TrainingEnvironment {
  const common = { setting, settingProblem, tried: found.ok ? [] : found.tried.map(triedOf) };
  if (found.ok) {
    return { ...common, ready: true, python: found.python, ...versionsOf(found.report), devices: found.devices, missing: [], install: null, problem: null };
  }
  const best = found.tried.find((t): t is ProbeOutcome & { report: ProbeReport } => 'report' in t && !tooOld(t.report));
  return {
    ...common,
    ready: false,
    python: best?.candidate.command ?? null,
    ...(best ? versionsOf(best.report) : { version: null, packages: {} }),
    devices: null,
    missing: found.missing,
    install: found.install,
    problem: found.problem,
  };
}

function versionsOf(report: ProbeReport): Pick<TrainingEnvironment, 'version' | 'packages'> {
  return { version: report.python.join('.'), packages: Object.fromEntries(REQUIRED_PACKAGES.map((p) => [p.pip, report.packages[p.pip] ?? null])) };
}

function triedOf(t: ProbeOutcome): PythonTried {
  const { command, from } = t.candidate;
  if (!('report' in t)) return { command, from, outcome: t.problem };
  if (tooOld(t.report)) return { command, from, outcome: `Python ${t.report.python.join('.')} is too old` };
  const missing = missingPackages(t.report);
  return { command, from, outcome: missing.length ? `lacks ${missing.join(', ')}` : 'ready' };
}
