/** The study's held-out sets, written by models/training/study_sets.py (the training code owns the data). */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface StudyImage {
  index: number;
  /** The image's levels, base64. */
  levels: string;
  /** Hole masks by name, base64. */
  holes: Record<string, string>;
}

export interface StudySet {
  model: string;
  height: number;
  width: number;
  channels: number;
  levels: number;
  what: string;
  images: StudyImage[];
}

/** Both sets; `args` go to study_sets.py (e.g. `--digits 1 --emoji 24`). */
export async function loadStudySets(args: readonly string[] = []): Promise<{ mnist: StudySet; emoji: StudySet }> {
  const file = path.join(os.tmpdir(), `gibbs-study-sets-${process.pid}.json`);
  execFileSync('/usr/bin/python3', ['-m', 'models.training.study_sets', ...args, '--out', file], { cwd: ROOT, stdio: 'inherit' });
  return JSON.parse(await readFile(file, 'utf8')) as { mnist: StudySet; emoji: StudySet };
}

export const bytes = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));

/** `count` of the items, evenly spread (the first and the last included). */
export const spread = <T>(items: readonly T[], count: number): T[] =>
  count <= 0 ? [] : count >= items.length ? [...items] : Array.from({ length: count }, (_, i) => items[Math.round((i * (items.length - 1)) / Math.max(1, count - 1))]!);
