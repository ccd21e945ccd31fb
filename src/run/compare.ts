import { type Comparison, type ComparedRun, compareRuns } from '../analysis/compare.js';
import type { Result } from '../analysis/result.js';
import type { Scenario } from '../scenario/schema.js';
import { WorkerPool } from './pool.js';
import { type Execution, runKeeping } from './run.js';

/** A progress display for one of several runs. */
export interface Progress {
  update(done: number, planned: number): void;
  finish(): void;
}

/**
 * Why scenarios cannot be compared with the baseline: compare needs one calendar (the same start,
 * horizon and step). One message per scenario at fault.
 */
export function calendarProblems(baseline: Scenario, others: readonly { file: string; scenario: Scenario }[]): string[] {
  return others
    .filter(({ scenario: s }) => s.start !== baseline.start || s.horizon !== baseline.horizon || s.step !== baseline.step)
    .map(
      ({ file, scenario: s }) =>
        `${file}: calendar ${s.start} to ${s.horizon} (${s.step}) differs from the baseline's ${baseline.start} to ${baseline.horizon} (${baseline.step}); compare needs one calendar`,
    );
}

/**
 * `runway compare`: every scenario on the baseline's calendar, paths, seed and report dates
 * (common random numbers), one after another on one set of worker threads, with paired
 * differences from the baseline (the first).
 */
export async function runCompare(
  scenarios: readonly { file: string; scenario: Scenario }[],
  toolVersion: string,
  execution: Execution,
  progressFor?: (file: string) => Progress,
): Promise<{ comparison: Comparison; results: Result[] }> {
  const base = scenarios[0]!.scenario;
  const runs: ComparedRun[] = [];
  const pool = new WorkerPool();
  try {
    for (const [k, { file, scenario }] of scenarios.entries()) {
      const aligned: Scenario = k === 0 ? base : { ...scenario, paths: base.paths, seed: base.seed, report: { ...scenario.report, by: base.report.by } };
      const progress = progressFor?.(file);
      const run = await runKeeping(aligned, toolVersion, { ...execution, pool, ...(progress ? { onProgress: progress.update } : {}) }, { ruinSteps: true });
      progress?.finish();
      runs.push({ file, ...run });
    }
  } finally {
    await pool.close();
  }
  return { comparison: compareRuns(runs), results: runs.map((r) => r.result) };
}
