import { type Brier, type Coverage, type UniformityTest, brier, coverage, ksUniform, pit, pitHistogram, sampleQuantile } from '../analysis/calibration.js';
import type { Actuals } from '../scenario/actuals.js';
import type { Scenario } from '../scenario/schema.js';
import { compile } from '../model/compile.js';
import { formatIsoDate } from '../util/calendar.js';
import type { Ledger } from './ledger.js';
import { fitScenario } from './fit.js';
import { type Execution, runTraced } from './run.js';
import { LEDGER_FIELDS } from './ledger.js';

/**
 * `runway backtest`: for each cut-off in the history, a forecast made with the data up to it
 * (fitted afresh, or a given scenario from its start), scored against what happened next: each
 * period's cash and each line's money, by the PIT of the outcome among the simulated paths and the
 * coverage of the 50% and 90% bands; with a threshold, the Brier score of "cash below it within
 * the horizon".
 */
export interface BacktestOptions {
  /** Periods forecast after each cut-off. */
  readonly horizon: number;
  /** Rows fitted before the first cut-off. */
  readonly minHistory: number;
  readonly paths: number;
  readonly seed: number;
  /** Cash level of the Brier event "cash below X at a period's end within the horizon". */
  readonly threshold?: number;
  /** Score this scenario from its start instead of fitting at each cut-off. */
  readonly scenario?: Scenario;
}

/** One forecast of one series at one lead time, and what happened. */
export interface Forecast {
  /** `cash` or `revenue:NAME` / `costs:NAME`. */
  readonly target: string;
  /** Periods after the cut-off (1 = the next period). */
  readonly lead: number;
  /** The period's last day. */
  readonly date: string;
  readonly actual: number;
  readonly pit: number;
  readonly p5: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
}

export interface Cutoff {
  /** The last row fitted: its line in the file and its period's last day. */
  readonly line: number;
  readonly date: string;
  readonly forecasts: readonly Forecast[];
  /** With a threshold: the forecast probability of the event and whether it happened (when the whole horizon was observed). */
  readonly event?: { readonly p: number; readonly happened: boolean };
}

export interface TargetScore {
  readonly target: string;
  /** Forecasts scored (every lead time). */
  readonly n: number;
  readonly coverage50: Coverage;
  readonly coverage90: Coverage;
  /** PITs of every lead time in ten bins (the calibration chart). */
  readonly pitHistogram: readonly number[];
  /** Kolmogorov–Smirnov test of the one-period-ahead PITs (independent of each other under a calibrated model; longer leads overlap). */
  readonly uniformity: UniformityTest;
}

export interface Backtest {
  readonly file: string;
  readonly period: Actuals['period'];
  readonly mode: 'fit' | 'scenario';
  readonly horizon: number;
  readonly minHistory: number;
  readonly paths: number;
  readonly seed: number;
  readonly threshold?: number;
  readonly targets: readonly TargetScore[];
  readonly brier?: Brier;
  readonly cutoffs: readonly Cutoff[];
}

/** Most forecasts a backtest runs (cut-offs), and paths per forecast. */
export const MAX_BACKTEST_CUTOFFS = 1000;
export const MAX_BACKTEST_PATHS = 100_000;
/** Most values a forecast keeps (every path's cash and lines at each period: 8 bytes each, 400 MB). */
export const MAX_BACKTEST_VALUES = 50_000_000;

export async function backtest(actuals: Actuals, options: BacktestOptions, toolVersion: string, execution: Execution): Promise<Backtest | string> {
  const rows = actuals.rows;
  const cuts: number[] = [];
  if (options.scenario !== undefined) {
    const start = options.scenario.start;
    const k = rows.findIndex((r) => formatIsoDate(r.last + 1) === start);
    if (k < 0) return `the scenario starts on ${start}, which is not the day after a row of ${actuals.file}: a scenario is scored from the day after the last row it knew`;
    if (k === rows.length - 1) return `the scenario starts on ${start}, after the last row of ${actuals.file}: there is nothing yet to score it against`;
    cuts.push(k);
  } else {
    for (let k = options.minHistory - 1; k < rows.length - 1; k++) cuts.push(k);
    if (cuts.length === 0) return `${rows.length} rows: a backtest needs more than --min-history (${options.minHistory}) rows, so that at least one forecast has an outcome`;
  }
  if (cuts.length > MAX_BACKTEST_CUTOFFS) return `${cuts.length} cut-offs: at most ${MAX_BACKTEST_CUTOFFS} (raise --min-history)`;
  const series = 1 + actuals.columns.filter((c) => c.kind === 'line').length;
  if (options.paths * options.horizon * series > MAX_BACKTEST_VALUES) {
    return `${options.paths} paths × ${options.horizon} ${actuals.period}s × ${series} series (cash and lines) is more than the ${MAX_BACKTEST_VALUES} values a forecast keeps: use fewer --paths or a shorter --horizon`;
  }
  const cutoffs: Cutoff[] = [];
  for (const k of cuts) {
    execution.signal?.throwIfAborted();
    const scenario = options.scenario ?? fittedAt(actuals, k, options);
    if (typeof scenario === 'string') return scenario;
    cutoffs.push(await forecastFrom(actuals, k, scenario, options, toolVersion, execution));
    execution.onProgress?.(cutoffs.length, cuts.length);
  }
  return {
    file: actuals.file,
    period: actuals.period,
    mode: options.scenario === undefined ? 'fit' : 'scenario',
    horizon: options.horizon,
    minHistory: options.minHistory,
    paths: options.paths,
    seed: options.seed,
    ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
    targets: scores(cutoffs),
    ...(options.threshold === undefined ? {} : { brier: brier(cutoffs.flatMap((c) => (c.event === undefined ? [] : [{ p: c.event.p, outcome: c.event.happened }]))) }),
    cutoffs,
  };
}

