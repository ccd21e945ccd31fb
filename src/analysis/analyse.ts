import { FLOW_SKETCH, sketchQuantile } from '../engine/sketch.js';
import { SHORTFALL_COLUMNS, type Tally } from '../engine/tally.js';
import { DAYS_PER_MONTH } from '../model/compile.js';
import type { Plan } from '../model/plan.js';
import { civilDate, formatIsoDate } from '../util/calendar.js';
import { histogramQuantile, quantilesBySelection } from './quantile.js';
import { type ProbabilityEstimate, type Provenance, type Result, SCHEMA_VERSION } from './result.js';
import { proportionStandardError, wilsonInterval } from './wilson.js';

export const RUIN_DATE_QUANTILES = [0.1, 0.5, 0.9] as const;

export interface RunInfo {
  readonly toolVersion: string;
  readonly scenarioName: string;
  readonly scenarioSha256: string;
  readonly seed: string;
  readonly blockSize: number;
  readonly rng: string;
  readonly normal: string;
  readonly provenance: readonly Provenance[];
  readonly precision: Result['run']['precision'];
}

/** Estimate of a proportion k/n with its standard error and 95% Wilson interval. */
export function estimate(k: number, n: number): ProbabilityEstimate {
  return { probability: k / n, standardError: proportionStandardError(k, n), ci95: wilsonInterval(k, n) };
}

/**
 * Quantiles qs of column k (a checkpoint's cash, or a shortfall): exact (type 7 over its values,
 * by selection, NaN skipped) or from its sketch, held within the column's least and greatest value
 * (so cash that is the same on every path shows that value exactly).
 */
function columnQuantiles(tally: Tally, k: number, qs: readonly number[]): number[] {
  if (tally.cash.mode === 'exact') {
    const column = tally.cash.column(k);
    return quantilesBySelection(k < tally.cashSum.length - SHORTFALL_COLUMNS ? column : withoutNaN(column), qs);
  }
  const sketch = tally.cash.sketches[k]!;
  return qs.map((q) => Math.min(tally.cashMax[k]!, Math.max(tally.cashMin[k]!, sketchQuantile(sketch, q))));
}

const CASH_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];

/**
 * Expected runway within the horizon: a path ruined on step t ended t days solvent, one never
 * ruined counts all T days; mean and standard error over paths, in months.
 */
function runwayOf(ruinCount: Float64Array, n: number, T: number): Result['runway'] {
  let sum = 0;
  let squares = 0;
  let ruined = 0;
  for (let t = 0; t < T; t++) {
    sum += ruinCount[t]! * t;
    squares += ruinCount[t]! * t * t;
    ruined += ruinCount[t]!;
  }
  sum += (n - ruined) * T;
  squares += (n - ruined) * T * T;
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (squares - n * mean * mean) / (n - 1)) : 0;
  return { expectedMonths: mean / DAYS_PER_MONTH, standardError: Math.sqrt(variance / n) / DAYS_PER_MONTH, horizonMonths: T / DAYS_PER_MONTH };
}

/** Shortfall of the ruined paths, from the two shortfall columns after the checkpoints. */
function shortfallOf(tally: Tally, checkpoints: number, ruined: number): Result['shortfall'] {
  if (ruined === 0) return null;
  const summary = (k: number) => {
    const [p10, p50, p90] = columnQuantiles(tally, k, [0.1, 0.5, 0.9]);
    return { mean: tally.cashSum[k]! / ruined, p10: p10!, p50: p50!, p90: p90! };
  };
  return {
    ruinedPaths: ruined,
    atRuin: summary(checkpoints),
    deepest: summary(checkpoints + 1),
    quantiles: tally.cash.mode === 'exact' ? 'exact (type 7, ruined paths)' : 'sketch (relative error 0.1%)',
  };
}

/** The values that are not NaN, in order (a copy). */
function withoutNaN(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (x === x) out[m++] = x;
  }
  return out.subarray(0, m);
}

