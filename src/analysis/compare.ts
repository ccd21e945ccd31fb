import type { Tally } from '../engine/tally.js';
import type { Plan } from '../model/plan.js';
import type { Decision } from './check.js';
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
  /** With `compare --max-increase`: each candidate's verdict by each date. */
  readonly gate?: Gate;
}

/**
 * A gate on the effect of a change: each candidate's ΔP by each date must be at most
 * `maxIncrease`. A case is breached only when its paired interval (at `confidence`) lies wholly
 * above the limit, passed when it lies wholly at or below it, and undecided while it straddles it.
 */
export interface Gate {
  readonly maxIncrease: number;
  readonly confidence: number;
  readonly cases: readonly {
    readonly scenario: number;
    readonly date: string;
    readonly difference: number;
    readonly low: number;
    readonly high: number;
    readonly decision: Decision;
  }[];
}

export interface ComparedScenario {
  readonly file: string;
  /** The `--set` overrides this scenario was run with (none: as in its file). */
  readonly overrides: readonly string[];
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
  readonly overrides: readonly string[];
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
        overrides: r.overrides,
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

/** The gate's verdicts for every candidate (all runs but the first, the baseline) by every report date, at two-sided z. */
export function gateOf(runs: readonly ComparedRun[], rule: { readonly maxIncrease: number; readonly confidence: number; readonly z: number }): Gate {
  const base = runs[0]!;
  const cases = runs.slice(1).flatMap((r, k) =>
    Array.from(base.plan.reportSteps, (step, d) => {
      const delta = pairedDifference(pairedRuinCounts(base.tally.ruinStep, r.tally.ruinStep, step), rule.z);
      const { low, high } = delta.ci95;
      const decision: Decision = low > rule.maxIncrease ? 'breach' : high <= rule.maxIncrease ? 'pass' : 'undecided';
      return { scenario: k + 1, date: base.result.ruin.byDate[d]!.date, difference: delta.difference, low, high, decision };
    }),
  );
  return { maxIncrease: rule.maxIncrease, confidence: rule.confidence, cases };
}
