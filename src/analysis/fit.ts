import type { Actuals, ActualsColumn, ActualsPeriod } from '../scenario/actuals.js';
import type { Diagnostic } from '../util/diagnostic.js';
import { type CustomersFit, fitCustomers } from './fit-customers.js';
import { type Estimate, type SeriesFit, type SeriesModel, type SeriesPoint, fitSeries, tWidening } from './fit-series.js';
import { civilDate } from '../util/calendar.js';

/**
 * What `runway fit` learns from actuals: the cash at the end, the customers and users, and each
 * line's model with its estimates and their standard errors. Plain data (the JSON of `fit`).
 */
export interface Fit {
  readonly file: string;
  readonly period: ActualsPeriod;
  /** Rows used: the first and last line of the file and their number. */
  readonly rows: { readonly first: number; readonly last: number; readonly count: number };
  /** The first forecast day (day number): the day after the last row's period. */
  readonly startDay: number;
  /** Period index of the first forecast period. */
  readonly origin: number;
  readonly cash?: CashFit;
  readonly customers?: CustomersFit & { readonly column: number };
  readonly users?: UsersFit;
  readonly lines: readonly LineFit[];
  readonly warnings: readonly Diagnostic[];
}

export interface CashFit {
  /** Cash at the end of the last row with a cash value, and its line. */
  readonly last: number;
  readonly line: number;
  readonly column: number;
  /** Cash movement the lines do not explain, per period (Δcash − revenue + costs), over periods with every value. */
  readonly unexplained?: { readonly mean: number; readonly sd: number; readonly n: number };
}

/**
 * Users as a geometric random walk, from a `users` column (counts at each period's end) or from
 * the one line that behaves like a walk (its money per period: an average over the period, whose
 * log differences have 2/3 of the walk's variance and a lag-1 correlation of 1/4, corrected here).
 */
export interface UsersFit {
  readonly source: 'users' | { readonly section: 'costs' | 'revenue'; readonly name: string };
  readonly column: number;
  readonly initial: number;
  /** Runway's drift per period (the log of the mean growth factor), with its standard error. */
  readonly drift: Estimate;
  /** Volatility of log users per period. */
  readonly volatility: number;
  readonly n: number;
}

export interface LineFit {
  readonly section: 'costs' | 'revenue';
  readonly name: string;
  readonly column: number;
  readonly scale: 'fixed' | 'customers' | 'users';
  readonly fit: SeriesFit;
  /** First and last line of the file the fit used, and the number of values. */
  readonly lines: { readonly first: number; readonly last: number; readonly count: number };
  /** What was tried and why this was chosen, in a sentence. */
  readonly reason: string;
}

export interface FitOptions {
  /** Use only rows up to this index (a backtest's cut-off); default all. */
  readonly through?: number;
  /** Models a line may take (default all); a backtest of one model restricts it. */
  readonly models?: readonly SeriesModel[];
}

const DAYS_PER_PERIOD: Record<ActualsPeriod, number> = { day: 1, week: 7, month: 365.25 / 12, quarter: 365.25 / 4 };
const SEASONS: Record<ActualsPeriod, number> = { day: 0, week: 0, month: 12, quarter: 4 };

export function daysPerPeriod(period: ActualsPeriod): number {
  return DAYS_PER_PERIOD[period];
}

