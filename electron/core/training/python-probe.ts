/**
 * What the trainer needs from a Python: a probe script that reports the interpreter's version and
 * which of the required packages import, the parse of its report, and the exact lines that
 * install what is missing (pip and Debian).
 */
import * as v from 'valibot';

/** The packages `models/training` imports, by their pip names, with the module each provides and Debian's package. */
export const REQUIRED_PACKAGES = [
  { pip: 'torch', module: 'torch', debian: 'python3-torch' },
  { pip: 'onnx', module: 'onnx', debian: 'python3-onnx' },
  { pip: 'numpy', module: 'numpy', debian: 'python3-numpy' },
  { pip: 'Pillow', module: 'PIL', debian: 'python3-pil' },
] as const;

export type PackageName = (typeof REQUIRED_PACKAGES)[number]['pip'];

export const MIN_PYTHON: readonly [number, number] = [3, 9];

/** Run as `python -c PROBE_SCRIPT`: one JSON line on stdout, whatever is missing. */
export const PROBE_SCRIPT = [
  'import importlib, json, sys',
  'out = {"python": list(sys.version_info[:3]), "executable": sys.executable, "packages": {}, "cuda": 0, "mps": False}',
  `for pip, module in ${JSON.stringify(REQUIRED_PACKAGES.map((p) => [p.pip, p.module]))}:`,
  '    try:',
  '        out["packages"][pip] = str(getattr(importlib.import_module(module), "__version__", "?"))',
  '    except Exception as e:',
  '        out["packages"][pip] = None',
  'try:',
  '    import torch',
  '    out["cuda"] = torch.cuda.device_count() if torch.cuda.is_available() else 0',
  '    mps = getattr(torch.backends, "mps", None)',
  '    out["mps"] = bool(mps and mps.is_available())',
  'except Exception:',
  '    pass',
  'print(json.dumps(out))',
].join('\n');

const ProbeReportSchema = v.object({
  python: v.tuple([v.number(), v.number(), v.number()]),
  executable: v.string(),
  packages: v.record(v.string(), v.nullable(v.string())),
  cuda: v.pipe(v.number(), v.integer(), v.minValue(0)),
  mps: v.boolean(),
});

export type ProbeReport = v.InferOutput<typeof ProbeReportSchema>;

/** The probe's stdout (its last line), or null where it is not a report. */
export function parseProbeReport(stdout: string): ProbeReport | null {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  try {
    const result = v.safeParse(ProbeReportSchema, JSON.parse(last));
    return result.success ? result.output : null;
  } catch {
    return null;
  }
}

export const missingPackages = (report: ProbeReport): PackageName[] =>
  REQUIRED_PACKAGES.filter((p) => report.packages[p.pip] == null).map((p) => p.pip);

export const tooOld = (report: ProbeReport): boolean =>
  report.python[0] < MIN_PYTHON[0] || (report.python[0] === MIN_PYTHON[0] && report.python[1] < MIN_PYTHON[1]);

/** The lines that install `missing` into `python`: pip for that interpreter, and Debian's packages. */
export function installAdvice(python: string, missing: readonly PackageName[]): { pip: string; debian: string } {
  const wanted = REQUIRED_PACKAGES.filter((p) => missing.includes(p.pip));
  return {
    pip: `${shellWord(python)} -m pip install ${wanted.map((p) => p.pip).join(' ')}`,
    debian: `sudo apt-get install ${wanted.map((p) => p.debian).join(' ')}`,
  };
}

/** The devices torch reports, in words: what the Train panel shows before a run. */
export function devicesInWords(report: ProbeReport): string {
  if (report.cuda > 0) return `${report.cuda} CUDA GPU${report.cuda > 1 ? 's' : ''}`;
  return report.mps ? 'Apple GPU (MPS)' : 'CPU only';
}

const shellWord = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);