/** Turns a tally into the Result (pure). */
export function analyse(plan: Plan, tally: Tally, info: RunInfo): Result {
  const n = tally.paths;
  const dateOf = (t: number) => formatIsoDate(plan.startDay + t);
  const cumulative = new Float64Array(plan.days);
  let acc = 0;
  for (let t = 0; t < plan.days; t++) cumulative[t] = acc += tally.ruinCount[t]!;
  const ruined = acc;

  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'runway', version: info.toolVersion },
    scenario: {
      name: info.scenarioName,
      sha256: info.scenarioSha256,
      start: dateOf(0),
      horizon: dateOf(plan.days - 1),
      step: 'day',
      days: plan.days,
    },
    run: {
      seed: info.seed,
      paths: n,
      blockSize: info.blockSize,
      rng: info.rng,
      normal: info.normal,
      cashQuantiles: tally.cash.mode === 'exact' ? 'exact (type 7, all paths)' : 'sketch (relative error 0.1%)',
      ...(info.precision === undefined ? {} : { precision: info.precision }),
    },
    ruin: {
      byDate: Array.from(plan.reportSteps, (t) => ({ date: dateOf(t), ruinedPaths: cumulative[t]!, ...estimate(cumulative[t]!, n) })),
      dateQuantiles: ruined === 0 ? [] : RUIN_DATE_QUANTILES.map((q) => ({ q, date: dateOf(histogramQuantile(tally.ruinCount, ruined, q)) })),
    },
    runway: runwayOf(tally.ruinCount, n, plan.days),
    shortfall: shortfallOf(tally, plan.checkpoints.length, ruined),
    survival: Array.from(cumulative, (c, t) => ({ date: dateOf(t), probability: (n - c) / n })),
    cash: Array.from(plan.checkpoints, (t, k) => {
      const [p5, p25, p50, p75, p95] = columnQuantiles(tally, k, CASH_QUANTILES);
      return {
        date: dateOf(t),
        monthEnd: civilDate(plan.startDay + t + 1).day === 1,
        mean: tally.cashSum[k]! / n,
        p5: p5!,
        p25: p25!,
        p50: p50!,
        p75: p75!,
        p95: p95!,
        belowZero: tally.cashNegative[k]! / n,
      };
    }),
    events: [...plan.datedEvents, ...plan.triggeredEvents].map((e, k) => ({ name: e.name, ...estimate(tally.eventLanded[k]!, n) })),
    actions: plan.rules.map((rule, r) => {
      const first = tally.fired.subarray(r * plan.days, (r + 1) * plan.days);
      const fired = first.reduce((sum, c) => sum + c, 0);
      return {
        name: rule.name,
        ...estimate(fired, n),
        firedPaths: fired,
        firstDates: fired === 0 ? [] : RUIN_DATE_QUANTILES.map((q) => ({ q, date: dateOf(histogramQuantile(first, fired, q)) })),
        meanFirings: tally.firings[r]! / n,
      };
    }),
    flows: flowsOf(plan, tally),
    provenance: [...info.provenance],
  };
}

/** Each flow series' money by month: the mean (exact) and p5/p50/p95 (from its sketch, within the least and greatest value). */
function flowsOf(plan: Plan, tally: Tally): Result['flows'] {
  const ends = plan.flows.monthEnds;
  const months = Array.from(ends, (t, m) => {
    const from = m === 0 ? 0 : ends[m - 1]! + 1;
    return { month: formatIsoDate(plan.startDay + t).slice(0, 7), from: formatIsoDate(plan.startDay + from), to: formatIsoDate(plan.startDay + t) };
  });
  return {
    quantiles: tally.flowSketches.length > 0 ? 'sketch (relative error 1%)' : 'none (more than 4096 series × months)',
    months,
    series: plan.flows.series.map((s, k) => ({
      name: s.name,
      kind: s.kind,
      ...(s.section === undefined ? {} : { section: s.section }),
      monthly: months.map((_, m) => {
        const cell = k * ends.length + m;
        const mean = tally.flowSum[cell]! / tally.paths;
        const sketch = tally.flowSketches[cell];
        if (sketch === undefined) return { mean };
        // the sketch's value, held within the least and greatest value (exact: a line that is the same on every path shows that value)
        const [low, high] = [tally.flowMin[cell]!, tally.flowMax[cell]!];
        const [p5, p50, p95] = [0.05, 0.5, 0.95].map((q) => Math.min(high, Math.max(low, sketchQuantile(sketch, q, FLOW_SKETCH))));
        return { mean, p5: p5!, p50: p50!, p95: p95! };
      }),
    })),
  };
}