/** Fits every series of the actuals; a string says why the history cannot be fitted. */
export function fitActuals(actuals: Actuals, options: FitOptions = {}): Fit | string {
  const count = Math.min(actuals.rows.length, (options.through ?? actuals.rows.length - 1) + 1);
  const rows = actuals.rows.slice(0, count);
  const warnings: Diagnostic[] = [];
  const origin = rows.at(-1)!.t + 1;
  const startDay = rows.at(-1)!.last + 1;
  const column = (kind: ActualsColumn['kind']) => actuals.columns.find((c) => c.kind === kind);
  const values = (c: ActualsColumn | undefined) => c?.values.slice(0, count);
  const season = (k: number) => seasonOf(actuals.period, rows[k]!.first);

  const cashColumn = column('cash');
  const cash = cashColumn === undefined ? undefined : cashFit(cashColumn, values(cashColumn)!, rows, actuals);
  if (cash !== undefined && cash.line !== rows.at(-1)!.line) {
    warnings.push({ code: 'fit.cash', severity: 'warning', path: [], line: rows.at(-1)!.line, col: cash.column, message: `cash: the last row has no cash: the scenario starts from line ${cash.line}'s, ${cash.last}, on the day after the last row` });
  }

  // customers
  const customersColumn = column('customers');
  let customers: Fit['customers'];
  if (customersColumn !== undefined) {
    const news = values(column('customers:new'));
    const churned = values(column('customers:churned'));
    const fitted = fitCustomers(
      rows.map((r, k) => ({ t: r.t, count: customersColumn.values[k], ...(news ? { new: news[k] } : {}), ...(churned ? { churned: churned[k] } : {}) })),
      DAYS_PER_PERIOD[actuals.period],
      news !== undefined && churned !== undefined,
    );
    if (typeof fitted === 'string') return `${customersColumn.header}: ${fitted}`;
    customers = { ...fitted, column: customersColumn.column };
  }

  // users from their own column
  const usersColumn = column('users');
  let users: UsersFit | undefined;
  if (usersColumn !== undefined) {
    const points = seriesPoints(usersColumn, count, rows, season);
    const walk = fitSeries(points, { seasons: 0, origin, models: ['walk'] });
    if (typeof walk === 'string') return `${usersColumn.header}: ${walk}`;
    users = usersFromWalk(walk, 'users', usersColumn.column, points.at(-1)!.x, false);
  }

  // lines
  const lineColumns = actuals.columns.filter((c) => c.kind === 'line');
  const fits: LineFit[] = [];
  const walkers: LineFit[] = [];
  for (const c of lineColumns) {
    const points = seriesPoints(c, count, rows, season);
    if (points.length === 0) {
      warnings.push({ code: 'fit.empty', severity: 'warning', path: [], line: rows[0]!.line, col: c.column, message: `${c.header}: no values: left out of the scenario` });
      continue;
    }
    // only revenue may follow a random walk (and drive users): costs follow budgets and plans
    const models = (options.models ?? ['multiplicative', 'additive', 'walk']).filter((m) => m !== 'walk' || c.section === 'revenue');
    const direct = fitSeries(points, { seasons: SEASONS[actuals.period], origin, models });
    if (typeof direct === 'string') return `${c.header}: ${direct}`;
    let chosen: LineFit = { section: c.section!, name: c.name, column: c.column, scale: 'fixed', fit: direct, lines: spanOf(points), reason: reasonFor(direct) };
    for (const [scale, driver] of [['customers', customersColumn], ['users', usersColumn]] as const) {
      if (driver === undefined) continue;
      const scaled = scaledFit(c, driver, count, rows, season, origin, SEASONS[actuals.period], options.models);
      if (scaled !== undefined && scaled.aic < bestAic(chosen.fit) - 2) {
        chosen = { section: c.section!, name: c.name, column: c.column, scale, fit: scaled.fit, lines: spanOf(points), reason: `${reasonFor(scaled.fit)}, per ${scale === 'customers' ? 'customer' : 'user'} (it follows ${scale} better than it follows time alone)` };
      }
    }
    for (const o of chosen.fit.outliers) {
      warnings.push({ code: 'fit.outlier', severity: 'warning', path: [], line: o.line, col: c.column, message: `${c.header}: ${o.x} is ${Math.abs(o.z).toFixed(1)} robust standard deviations from the fitted ${chosen.fit.model === 'walk' ? 'walk' : 'trend'}: kept in the fit (correct or remove the cell to leave it out)` });
    }
    if (chosen.fit.model !== 'walk' && chosen.fit.autocorrelation > 0.5 && chosen.fit.n >= 12) {
      warnings.push({ code: 'fit.runs', severity: 'warning', path: [], line: chosen.lines.last, col: c.column, message: `${c.header}: the fitted trend leaves long runs of errors on one side (lag-1 autocorrelation ${chosen.fit.autocorrelation.toFixed(2)}): a level shift or a drifting series, which the forecast does not follow` });
    }
    if (chosen.fit.model === 'walk') walkers.push(chosen);
    else fits.push(chosen);
  }
  // one random walk can drive users; the others are fitted as trends
  walkers.sort((a, b) => Math.exp(b.fit.level.value) - Math.exp(a.fit.level.value));
  for (const [k, w] of walkers.entries()) {
    if (users === undefined && k === 0) {
      const c = lineColumns.find((l) => l.column === w.column)!;
      const points = seriesPoints(c, count, rows, season);
      users = usersFromWalk(w.fit, { section: w.section, name: w.name }, w.column, points.at(-1)!.x, true);
      fits.push({ ...w, scale: 'users', reason: `${w.reason}; it drives users` });
      continue;
    }
    const c = lineColumns.find((l) => l.column === w.column)!;
    const points = seriesPoints(c, count, rows, season);
    const trend = fitSeries(points, { seasons: SEASONS[actuals.period], origin, models: ['multiplicative', 'additive'] });
    if (typeof trend === 'string') return `${c.header}: ${trend}`;
    warnings.push({ code: 'fit.walk', severity: 'warning', path: [], line: w.lines.last, col: w.column, message: `${c.header}: behaves like a random walk, but only one series can drive users: fitted as a trend, so its spread far ahead is understated` });
    fits.push({ ...w, fit: trend, scale: 'fixed', reason: `${reasonFor(trend)} (a random walk fits better; only one series can drive users)` });
  }
  fits.sort((a, b) => a.column - b.column);
  if (fits.length === 0 && customers === undefined && users === undefined) return 'no series to fit: give revenue:NAME or costs:NAME columns';
  return {
    file: actuals.file,
    period: actuals.period,
    rows: { first: rows[0]!.line, last: rows.at(-1)!.line, count },
    startDay,
    origin,
    ...(cash === undefined ? {} : { cash }),
    ...(customers === undefined ? {} : { customers }),
    ...(users === undefined ? {} : { users }),
    lines: fits,
    warnings,
  };
}