function fittedAt(actuals: Actuals, k: number, options: BacktestOptions): Scenario | string {
  // without a cash column, cash is not scored: any starting balance will do
  const noCash = actuals.columns.every((c) => c.kind !== 'cash');
  const fitted = fitScenario(actuals, { through: k, horizon: options.horizon, paths: options.paths, seed: options.seed, ...(noCash ? { cash: 0 } : {}) });
  return typeof fitted === 'string' ? `cut-off at line ${actuals.rows[k]!.line}: ${fitted}` : fitted.scenario;
}

/** Simulates the scenario from the cut-off with every path's ledger at period ends, and scores the periods the actuals have. */
async function forecastFrom(actuals: Actuals, k: number, scenario: Scenario, options: BacktestOptions, toolVersion: string, execution: Execution): Promise<Cutoff> {
  const plan = compile(scenario);
  const rows = actuals.rows;
  const cut = rows[k]!;
  // the periods after the cut-off within the scenario's horizon, with the row that observed each (if any)
  const periods: { lead: number; end: number; row: number | undefined }[] = [];
  for (let j = k + 1, lead = 1; lead <= options.horizon; lead++) {
    while (j < rows.length && rows[j]!.t < cut.t + lead) j++;
    const row = j < rows.length && rows[j]!.t === cut.t + lead ? j : undefined;
    const end = row === undefined ? undefined : rows[row]!.last - plan.startDay;
    if (end === undefined) {
      periods.push({ lead, end: -1, row: undefined });
      continue;
    }
    if (end >= plan.days) break;
    periods.push({ lead, end, row });
  }
  const observed = periods.filter((p) => p.row !== undefined);
  const rowEnds = Int32Array.from(observed, (p) => p.end);
  const paths = scenario.paths;
  const cash = observed.map(() => new Float64Array(paths));
  const lineIndex = actuals.columns.filter((c) => c.kind === 'line').map((c) => ({ c, index: plan.lines.findIndex((l) => l.section === c.section && l.name === c.name) })).filter((x) => x.index >= 0);
  const lineMoney = lineIndex.map(() => observed.map(() => new Float64Array(paths)));
  const cashField = LEDGER_FIELDS.indexOf('cash');
  const F = LEDGER_FIELDS.length;
  const L = plan.lines.length;
  const take = (ledger: Ledger) => {
    const R = ledger.rowEnds.length;
    ledger.paths.forEach((path, p) => {
      for (let r = 0; r < R; r++) {
        cash[r]![path] = ledger.data[(p * R + r) * F + cashField]!;
        lineIndex.forEach((x, i) => {
          lineMoney[i]![r]![path] = ledger.lines![(p * R + r) * L + x.index]!;
        });
      }
    });
  };
  if (rowEnds.length > 0) await runTraced(scenario, toolVersion, { ...execution, onProgress: () => {} }, { sample: 'all', rowEnds, perLine: true, write: take }, plan);
  const forecasts: Forecast[] = [];
  const cashColumn = actuals.columns.find((c) => c.kind === 'cash');
  observed.forEach((period, r) => {
    const date = formatIsoDate(rows[period.row!]!.last);
    const score = (target: string, draws: Float64Array, actual: number | undefined) => {
      if (actual === undefined) return;
      draws.sort();
      forecasts.push({ target, lead: period.lead, date, actual, pit: pit(draws, actual), p5: sampleQuantile(draws, 0.05), p25: sampleQuantile(draws, 0.25), p50: sampleQuantile(draws, 0.5), p75: sampleQuantile(draws, 0.75), p95: sampleQuantile(draws, 0.95) });
    };
    if (cashColumn !== undefined) score('cash', Float64Array.from(cash[r]!), cashColumn.values[period.row!]);
    lineIndex.forEach((x, i) => score(`${x.c.section}:${x.c.name}`, lineMoney[i]![r]!, x.c.values[period.row!]));
  });
  let event: Cutoff['event'];
  const threshold = options.threshold;
  const whole = periods.length === options.horizon && periods.every((p) => p.row !== undefined);
  if (threshold !== undefined && cashColumn !== undefined && whole && observed.every((p) => cashColumn.values[p.row!] !== undefined)) {
    let below = 0;
    for (let path = 0; path < paths; path++) if (cash.some((column) => column[path]! < threshold)) below++;
    event = { p: below / paths, happened: observed.some((p) => cashColumn.values[p.row!]! < threshold) };
  }
  return { line: cut.line, date: formatIsoDate(cut.last), forecasts, ...(event === undefined ? {} : { event }) };
}

function scores(cutoffs: readonly Cutoff[]): TargetScore[] {
  const targets = [...new Set(cutoffs.flatMap((c) => c.forecasts.map((f) => f.target)))];
  return targets.map((target) => {
    const all = cutoffs.flatMap((c) => c.forecasts.filter((f) => f.target === target));
    const pits = all.map((f) => f.pit);
    // one cut-off's forecasts at several lead times share their errors: count each cut-off once
    const independent = cutoffs.filter((c) => c.forecasts.some((f) => f.target === target)).length;
    return {
      target,
      n: all.length,
      coverage50: coverage(pits, 0.5, independent),
      coverage90: coverage(pits, 0.9, independent),
      pitHistogram: pitHistogram(pits),
      uniformity: ksUniform(all.filter((f) => f.lead === 1).map((f) => f.pit)),
    };
  });
}
