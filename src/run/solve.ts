import { type Solution, type Target, solve, MOST_TRIALS_AFTER_BRACKET } from '../analysis/solve.js';
import { compile } from '../model/compile.js';
import { scenarioHash } from '../scenario/canonical.js';
import type { Scenario } from '../scenario/schema.js';
import { type How, type Varied, resolveVary } from '../scenario/vary.js';
import { WorkerPool } from './pool.js';
import { type Execution, runKeeping } from './run.js';

/** What `solve` moves: a field (`varied`), how (`how`), optionally within `range`. */
export interface Vary {
  readonly varied: Varied;
  readonly how: How;
  readonly range?: readonly [number, number];
}

/**
 * `runway solve`: the move of one field that makes P(ruin by the target date) meet the target,
 * each trial a run of the scenario's paths with its seed (common random numbers), all on one set
 * of worker threads. Trials stop at the target date (later days cannot change P(ruin by it)).
 * `onTrial` hears the number of trials run so far and, once the bracket is found, the most there
 * will be.
 */
export async function runSolve(scenario: Scenario, toolVersion: string, vary: Vary, target: Target, execution: Execution, onTrial?: (trials: number, most: number | undefined) => void): Promise<Solution> {
  let trials = 0;
  let most: number | undefined;
  const pool = new WorkerPool();
  const evaluate = async (s: Scenario): Promise<Uint8Array> => {
    const truncated: Scenario = { ...s, horizon: target.date, report: { by: s.report.by.filter((d) => d <= target.date) }, expect: [] };
    const plan = compile(truncated);
    const { tally } = await runKeeping(truncated, toolVersion, { ...execution, pool, exactCashLimit: 0 }, { ruinSteps: true }, plan);
    onTrial?.(++trials, most);
    return Uint8Array.from(tally.ruinStep, (t) => (t >= 0 && t < plan.days ? 1 : 0));
  };
  let solution: Awaited<ReturnType<typeof solve>>;
  try {
    solution = await solve(scenario, vary.varied, vary.how, target, evaluate, vary.range, () => (most = trials + MOST_TRIALS_AFTER_BRACKET));
  } finally {
    await pool.close();
  }
  const { scenarioAtAnswer, kind, schemaVersion, ...rest } = solution;
  const moved = resolveVary(scenarioAtAnswer, vary.varied.path);
  const atAnswer = moved.ok ? moved.varied.current : NaN;
  return { kind, schemaVersion, scenario: { name: scenario.name, sha256: scenarioHash(scenario) }, ...rest, vary: { ...rest.vary, atAnswer } };
}
