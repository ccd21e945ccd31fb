import { type Fit, type FitOptions, fitActuals } from '../analysis/fit.js';
import { type FittedScenarioOptions, type FragmentBase, type ScenarioDocument, fittedScenario, fragmentOf } from '../analysis/fitted-scenario.js';
import type { Actuals } from '../scenario/actuals.js';
import { parseScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { formatDiagnostic } from '../util/diagnostic.js';

/**
 * A fitted history: what was learnt, the scenario it makes (validated, as a scenario file is), and
 * the document to write: that scenario, or with `fragmentOf`, the part of it that extends a base.
 */
export interface FittedRun {
  readonly fit: Fit;
  readonly document: ScenarioDocument;
  readonly scenario: Scenario;
}

/**
 * `runway fit`: fits the actuals (up to `through`, a backtest's cut-off) and makes the scenario
 * they say. A string says why it cannot be done.
 */
export function fitScenario(actuals: Actuals, options: FittedScenarioOptions & FitOptions & { readonly fragmentOf?: FragmentBase }): FittedRun | string {
  const fit = fitActuals(actuals, options);
  if (typeof fit === 'string') return `${actuals.file}: ${fit}`;
  const { fragmentOf: fragment, ...standalone } = options;
  const whole = fittedScenario(fit, standalone);
  if (typeof whole === 'string') return whole;
  const parsed = parseScenario(JSON.stringify(whole));
  // the fitted document is built to be valid: a problem here is a bug, reported with its cause
  if (!parsed.ok) throw new Error(`the fitted scenario is not valid: ${parsed.diagnostics.map((d) => formatDiagnostic(d, '<fitted>')).join('; ')}`);
  return { fit, document: fragment === undefined ? whole : fragmentOf(whole, fragment), scenario: parsed.value };
}
