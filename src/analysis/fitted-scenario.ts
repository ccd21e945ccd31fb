import type { ActualsPeriod } from '../scenario/actuals.js';
import { MAX_CORRELATED } from '../scenario/correlations.js';
import { MAX_DAYS } from '../scenario/schema.js';
import { civilDate, dayNumber, formatIsoDate } from '../util/calendar.js';
import { type Fit, type LineFit, daysPerPeriod, seasonOf } from './fit.js';
import type { Estimate } from './fit-series.js';

/**
 * A fitted history as a scenario document (the YAML `runway fit` writes), in the scenario
 * format's own words. Parameter uncertainty becomes inputs drawn per path, each from the
 * estimate's sampling distribution read as a posterior under a flat prior:
 * - a multiplicative line's level (log scale, normal) → `amount: lognormal(log level + s²/2, se)`
 *   (the + s²/2 makes the amount the mean, as runway's noise has mean 1);
 * - its log growth b (normal) → growth `normal(e^b − 1, e^b·se)` (the delta method);
 * - an additive line's level (normal) → `amount: normal(level, se)`, its growth as a multiplicative one's;
 * - the level and growth estimates' correlation r → a rank correlation 6/π·asin(r/2) between the
 *   two inputs (which runway's copula maps back to r);
 * - users' drift → `normal`, customers' new → `lognormal` and churn → `beta`, each with the
 *   estimate's mean and standard error; customers' counts are `random` (sign-ups and departures
 *   vary day to day, as real ones do).
 * Standard errors are widened to the Student t's spread (√(df/(df − 2))) where σ was estimated.
 * The noise's variance is taken at its posterior mean (s²·df/(df − 2)); seasonal factors are
 * point estimates.
 */
export interface FittedScenarioOptions {
  /** Forecast length in periods. */
  readonly horizon: number;
  readonly paths?: number;
  readonly seed?: number;
  /** Cash at the start when the actuals have no cash column. */
  readonly cash?: number;
  readonly name?: string;
}

/** A base for a fragment: its path as the fragment names it, and whether it has correlations. */
export interface FragmentBase {
  readonly extends: string;
  readonly baseCorrelations: boolean;
}

/**
 * The part of a fitted scenario that extends a base: only what the actuals say (start, horizon,
 * cash, customers, users, the lines and their correlations); the base keeps the rest (its name,
 * payment dates, plans, debt, events, actions). Lines merge by name. A base with correlations
 * keeps them: a list of the fragment's would replace them, so the fitted ones are left out.
 */
export function fragmentOf(whole: ScenarioDocument, base: FragmentBase): ScenarioDocument {
  const { name: _name, description: _description, paths: _paths, seed: _seed, report: _report, correlations, ...fitted } = whole;
  return { extends: base.extends, ...fitted, ...(correlations === undefined || base.baseCorrelations ? {} : { correlations }) };
}

export type ScenarioDocument = Record<string, unknown>;

/** The last day of the `periods`-th period after `startDay` (which starts a period). */
export function horizonDay(startDay: number, period: ActualsPeriod, periods: number): number {
  if (period === 'day') return startDay + periods - 1;
  if (period === 'week') return startDay + 7 * periods - 1;
  const start = civilDate(startDay);
  const months = (period === 'month' ? 1 : 3) * periods;
  const index = start.year * 12 + start.month - 1 + months;
  return dayNumber({ year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 }) - 1;
}

