import { type Comparison, type ComparedRun, compareRuns, gateOf } from '../analysis/compare.js';
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

/** A scenario to compare: its file, the `--set` overrides it was loaded with, and the scenario. */
export interface CompareRequest {
  readonly file: string;
  readonly overrides: readonly string[];
  readonly scenario: Scenario;
}

/** `compare --max-increase`: the limit on ΔP, the interval's level (and its z), and the cap on paths while a case is undecided. */
export interface GateRule {
  readonly maxIncrease: number;
  readonly confidence: number;
  readonly z: number;
  readonly maxPaths: number;
}

/**
 * `runway compare`: every scenario on the baseline's calendar, paths, seed and report dates
 * (common random numbers), one after another on one set of worker threads, with paired
 * differences from the baseline (the first). With a gate, while a candidate's interval straddles
 * the limit the comparison runs again on twice the paths (the same seed: the first paths are the
 * same), up to `maxPaths`; what is still undecided then stays undecided.
 */
export async function runCompare(
  scenarios: readonly CompareRequest[],
  toolVersion: string,
  execution: Execution,
  progressFor?: (file: string) => Progress,
  gate?: GateRule,
): Promise<{ comparison: Comparison; results: Result[] }> {
  const pool = new WorkerPool();
  try {
    for (let paths = scenarios[0]!.scenario.paths; ; paths *= 2) {
      const runs = await runAll(scenarios, paths, toolVersion, { ...execution, pool }, progressFor);
      const comparison = compareRuns(runs);
      const results = runs.map((r) => r.result);
      if (gate === undefined) return { comparison, results };
      const verdicts = gateOf(runs, gate);
      if (verdicts.cases.every((c) => c.decision !== 'undecided') || paths * 2 > gate.maxPaths) return { comparison: { ...comparison, gate: verdicts }, results };
    }
  } finally {
    await pool.close();
  }
}

/** Runs every scenario on `paths` paths and the baseline's seed and report dates, keeping each path's ruin step. */
async function runAll(scenarios: readonly CompareRequest[], paths: number, toolVersion: string, execution: Execution, progressFor?: (file: string) => Progress): Promise<ComparedRun[]> {
  const base = scenarios[0]!.scenario;
  const runs: ComparedRun[] = [];
  for (const { file, overrides, scenario } of scenarios) {
    const aligned: Scenario = { ...scenario, paths, seed: base.seed, report: { ...scenario.report, by: base.report.by } };
    const progress = progressFor?.(file);
    const run = await runKeeping(aligned, toolVersion, { ...execution, ...(progress ? { onProgress: progress.update } : {}) }, { ruinSteps: true });
    progress?.finish();
    runs.push({ file, overrides, ...run });
  }
  return runs;
}
