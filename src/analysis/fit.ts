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

/** The rows a fit uses (up to a cut-off), and what every part of the fit asks of them. */
interface History {
  readonly actuals: Actuals;
  readonly rows: Actuals['rows'];
  /** Period index of the first forecast period. */
  readonly origin: number;
  /** Seasons in a year for this period (0: none). */
  readonly seasons: number;
  readonly warnings: Diagnostic[];
}

function historyOf(actuals: Actuals, through: number | undefined): History {
  const count = Math.min(actuals.rows.length, (through ?? actuals.rows.length - 1) + 1);
  const rows = actuals.rows.slice(0, count);
  return { actuals, rows, origin: rows.at(-1)!.t + 1, seasons: SEASONS[actuals.period], warnings: [] };
}

/** The first column of a kind. */
function columnOf(h: History, kind: ActualsColumn['kind']): ActualsColumn | undefined {
  return h.actuals.columns.find((c) => c.kind === kind);
}

/** The observed values of a column within the history, as series points. */
function seriesPoints(h: History, c: ActualsColumn): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  h.rows.forEach((row, k) => {
    const x = c.values[k];
    if (x !== undefined) points.push({ t: row.t, x, season: seasonOf(h.actuals.period, row.first), line: row.line });
  });
  return points;
}

function warn(h: History, code: string, line: number, col: number, message: string): void {
  h.warnings.push({ code, severity: 'warning', path: [], line, col, message });
}

/** Fits every series of the actuals; a string says why the history cannot be fitted. */
export function fitActuals(actuals: Actuals, options: FitOptions = {}): Fit | string {
  const h = historyOf(actuals, options.through);
  const last = h.rows.at(-1)!;
  const cash = cashFit(h);
  if (cash !== undefined && cash.line !== last.line) warn(h, 'fit.cash', last.line, cash.column, `cash: the last row has no cash: the scenario starts from line ${cash.line}'s, ${cash.last}, on the day after the last row`);
  const customers = customersFit(h);
  if (typeof customers === 'string') return customers;
  let users = usersFit(h);
  if (typeof users === 'string') return users;
  const fits: LineFit[] = [];
  const walkers: LineFit[] = [];
  for (const c of actuals.columns.filter((col) => col.kind === 'line')) {
    const line = lineFit(h, c, options.models);
    if (typeof line === 'string') return line;
    if (line === undefined) continue;
    (line.fit.model === 'walk' ? walkers : fits).push(line);
  }
  // one random walk can drive users (the largest line's); the others are fitted as trends
  walkers.sort((a, b) => Math.exp(b.fit.level.value) - Math.exp(a.fit.level.value));
  for (const w of walkers) {
    const c = actuals.columns.find((l) => l.column === w.column)!;
    if (users === undefined) {
      users = usersFromWalk(w.fit, { section: w.section, name: w.name }, w.column, seriesPoints(h, c).at(-1)!.x, true);
      fits.push({ ...w, scale: 'users', reason: `${w.reason}; it drives users` });
      continue;
    }
    const trend = fitSeries(seriesPoints(h, c), { seasons: h.seasons, origin: h.origin, models: ['multiplicative', 'additive'] });
    if (typeof trend === 'string') return `${c.header}: ${trend}`;
    warn(h, 'fit.walk', w.lines.last, w.column, `${c.header}: behaves like a random walk, but only one series can drive users: fitted as a trend, so its spread far ahead is understated`);
    fits.push({ ...w, fit: trend, scale: 'fixed', reason: `${reasonFor(trend)} (a random walk fits better; only one series can drive users)` });
  }
  fits.sort((a, b) => a.column - b.column);
  if (fits.length === 0 && customers === undefined && users === undefined) return 'no series to fit: give revenue:NAME or costs:NAME columns';
  return {
    file: actuals.file,
    period: actuals.period,
    rows: { first: h.rows[0]!.line, last: last.line, count: h.rows.length },
    startDay: last.last + 1,
    origin: h.origin,
    ...(cash === undefined ? {} : { cash }),
    ...(customers === undefined ? {} : { customers }),
    ...(users === undefined ? {} : { users }),
    lines: fits,
    warnings: h.warnings,
  };
}

/** Customers from their counts (and, when both are given, their new and churned). */
function customersFit(h: History): Fit['customers'] | string {
  const counts = columnOf(h, 'customers');
  if (counts === undefined) return undefined;
  const news = columnOf(h, 'customers:new')?.values;
  const churned = columnOf(h, 'customers:churned')?.values;
  const fitted = fitCustomers(
    h.rows.map((r, k) => ({ t: r.t, count: counts.values[k], ...(news ? { new: news[k] } : {}), ...(churned ? { churned: churned[k] } : {}) })),
    DAYS_PER_PERIOD[h.actuals.period],
    news !== undefined && churned !== undefined,
  );
  return typeof fitted === 'string' ? `${counts.header}: ${fitted}` : { ...fitted, column: counts.column };
}