export function fittedScenario(fit: Fit, options: FittedScenarioOptions): ScenarioDocument | string {
  const per = fit.period;
  const file = fit.file;
  const start = fit.startDay;
  const end = horizonDay(start, per, options.horizon);
  if (end - start + 1 > MAX_DAYS) return `--horizon: ${options.horizon} ${per}s is more than runway's ${MAX_DAYS} days`;
  if (options.cash === undefined && fit.cash === undefined) return `${file}: no cash column: give the cash at the start with --cash`;
  const correlations: { between: [string, string]; rho: number }[] = [];
  const doc: ScenarioDocument = {
    name: options.name ?? `${baseName(file)} (fitted)`,
    description: `Fitted by runway fit from ${file}, lines ${fit.rows.first}–${fit.rows.last} (${fit.rows.count} ${per}s to ${formatIsoDate(start - 1)}); forecast ${options.horizon} ${per}s.`,
    start: formatIsoDate(start),
    horizon: formatIsoDate(end),
    paths: options.paths ?? 10000,
    seed: options.seed ?? 1,
    ...reportDates(start, per, options.horizon),
    cash: cashEntry(fit, options.cash),
  };
  if (fit.users !== undefined) {
    const u = fit.users;
    const from = u.source === 'users' ? 'users' : `${u.source.section}:${u.source.name}`;
    doc['users'] = {
      initial: u.source === 'users' ? u.initial : round(walkLevel(fit, u.source)),
      growth: { drift: normalOrConstant(u.drift, 'percent'), volatility: round(u.volatility), per: per },
      source: `${file} lines ${fit.rows.first}–${fit.rows.last}, column ${u.column} (${from})`,
      note: `a geometric random walk fitted to ${u.n} ${per}s${u.source === 'users' ? '' : ` of ${from} (its money per ${per}, an average over the ${per}: the variance of its log steps is taken as 2/3 of the walk's)`}; drift ${pct(u.drift.value)} ± ${pct(u.drift.se)} a ${per}, volatility ${pct(u.volatility)}`,
    };
  }
  if (fit.customers !== undefined) {
    const c = fit.customers;
    doc['customers'] = {
      initial: c.initial,
      new: lognormalMatching(c.new),
      churn: betaMatching(c.churn),
      per: per,
      counts: 'random',
      source: `${file} lines ${fit.rows.first}–${fit.rows.last}, column ${c.column} (customers)`,
      note: `fitted to ${c.n} ${per}s from ${c.method === 'flows' ? 'the new and churned customers' : 'the counts (c = (1 − churn)·c before + new)'}: new ${num(c.new.value)} ± ${num(c.new.se)}, churn ${pct(c.churn.value)} ± ${pct(c.churn.se)} a ${per}`,
    };
    if (Math.abs(c.correlation) > 0.01 && c.new.se > 0 && c.churn.se > 0) correlations.push({ between: ['customers.churn', 'customers.new'], rho: rankCorrelation(c.correlation) });
  }
  const sections: Record<'revenue' | 'costs', ScenarioDocument[]> = { revenue: [], costs: [] };
  for (const line of fit.lines) {
    const { entry, correlation } = lineEntry(fit, line, start, end);
    sections[line.section].push(entry);
    if (correlation !== undefined) correlations.push(correlation);
  }
  if (sections.revenue.length > 0) doc['revenue'] = sections.revenue;
  if (sections.costs.length > 0) doc['costs'] = sections.costs;
  if (correlations.length > 0) doc['correlations'] = strongest(correlations);
  return doc;
}

/**
 * The pairs whose inputs fit runway's limit of correlated inputs, strongest first (a history with
 * more lines than that keeps the level–growth correlation of the lines where it is largest).
 */
function strongest(pairs: readonly { between: [string, string]; rho: number }[]): { between: [string, string]; rho: number }[] {
  const kept: { between: [string, string]; rho: number }[] = [];
  const inputs = new Set<string>();
  for (const pair of [...pairs].sort((a, b) => Math.abs(b.rho) - Math.abs(a.rho))) {
    const added = pair.between.filter((name) => !inputs.has(name)).length;
    if (inputs.size + added > MAX_CORRELATED) continue;
    pair.between.forEach((name) => inputs.add(name));
    kept.push(pair);
  }
  return kept.sort((a, b) => pairs.indexOf(a) - pairs.indexOf(b));
}

function cashEntry(fit: Fit, given: number | undefined): ScenarioDocument {
  if (given !== undefined || fit.cash === undefined) return { initial: given!, note: 'given with --cash' };
  const u = fit.cash.unexplained;
  return {
    initial: fit.cash.last,
    source: `${fit.file} line ${fit.cash.line} (cash)`,
    ...(u === undefined ? {} : { note: `cash moved ${money(u.mean)} a ${fit.period} on average (sd ${money(u.sd)}) beyond what the lines explain, over ${u.n} ${fit.period}s: not in this scenario` }),
  };
}

function lineEntry(fit: Fit, line: LineFit, start: number, end: number): { entry: ScenarioDocument; correlation?: { between: [string, string]; rho: number } } {
  const per = fit.period;
  const f = line.fit;
  const key = `${line.section}[${line.name}]`;
  const growthKey = per === 'month' ? 'monthly' : 'annual';
  const periodsPerYear = 365.25 / daysPerPeriod(per);
  const source = `${fit.file} lines ${line.lines.first}–${line.lines.last}, column ${line.column} (${line.section}:${line.name})`;
  const entry: ScenarioDocument = { name: line.name };
  let correlation: { between: [string, string]; rho: number } | undefined;
  let detail: string;
  if (f.model === 'walk') {
    // the line that drives users: users carry its walk from the start; its amount is its level at
    // the start, which the last period's money (an average over the period) knows only up to the
    // walk's variance from a period's middle to its end, σ²/3: log level ~ N(log x + μ/2, σ²/3)
    const volatility = fit.users?.volatility ?? 0;
    entry['amount'] = lognormalText(f.level.value + f.growth.value / 2, volatility / Math.sqrt(3));
    entry['per'] = per;
    entry['scales_with'] = 'users';
    detail = `its level at the start is uncertain by the walk's σ/√3 (${pct(volatility / Math.sqrt(3))}), and its growth is in users`;
  } else if (f.model === 'multiplicative') {
    const scale = line.scale === 'users' && fit.users !== undefined ? fit.users.initial : 1;
    entry['amount'] = lognormalText(f.level.value + f.forecastSd ** 2 / 2 + Math.log(scale), f.level.se);
    entry['per'] = per;
    const growth = compoundGrowth(f.growth, per === 'month' ? 1 : periodsPerYear);
    entry['growth'] = { [growthKey]: growth };
    // the period's money is an average of daily noise: a relative variance v a period is e^(σ²) − 1 a day over D days
    const v = Math.expm1(f.forecastSd ** 2);
    entry['volatility'] = round(Math.sqrt(Math.log1p(daysPerPeriod(per) * v)));
    if (line.scale !== 'fixed') entry['scales_with'] = line.scale;
    if (f.seasonal !== undefined) entry['plan'] = seasonalPlan(f.seasonal, per, start, end);
    if (f.level.se > 0 && f.growth.se > 0 && Math.abs(f.correlation) > 0.01) correlation = { between: [`${key}.amount`, `${key}.growth.${growthKey}`], rho: rankCorrelation(f.correlation) };
    detail = `growth ${pct(Math.expm1(f.growth.value))} ± ${pct(Math.exp(f.growth.value) * f.growth.se)} a ${per}; noise ${pct(Math.sqrt(v))} of a ${per}'s money`;
  } else {
    const scale = line.scale === 'users' && fit.users !== undefined ? fit.users.initial : 1;
    entry['amount'] = normalOrConstant({ value: f.level.value * scale, se: f.level.se * scale }, 'number');
    entry['per'] = per;
    entry['growth'] = { [growthKey]: compoundGrowth(f.growth, per === 'month' ? 1 : periodsPerYear) };
    entry['noise'] = round(f.forecastSd * scale);
    if (line.scale !== 'fixed') entry['scales_with'] = line.scale;
    if (f.level.se > 0 && f.growth.se > 0 && Math.abs(f.correlation) > 0.01) correlation = { between: [`${key}.amount`, `${key}.growth.${growthKey}`], rho: rankCorrelation(f.correlation) };
    detail = `growth ${pct(Math.expm1(f.growth.value))} ± ${pct(Math.exp(f.growth.value) * f.growth.se)} a ${per}; noise sd ${money(f.forecastSd * scale)} a ${per}`;
  }
  entry['source'] = source;
  entry['note'] = `${line.reason}; ${line.lines.count} ${per}s; ${detail}`;
  return { entry, ...(correlation === undefined ? {} : { correlation }) };
}

/** The median level of the line that drives users at the start: its last period's money moved half a period on (a unit for users). */
function walkLevel(fit: Fit, source: { section: string; name: string }): number {
  const line = fit.lines.find((l) => l.section === source.section && l.name === source.name)!;
  return Math.exp(line.fit.level.value + line.fit.growth.value / 2);
}

/** P(ruin by) at the end of every quarter's worth of periods before the horizon (which is always reported). */
function reportDates(start: number, per: ActualsPeriod, horizon: number): ScenarioDocument {
  const every = { day: 91, week: 13, month: 3, quarter: 1 }[per];
  const by: string[] = [];
  for (let k = every; k < horizon; k += every) by.push(formatIsoDate(horizonDay(start, per, k)));
  return by.length === 0 ? {} : { report: { by } };
}

/** Seasonal factors as plan points at the start of each season's period within [start, end]. */
function seasonalPlan(factors: readonly number[], per: ActualsPeriod, start: number, end: number): ScenarioDocument[] {
  const points: ScenarioDocument[] = [];
  for (let day = start; day <= end; day = horizonDay(day, per, 1) + 1) points.push({ date: formatIsoDate(day), level: round(factors[seasonOf(per, day)]!) });
  return points;
}

/** Log growth per period (normal) as a compound rate over `periods` periods: normal(e^(pb) − 1, p·e^(pb)·se). */
function compoundGrowth(growth: Estimate, periods: number): string | number {
  const factor = Math.exp(growth.value * periods);
  return normalOrConstant({ value: factor - 1, se: periods * factor * growth.se }, 'percent');
}

/** Spearman's rho of a bivariate normal with Pearson correlation r. */
export function rankCorrelation(r: number): number {
  return round((6 / Math.PI) * Math.asin(r / 2), 4);
}

function lognormalText(mu: number, sigma: number): string | number {
  return sigma > 0 ? `lognormal(${round(mu, 6)}, ${round(sigma, 4)})` : round(Math.exp(mu));
}

function normalOrConstant(e: Estimate, unit: 'percent' | 'number'): string | number {
  const show = (x: number) => (unit === 'percent' ? `${round(x * 100, 4)}%` : `${round(x)}`);
  if (!(e.se > 0)) return unit === 'percent' ? show(e.value) : round(e.value);
  return `normal(${show(e.value)}, ${show(e.se)})`;
}

/** A lognormal with the estimate's mean and standard error (a positive quantity). */
function lognormalMatching(e: Estimate): string | number {
  if (!(e.value > 0)) return 0;
  if (!(e.se > 0)) return round(e.value);
  const s2 = Math.log1p((e.se / e.value) ** 2);
  return lognormalText(Math.log(e.value) - s2 / 2, Math.sqrt(s2));
}

/** A beta with the estimate's mean and standard error (a rate in (0, 1)). */
function betaMatching(e: Estimate): string | number {
  const m = e.value;
  const v = e.se ** 2;
  if (!(m > 0 && m < 1) || !(v > 0) || v >= m * (1 - m)) return `${round(Math.min(Math.max(m, 0), 1) * 100, 4)}%`;
  const kappa = (m * (1 - m)) / v - 1;
  return `beta(${round(m * kappa, 5)}, ${round((1 - m) * kappa, 5)})`;
}

function round(x: number, digits = 6): number {
  return Number(x.toPrecision(digits));
}

function baseName(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
}

function pct(x: number): string {
  return `${round(x * 100, 3)}%`;
}

function num(x: number): string {
  return `${round(x, 4)}`;
}

function money(x: number): string {
  const a = Math.abs(x);
  const text = a >= 1e9 ? `${round(a / 1e9, 3)}B` : a >= 1e6 ? `${round(a / 1e6, 3)}M` : a >= 1e3 ? `${round(a / 1e3, 3)}k` : `${round(a, 3)}`;
  return `${x < 0 ? '-' : ''}$${text}`;
}
