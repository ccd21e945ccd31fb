import { SKETCH_ALPHA, sketchQuantile } from '../engine/sketch.js';
import type { Tally } from '../engine/tally.js';
import type { Plan } from '../model/plan.js';
import { civilDate, formatIsoDate } from '../util/calendar.js';
import { histogramQuantile, quantileSorted } from './quantile.js';
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

/** Quantiles of the cash at checkpoint k: exact (type 7 over all paths) or from the sketch. */
function cashQuantile(tally: Tally, k: number, scratch: Float64Array): (q: number) => number {
  if (tally.cash.mode === 'sketch') {
    const sketch = tally.cash.sketches[k]!;
    return (q) => sketchQuantile(sketch, q);
  }
  scratch.set(tally.cash.samples[k]!);
  scratch.sort();
  return (q) => quantileSorted(scratch, q);
}

/** Turns a tally into the Result (pure). */
export function analyse(plan: Plan, tally: Tally, info: RunInfo): Result {
  const n = tally.paths;
  const dateOf = (t: number) => formatIsoDate(plan.startDay + t);
  const cumulative = new Float64Array(plan.days);
  let acc = 0;
  for (let t = 0; t < plan.days; t++) cumulative[t] = acc += tally.ruinCount[t]!;
  const ruined = acc;

  const sorted = new Float64Array(tally.cash.mode === 'exact' ? n : 0);
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
      cashQuantiles: tally.cash.mode === 'exact' ? 'exact (type 7, all paths)' : `sketch (relative error ${SKETCH_ALPHA * 100}%)`,
      ...(info.precision === undefined ? {} : { precision: info.precision }),
    },
    ruin: {
      byDate: Array.from(plan.reportSteps, (t) => ({ date: dateOf(t), ruinedPaths: cumulative[t]!, ...estimate(cumulative[t]!, n) })),
      dateQuantiles: ruined === 0 ? [] : RUIN_DATE_QUANTILES.map((q) => ({ q, date: dateOf(histogramQuantile(tally.ruinCount, ruined, q)) })),
    },
    survival: Array.from(cumulative, (c, t) => ({ date: dateOf(t), probability: (n - c) / n })),
    cash: Array.from(plan.checkpoints, (t, k) => {
      const quantile = cashQuantile(tally, k, sorted);
      return {
        date: dateOf(t),
        monthEnd: civilDate(plan.startDay + t + 1).day === 1,
        mean: tally.cashSum[k]! / n,
        p5: quantile(0.05),
        p25: quantile(0.25),
        p50: quantile(0.5),
        p75: quantile(0.75),
        p95: quantile(0.95),
        belowZero: tally.cashNegative[k]! / n,
      };
    }),
    events: [...plan.datedEvents, ...plan.triggeredEvents].map((e, k) => ({ name: e.name, ...estimate(tally.eventLanded[k]!, n) })),
    provenance: [...info.provenance],
  };
}
