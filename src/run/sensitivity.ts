import { type Sensitivity, analyseSensitivity } from '../analysis/sensitivity.js';
import { compile } from '../model/compile.js';
import type { Scenario } from '../scenario/schema.js';
import { type IsoDate, dayOf } from '../util/calendar.js';
import { type Execution, runKeeping } from './run.js';

/** Most paths `runway sensitivity` keeps (each input's value for every path is held in memory). */
export const MAX_SENSITIVITY_PATHS = 2_000_000;
/** Most input values (inputs × paths, 8 bytes each) `runway sensitivity` keeps. */
export const MAX_SENSITIVITY_VALUES = 50_000_000;

/**
 * The sensitivity of P(ruin by `by`) (default: the horizon) to each per-path input, from one run
 * of the scenario's paths that keeps every path's inputs and ruin day.
 */
export async function runSensitivity(scenario: Scenario, toolVersion: string, by: IsoDate | undefined, execution: Execution): Promise<Sensitivity> {
  const plan = compile(scenario);
  const { result, tally } = await runKeeping(scenario, toolVersion, { ...execution, exactCashLimit: 0 }, { ruinSteps: true, inputs: true }, plan);
  const step = by === undefined ? plan.days - 1 : dayOf(by) - plan.startDay;
  return analyseSensitivity(plan, tally, step, { name: scenario.name, sha256: result.scenario.sha256, seed: scenario.seed });
}