/** Users from their own column, as a random walk of the counts at each period's end. */
function usersFit(h: History): UsersFit | undefined | string {
  const c = columnOf(h, 'users');
  if (c === undefined) return undefined;
  const points = seriesPoints(h, c);
  const walk = fitSeries(points, { seasons: 0, origin: h.origin, models: ['walk'] });
  return typeof walk === 'string' ? `${c.header}: ${walk}` : usersFromWalk(walk, 'users', c.column, points.at(-1)!.x, false);
}

/**
 * A line: the best of its models, or of the same per customer or per user when that fits better
 * by at least 2 in AICc; its outliers and level shifts become warnings. Undefined for an empty column.
 */
function lineFit(h: History, c: ActualsColumn, allowed: readonly SeriesModel[] | undefined): LineFit | undefined | string {
  const points = seriesPoints(h, c);
  if (points.length === 0) {
    warn(h, 'fit.empty', h.rows[0]!.line, c.column, `${c.header}: no values: left out of the scenario`);
    return undefined;
  }
  // only revenue may follow a random walk (and drive users): costs follow budgets and plans
  const models = (allowed ?? ['multiplicative', 'additive', 'walk']).filter((m) => m !== 'walk' || c.section === 'revenue');
  const direct = fitSeries(points, { seasons: h.seasons, origin: h.origin, models });
  if (typeof direct === 'string') return `${c.header}: ${direct}`;
  const made = (scale: LineFit['scale'], fit: SeriesFit, reason: string): LineFit => ({ section: c.section!, name: c.name, column: c.column, scale, fit, lines: spanOf(points), reason });
  let chosen = made('fixed', direct, reasonFor(direct));
  for (const scale of ['customers', 'users'] as const) {
    const driver = columnOf(h, scale);
    const scaled = driver === undefined ? undefined : scaledFit(h, c, driver, allowed);
    if (scaled !== undefined && scaled.aic < bestAic(chosen.fit) - 2) {
      chosen = made(scale, scaled.fit, `${reasonFor(scaled.fit)}, per ${scale === 'customers' ? 'customer' : 'user'} (it follows ${scale} better than it follows time alone)`);
    }
  }
  for (const o of chosen.fit.outliers) {
    warn(h, 'fit.outlier', o.line, c.column, `${c.header}: ${o.x} is ${Math.abs(o.z).toFixed(1)} robust standard deviations from the fitted ${chosen.fit.model === 'walk' ? 'walk' : 'trend'}: kept in the fit (correct or remove the cell to leave it out)`);
  }
  if (chosen.fit.model !== 'walk' && chosen.fit.autocorrelation > 0.5 && chosen.fit.n >= 12) {
    warn(h, 'fit.runs', chosen.lines.last, c.column, `${c.header}: the fitted trend leaves long runs of errors on one side (lag-1 autocorrelation ${chosen.fit.autocorrelation.toFixed(2)}): a level shift or a drifting series, which the forecast does not follow`);
  }
  return chosen;
}

function spanOf(points: readonly SeriesPoint[]): LineFit['lines'] {
  return { first: points[0]!.line, last: points.at(-1)!.line, count: points.length };
}

/** The line per customer (or user): money over the period's average count (start and end). */
function scaledFit(h: History, c: ActualsColumn, driver: ActualsColumn, models: readonly SeriesModel[] | undefined): { fit: SeriesFit; aic: number } | undefined {
  const rows = h.rows;
  const points: SeriesPoint[] = [];
  let jacobian = 0;
  for (let k = 0; k < rows.length; k++) {
    const x = c.values[k];
    const end = driver.values[k];
    if (x === undefined || end === undefined || !(end > 0)) continue;
    const start = k > 0 && rows[k - 1]!.t === rows[k]!.t - 1 ? driver.values[k - 1] : undefined;
    const average = start === undefined ? end : (start + end) / 2;
    points.push({ t: rows[k]!.t, x: x / average, season: seasonOf(h.actuals.period, rows[k]!.first), line: rows[k]!.line });
    // scored like the direct fit: observations with a predecessor
    if (k > 0 && rows[k - 1]!.t === rows[k]!.t - 1 && c.values[k - 1] !== undefined) jacobian += Math.log(average);
  }
  if (points.length < c.values.slice(0, rows.length).filter((v) => v !== undefined).length) return undefined;
  const fit = fitSeries(points, { seasons: h.seasons, origin: h.origin, models: (models ?? ['multiplicative', 'additive']).filter((m) => m !== 'walk') });
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
      return 'additive noise around a compound trend (its AICc is the lowest)';
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

/** The cash the scenario starts from (the last balance), and how far the lines explain its moves. */
function cashFit(h: History): CashFit | undefined {
  const c = columnOf(h, 'cash');
  if (c === undefined) return undefined;
  const rows = h.rows;
  const values = c.values.slice(0, rows.length);
  let k = values.length - 1;
  while (k >= 0 && values[k] === undefined) k--;
  if (k < 0) return undefined;
  const lines = h.actuals.columns.filter((col) => col.kind === 'line');
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
export function seasonOf(period: ActualsPeriod, day: number): number {
  const month = civilDate(day).month - 1;
  return period === 'month' ? month : period === 'quarter' ? Math.floor(month / 3) : 0;
}
