import type { Tally } from '../engine/tally.js';
import type { Plan } from '../model/plan.js';
import { pairedDifference, pairedRuinCounts } from './paired.js';
import type { ProbabilityEstimate, Result } from './result.js';

/**
 * A comparison of scenarios on common random numbers: the same calendar, paths and seed, so that
 * path i sees the same draws for every driver the scenarios share. The first scenario is the
 * baseline; every other one carries the paired difference ΔP = P(other) − P(baseline) by each
 * date, with its interval.
 */
export interface Comparison {
  readonly schemaVersion: 1;
  readonly kind: 'comparison';
  readonly tool: Result['tool'];
  readonly calendar: { readonly start: string; readonly horizon: string; readonly days: number };
  readonly run: Omit<Result['run'], 'precision' | 'cashQuantiles'>;
  readonly dates: readonly string[];
  readonly scenarios: readonly ComparedScenario[];
}

export interface ComparedScenario {
  readonly file: string;
  readonly name: string;
  readonly sha256: string;
  readonly baseline: boolean;
  readonly ruin: readonly ({
    readonly date: string;
    readonly ruinedPaths: number;
    /** Paired difference from the baseline (absent on the baseline itself). */
    readonly delta?: { readonly difference: number; readonly standardError: number; readonly ci95: { readonly low: number; readonly high: number }; readonly unpairedStandardError: number };
  } & ProbabilityEstimate)[];
  /** Median ruin date among ruined paths; absent when no path was ruined. */
  readonly medianRuinDate?: string;
  readonly horizonCash: { readonly p5: number; readonly p50: number };
}

export interface ComparedRun {
  readonly file: string;
  readonly result: Result;
  /** With per-path ruin steps (`keepRuinSteps`). */
  readonly tally: Tally;
  /** Its report steps are the result's report dates, in order. */
  readonly plan: Pick<Plan, 'reportSteps'>;
}

/** Builds the comparison from runs on one calendar, paths and seed (checked by the caller). */
export function compareRuns(runs: readonly ComparedRun[]): Comparison {
  const base = runs[0]!;
  const start = base.result.scenario.start;
  const { precision: _p, cashQuantiles: _c, ...run } = base.result.run;
  return {
    schemaVersion: 1,
    kind: 'comparison',
    tool: base.result.tool,
    calendar: { start, horizon: base.result.scenario.horizon, days: base.result.scenario.days },
    run,
    dates: base.result.ruin.byDate.map((r) => r.date),
    scenarios: runs.map((r, k) => {
      const horizon = r.result.cash[r.result.cash.length - 1]!;
      const median = r.result.ruin.dateQuantiles.find((q) => q.q === 0.5);
      return {
        file: r.file,
        name: r.result.scenario.name,
        sha256: r.result.scenario.sha256,
        baseline: k === 0,
        ruin: r.result.ruin.byDate.map((row, d) => (k === 0 ? row : { ...row, delta: pairedDifference(pairedRuinCounts(base.tally.ruinStep, r.tally.ruinStep, base.plan.reportSteps[d]!)) })),
        ...(median === undefined ? {} : { medianRuinDate: median.date }),
        horizonCash: { p5: horizon.p5, p50: horizon.p50 },
      };
    }),
  };
}
