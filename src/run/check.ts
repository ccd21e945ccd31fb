import { type Assertion, type Decision, decide } from '../analysis/check.js';
import type { Scenario } from '../scenario/schema.js';
import type { Progress } from './compare.js';
import { WorkerPool } from './pool.js';
import { type Execution, runUntil } from './run.js';

/** A scenario to check (its report dates include every assertion's date) and its limits. */
export interface CheckRequest {
  readonly file: string;
  readonly scenario: Scenario;
  readonly assertions: readonly Assertion[];
}

/** One scenario's verdicts. */
export interface CheckedScenario {
  readonly file: string;
  readonly paths: number;
  readonly seed: string;
  readonly cases: readonly {
    readonly assertion: Assertion;
    readonly decision: Decision;
    readonly probability: number;
    /** The interval at the check's confidence. */
    readonly low: number;
    readonly high: number;
  }[];
}

/**
 * `runway check`: each scenario's limits, decided at confidence z (the two-sided z of the level).
 * A limit is breached only when its interval lies wholly on the wrong side; while an interval
 * straddles a limit, the paths are doubled (whole blocks) up to `maxPaths`, and what is still
 * undecided then stays undecided. Scenarios run one after another on one set of worker threads;
 * `onChecked` hears each as soon as it is decided.
 */
export async function runCheck(
  requests: readonly CheckRequest[],
  toolVersion: string,
  execution: Execution,
  decision: { readonly z: number; readonly maxPaths: number },
  onChecked: (checked: CheckedScenario) => void,
  progressFor?: (file: string) => Progress,
): Promise<CheckedScenario[]> {
  const out: CheckedScenario[] = [];
  const pool = new WorkerPool();
  try {
    for (const { file, scenario, assertions } of requests) {
      const reportDates = [...new Set([...scenario.report.by, scenario.horizon])].sort();
      const counted = (ruinedByDate: readonly number[], a: Assertion) => ruinedByDate[reportDates.indexOf(a.by)]!;
      const progress = progressFor?.(file);
      const { result } = await runUntil(scenario, toolVersion, { ...execution, pool, ...(progress ? { onProgress: progress.update } : {}) }, {
        maxPaths: decision.maxPaths,
        done: (ruined, n) => assertions.every((a) => decide(a, counted(ruined, a), n, decision.z).decision !== 'undecided'),
      });
      progress?.finish();
      const n = result.run.paths;
      const checked: CheckedScenario = {
        file,
        paths: n,
        seed: result.run.seed,
        cases: assertions.map((assertion) => {
          const row = result.ruin.byDate.find((r) => r.date === assertion.by)!;
          return { assertion, probability: row.probability, ...decide(assertion, row.ruinedPaths, n, decision.z) };
        }),
      };
      onChecked(checked);
      out.push(checked);
    }
  } finally {
    await pool.close();
  }
  return out;
}