/** The observed values of a column up to row `count`, as series points. */
function seriesPoints(c: ActualsColumn, count: number, rows: Actuals['rows'], season: (k: number) => number): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (let k = 0; k < count; k++) {
    const x = c.values[k];
    if (x !== undefined) points.push({ t: rows[k]!.t, x, season: season(k), line: rows[k]!.line });
  }
  return points;
}

function spanOf(points: readonly SeriesPoint[]): LineFit['lines'] {
  return { first: points[0]!.line, last: points.at(-1)!.line, count: points.length };
}

/** The line per customer (or user): money over the period's average count (start and end). */
function scaledFit(c: ActualsColumn, driver: ActualsColumn, count: number, rows: Actuals['rows'], season: (k: number) => number, origin: number, seasons: number, models?: readonly SeriesModel[]): { fit: SeriesFit; aic: number } | undefined {
  const points: SeriesPoint[] = [];
  let jacobian = 0;
  for (let k = 0; k < count; k++) {
    const x = c.values[k];
    const end = driver.values[k];
    if (x === undefined || end === undefined || !(end > 0)) continue;
    const start = k > 0 && rows[k - 1]!.t === rows[k]!.t - 1 ? driver.values[k - 1] : undefined;
    const average = start === undefined ? end : (start + end) / 2;
    points.push({ t: rows[k]!.t, x: x / average, season: season(k), line: rows[k]!.line });
    // scored like the direct fit: observations with a predecessor
    if (k > 0 && rows[k - 1]!.t === rows[k]!.t - 1 && c.values[k - 1] !== undefined) jacobian += Math.log(average);
  }
  if (points.length < c.values.slice(0, count).filter((v) => v !== undefined).length) return undefined;
  const fit = fitSeries(points, { seasons, origin, models: (models ?? ['multiplicative', 'additive']).filter((m) => m !== 'walk') });
  if (typeof fit === 'string') return undefined;
  return { fit, aic: bestAic(fit) + 2 * jacobian };
}

function bestAic(fit: SeriesFit): number {
  return Math.min(...Object.values(fit.aic).filter((v): v is number => v !== undefined));
}

function reasonFor(fit: SeriesFit): string {
  switch (fit.model) {
    case 'multiplicative':
      return `multiplicative noise around a log-linear trend${fit.seasonal ? ' with seasonality' : ''} (its AICc is the lowest)`;
    case 'additive':
      return 'additive noise around a straight-line trend (its AICc is the lowest)';
    case 'walk':
      return 'a geometric random walk (its AICc is the lowest)';
  }
}

function usersFromWalk(walk: SeriesFit, source: UsersFit['source'], column: number, last: number, averaged: boolean): UsersFit {
  // an average over each period of a walk: its log differences have 2/3 of the walk's variance
  const variance = (averaged ? 1.5 : 1) * walk.forecastSd ** 2;
  const m = walk.n - 1;
  return {
    source,
    column,
    initial: last,
    drift: { value: walk.growth.value + variance / 2, se: Math.sqrt(variance / m) * tWidening(m - 1) },
    volatility: Math.sqrt(variance),
    n: walk.n,
  };
}

function cashFit(c: ActualsColumn, values: readonly (number | undefined)[], rows: Actuals['rows'], actuals: Actuals): CashFit | undefined {
  let k = values.length - 1;
  while (k >= 0 && values[k] === undefined) k--;
  if (k < 0) return undefined;
  const lines = actuals.columns.filter((col) => col.kind === 'line');
  const moves: number[] = [];
  for (let j = 1; j < values.length; j++) {
    if (rows[j]!.t !== rows[j - 1]!.t + 1 || values[j] === undefined || values[j - 1] === undefined) continue;
    let net = 0;
    let complete = lines.length > 0;
    for (const line of lines) {
      const x = line.values[j];
      if (x === undefined) complete = false;
      else net += line.section === 'revenue' ? x : -x;
    }
    if (complete) moves.push(values[j]! - values[j - 1]! - net);
  }
  const n = moves.length;
  const mean = n === 0 ? 0 : moves.reduce((a, b) => a + b, 0) / n;
  const sd = n < 2 ? 0 : Math.sqrt(moves.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  // below a dollar a period, the lines explain the cash (rounding aside)
  const explained = n === 0 || (Math.abs(mean) < 1 && sd < 1);
  return { last: values[k]!, line: rows[k]!.line, column: c.column, ...(explained ? {} : { unexplained: { mean, sd, n } }) };
}

/** Season of a period starting on `day`: its month (0..11) or quarter (0..3); 0 for days and weeks. */
function seasonOf(period: ActualsPeriod, day: number): number {
  const month = civilDate(day).month - 1;
  return period === 'month' ? month : period === 'quarter' ? Math.floor(month / 3) : 0;
}
