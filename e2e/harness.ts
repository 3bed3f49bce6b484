/** A tiny sequential test harness: steps run in order; after a failure the rest are skipped (they build on it). */

export interface StepResult {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  ms: number;
  error?: string;
}

export type Step = [name: string, run: () => Promise<void>];

export async function runSteps(steps: readonly Step[]): Promise<StepResult[]> {
  const results: StepResult[] = [];
  let failed = false;
  for (const [name, run] of steps) {
    if (failed) {
      results.push({ name, status: 'skipped', ms: 0 });
      console.log(`  - ${name} (skipped)`);
      continue;
    }
    const t0 = performance.now();
    try {
      await run();
      const ms = performance.now() - t0;
      results.push({ name, status: 'passed', ms });
      console.log(`  ✓ ${name} (${Math.round(ms)} ms)`);
    } catch (error) {
      failed = true;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ name, status: 'failed', ms: performance.now() - t0, error: message });
      console.log(`  ✗ ${name}\n    ${message.split('\n').join('\n    ')}`);
    }
  }
  return results;
}

export function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

export function summary(results: readonly StepResult[]): string {
  const count = (s: StepResult['status']) => results.filter((r) => r.status === s).length;
  const skipped = count('skipped');
  return `${count('passed')} passed, ${count('failed')} failed${skipped ? `, ${skipped} skipped` : ''}`;
}
