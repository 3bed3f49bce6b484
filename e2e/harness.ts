/**
 * A tiny sequential test harness. Steps come in groups that run in order; within a group a failure
 * skips the group's later steps (they build on it), never another group's, so one broken step
 * still lets every other part of the app report.
 */

export interface StepResult {
  group: string;
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  ms: number;
  error?: string;
}

export type Step = [name: string, run: () => Promise<void>];

export interface StepGroup {
  name: string;
  steps: readonly Step[];
}

export async function runGroups(groups: readonly StepGroup[]): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const group of groups) {
    console.log(`${group.name}:`);
    results.push(...(await runSteps(group)));
  }
  return results;
}

async function runSteps({ name: group, steps }: StepGroup): Promise<StepResult[]> {
  const results: StepResult[] = [];
  let failed = false;
  for (const [name, run] of steps) {
    if (failed) {
      results.push({ group, name, status: 'skipped', ms: 0 });
      console.log(`  - ${name} (skipped)`);
      continue;
    }
    const t0 = performance.now();
    try {
      await run();
      const ms = performance.now() - t0;
      results.push({ group, name, status: 'passed', ms });
      console.log(`  ✓ ${name} (${Math.round(ms)} ms)`);
    } catch (error) {
      failed = true;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ group, name, status: 'failed', ms: performance.now() - t0, error: message });
      console.log(`  ✗ ${name}\n    ${message.split('\n').join('\n    ')}`);
    }
  }
  return results;
}

export function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

/** "N passed, M failed[, K skipped]". */
export function summary(results: readonly StepResult[]): string {
  const count = (s: StepResult['status']) => results.filter((r) => r.status === s).length;
  const skipped = count('skipped');
  return `${count('passed')} passed, ${count('failed')} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

/** One summary line per group, then the total. */
export function groupSummary(results: readonly StepResult[]): string {
  const groups = [...new Set(results.map((r) => r.group))];
  return [...groups.map((g) => `  ${g}: ${summary(results.filter((r) => r.group === g))}`), summary(results)].join('\n');
}
