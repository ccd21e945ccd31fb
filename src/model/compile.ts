import { correlationOf } from '../scenario/correlations.js';
import { type InputIndex, perPathInputs } from '../scenario/inputs.js';
import { resolveActions } from '../scenario/actions.js';
import { resolveShares } from '../scenario/shares.js';
import type { Line, Period, Scenario } from '../scenario/schema.js';
import { MONTH_KEYS, civilDate, dayOf, daysInMonth, isLeapYear } from '../util/calendar.js';
import { loanSchedule } from './loan.js';
import { paidFactors } from './payments.js';
import { type Expr, add, constant, day, div, exp, ifAtMost, ifLess, input, line, max, min, mul, normal, pow, product, regime, state, sub, sum } from './expr.js';
import { BURN_MONTHS, type BurnPlan, CREDIT_PARTS, type ChainPlan, type CreditPlan, type FlowPlan, type FlowSeries, type InputPlan, type LinePlan, type Plan, type RulePlan, type StatePlan, type StreamPlan } from './plan.js';

/** Months of month-end cash dates; after them, cash is sampled at year ends only. */
export const MONTHLY_CASH_MONTHS = 240;

/** Days in an average month and year of the Gregorian calendar (365.25 / 12, 365.25). */
export const DAYS_PER_MONTH = 365.25 / 12;
export const DAYS_PER_YEAR = 365.25;

/** Average length of a period in days, for rates (growth, drift, volatility) given per period. */
export function periodDays(per: Period): number {
  return { day: 1, week: 7, month: DAYS_PER_MONTH, quarter: DAYS_PER_YEAR / 4, year: DAYS_PER_YEAR }[per];
}

/** 1 / (days in the calendar period of `per` that contains day number `dayNo`): a period's amount spread evenly over its days. */
export function dailyShare(per: Period, dayNo: number): number {
  const { year, month } = civilDate(dayNo);
  switch (per) {
    case 'day':
      return 1;
    case 'week':
      return 1 / 7;
    case 'month':
      return 1 / daysInMonth(year, month);
    case 'quarter': {
      const first = month - ((month - 1) % 3);
      return 1 / (daysInMonth(year, first) + daysInMonth(year, first + 1) + daysInMonth(year, first + 2));
    }
    case 'year':
      return 1 / (isLeapYear(year) ? 366 : 365);
  }
}

/**
 * What compiling collects besides the plain parts: day tables, streams, states, chains. Each
 * `add…` returns the index the expression leaves refer to.
 */
class PlanBuilder {
  readonly tables: Float64Array[] = [];
  readonly streams: StreamPlan[] = [];
  readonly states: StatePlan[] = [];
  readonly chains: ChainPlan[] = [];
  private readonly tableKeys = new Map<string, number>();

  /** A day table; tables with the same `key` are made once and shared. */
  table(key: string, make: () => Float64Array): number {
    let at = this.tableKeys.get(key);
    if (at === undefined) {
      at = this.tables.push(make()) - 1;
      this.tableKeys.set(key, at);
    }
    return at;
  }

  stream(key: string, kind: StreamPlan['kind']): number {
    return this.streams.push({ key, kind }) - 1;
  }

  /** A per-path state; `next(self)` gives its next value from its own (`self`) and others. */
  state(name: string, init: Expr, next?: (self: Expr) => Expr, when?: number): number {
    const self = state(this.states.length);
    return this.states.push({ name, init, ...(next === undefined ? {} : { next: next(self) }), ...(when === undefined ? {} : { when }) }) - 1;
  }
}

/**
 * Compiles a validated Scenario into the engine's Plan (pure; throws only on bugs). Dates become
 * steps, inputs are referred to by index, and each line's money becomes an expression tree:
 *
 *   money = sign × period factor(t) × amount × growth × price × e^(log scale + σZ − σ²/2 + log season(t))
 *
 * with the factors a line does not have left out.
 */
export function compile(s: Scenario): Plan {
  const startDay = dayOf(s.start);
  const days = dayOf(s.horizon) - startDay + 1;
  const stepOf = (date: Parameters<typeof dayOf>[0]) => dayOf(date) - startDay;
  const { list, index } = perPathInputs(s);

  const eventWindow = new Map<number, { first: number; last: number }>();
  s.events.forEach((e, k) => {
    const date = index.events[k]!.date;
    if (e.date !== undefined && date !== undefined) eventWindow.set(date, { first: stepOf(e.date.from), last: stepOf(e.date.to) });
  });
  const inputs: InputPlan[] = list.map((spec, j) => ({ ...spec, firstStep: eventWindow.get(j)?.first ?? 0, lastStep: eventWindow.get(j)?.last ?? 0 }));

  const correlation = correlationOf(s);
  if (correlation.problems.length > 0) throw new Error(`bug: unvalidated correlations: ${correlation.problems[0]!.message}`);

  const b = new PlanBuilder();
  const users = s.users === undefined ? undefined : compileUsers(b, s.users, index, startDay, days);
  const gpu = compileGpu(b, s);
  const drivers: Drivers = {
    ...(s.customers === undefined ? { customers: undefined, prepaying: undefined } : compileCustomers(b, s.customers, index, days)),
    logUsers: users === undefined ? undefined : state(users.logUsers),
    logSeason: users === undefined ? undefined : day(users.logSeason),
    logCapacity: gpu.logCapacity,
    price: gpu.price,
  };
  // actions' states come before the lines' (a change applies to the lines from its first day)
  const actions = compileActions(b, s, index, days);
  // lines in an order where a share comes after the lines it is a share of (the file's order otherwise)
  const shares = resolveShares(s);
  const position = new Map(shares.order.map((r, k) => [`${r.section}[${r.index}]`, k]));
  const lines: LinePlan[] = shares.order.map(({ section, index: k }) => {
    const l = s[section][k]!;
    const refs = shares.refs.get(`${section}[${k}]`);
    const changes = actions.changes.get(`${section}[${k}]`);
    const plain =
      refs === undefined
        ? compileLine(b, l, section, index.lines[section][k]!, drivers, startDay, days, changes?.frozen ?? [])
        : compileShare(b, l, section, index.lines[section][k]!.amount, refs.map((r) => ({ line: position.get(`${r.section}[${r.index}]`)!, section: r.section })), startDay, days);
    return changes === undefined ? plain : { ...plain, flow: changed(plain.flow, changes) };
  });

  lines.push(...(s.debt ?? []).flatMap((d, k) => compileLoan(b, d, index.loans[k]!, startDay, days)));

  // cash is sampled at each month end for the first MONTHLY_CASH_MONTHS months, then at year ends
  // (a century of month ends would be 1,200 cash columns or sketches), and at report dates
  const checkpointSet = new Set<number>();
  let monthEnds = 0;
  for (let t = 0; t < days; t++) {
    const next = civilDate(startDay + t + 1);
    if (next.day !== 1) continue;
    if (++monthEnds <= MONTHLY_CASH_MONTHS || next.month === 1) checkpointSet.add(t);
  }
  const reportSet = new Set<number>([days - 1, ...s.report.by.map(stepOf)]);
  for (const t of reportSet) checkpointSet.add(t);

  const sign = (e: Scenario['events'][number]) => (e.direction === 'in' ? 1 : -1);
  return {
    startDay,
    days,
    seed: s.seed,
    inputs,
    sampling: s.sampling,
    correlation: correlation.correlation === undefined ? undefined : { inputs: Array.from(correlation.correlation.inputs), factor: correlation.correlation.factor },
    cashInput: index.cash,
    tables: b.tables,
    streams: b.streams,
    chains: b.chains,
    states: b.states,
    lines,
    datedEvents: s.events.flatMap((e, k) => {
      const refs = index.events[k]!;
      return refs.date === undefined ? [] : [{ key: `events/${e.name}`, name: e.name, sign: sign(e), happensInput: refs.happens, dateInput: refs.date, amountInput: refs.amount } as const];
    }),
    triggeredEvents: s.events.flatMap((e, k) => {
      const refs = index.events[k]!;
      return e.when === undefined ? [] : [{ key: `events/${e.name}`, name: e.name, sign: sign(e), happensInput: refs.happens, amountInput: refs.amount, cashBelow: e.when.cash_below, delayDays: e.delay_days } as const];
    }),
    flows: flowPlan(s, lines, startDay, days),
    credit: (s.credit_lines ?? []).map((c, k) => compileCredit(b, c, index.credit[k]!, startDay, days)),
    rules: actions.rules,
    burn: actions.burn,
    checkpoints: Int32Array.from([...checkpointSet].sort((a, c) => a - c)),
    reportSteps: Int32Array.from([...reportSet].sort((a, c) => a - c)),
    observed: {
      users: users === undefined ? undefined : { initial: s.users!.initial, logUsers: users.logUsers, logSeason: b.tables[users.logSeason]! },
      gpu: { stateNames: gpu.stateNames, chain: gpu.chain, logCapacity: gpu.logCapacityTable },
    },
  };
}

/** How actions change one line: the cut factors its money is multiplied by, and the `times` states of the actions that stop it, freeze its growth or start it. */
interface LineChanges {
  readonly cuts: Expr[];
  readonly stopped: Expr[];
  readonly frozen: Expr[];
  started: Expr | undefined;
}

/**
 * Management actions: per action, a state `pending` (the step its latest firing applies from,
 * written by the rule at the end of a day; −1 at first), a state `times` (the firings applied so
 * far: + 1 on the pending step) and, with a cut, a state `factor` (× (1 − cut) on that step, the
 * cut drawn per path and held within 0 and 1). The rules, and the burn table when a rule needs it.
 */
function compileActions(b: PlanBuilder, s: Scenario, index: InputIndex, days: number) {
  const changes = new Map<string, LineChanges>();
  const of = (r: { section: string; index: number }) => {
    const key = `${r.section}[${r.index}]`;
    let c = changes.get(key);
    if (c === undefined) changes.set(key, (c = { cuts: [], stopped: [], frozen: [], started: undefined }));
    return c;
  };
  const t = day(stepTable(b, days));
  const resolved = resolveActions(s).actions;
  const rules: RulePlan[] = (s.actions ?? []).map((a, k) => {
    const key = `actions/${a.name}`;
    const pending = b.state(`${key} pending`, constant(-1));
    // on the pending step: `then`; on any other: `otherwise`
    const onPending = (then: Expr, otherwise: Expr) => ifLess(state(pending), t, otherwise, ifAtMost(state(pending), t, then, otherwise));
    const times = state(b.state(`${key} times`, constant(0), (self) => onPending(add(self, constant(1)), self)));
    const cut = index.actions[k];
    if (cut !== undefined) {
      const kept = sub(constant(1), min(constant(1), max(constant(0), input(cut))));
      const factor = state(b.state(`${key} factor`, constant(1), (self) => onPending(mul(self, kept), self)));
      resolved[k]!.cut.forEach((r) => of(r).cuts.push(factor));
    }
    resolved[k]!.stop.forEach((r) => of(r).stopped.push(times));
    resolved[k]!.freeze.forEach((r) => of(r).frozen.push(times));
    resolved[k]!.start.forEach((r) => (of(r).started = times));
    const runway = a.when.runway_below !== undefined;
    return { key, name: a.name, when: runway ? 'runway' : 'cash', level: runway ? a.when.runway_below! : a.when.cash_below!, delayDays: a.delay_days, repeat: a.repeat, pending };
  });
  const burn = rules.some((r) => r.when === 'runway') ? burnTables(b, dayOf(s.start), days) : undefined;
  return { changes, rules, burn };
}

/** A line's money as the actions leave it: × each cut factor; 0 once stopped; 0 until started. */
function changed(flow: Expr, c: LineChanges): Expr {
  let out = product([flow, ...c.cuts]);
  for (const times of c.stopped) out = ifLess(constant(0), times, constant(0), out);
  if (c.started !== undefined) out = ifLess(constant(0), c.started, out, constant(0));
  return out;
}

/** The day tables of net burn: the last day of each complete calendar month, and the complete months counted from it (at most BURN_MONTHS). */
function burnTables(b: PlanBuilder, startDay: number, days: number): BurnPlan {
  const monthEnd = new Float64Array(days);
  const counted = new Float64Array(days);
  let complete = 0;
  for (let t = 0; t < days; t++) {
    const today = civilDate(startDay + t);
    const isEnd = civilDate(startDay + t + 1).day === 1;
    // a month is complete when the run has every day of it: the first month only if it starts on the 1st
    if (isEnd && (startDay + t - today.day + 1 >= startDay)) {
      monthEnd[t] = 1;
      complete++;
    }
    counted[t] = Math.min(BURN_MONTHS, complete);
  }
  return { monthEnd: b.table('burn: month end', () => monthEnd), counted: b.table('burn: months counted', () => counted) };
}

/** The day table t ↦ t. */
function stepTable(b: PlanBuilder, days: number): number {
  return b.table('step index', () => Float64Array.from({ length: days }, (_, k) => k));
}

/** The monthly flow series: each line in file order (costs, revenue, then the loans' lines), then each group. */
function flowPlan(s: Scenario, lines: readonly LinePlan[], startDay: number, days: number): FlowPlan {
  const at = new Map(lines.map((l, k) => [l.key, k]));
  const series: FlowSeries[] = [];
  for (const section of ['costs', 'revenue'] as const) {
    for (const l of s[section]) series.push({ name: l.name, kind: 'line', section, slots: [at.get(`${section}/${l.name}`)!] });
  }
  lines.forEach((l, k) => {
    if (l.section === 'financing') series.push({ name: l.name, kind: 'line', section: 'financing', slots: [k] });
  });
  (s.credit_lines ?? []).forEach((c, k) =>
    CREDIT_PARTS.forEach((part, j) => series.push({ name: `${c.name} ${part}`, kind: 'line', section: 'financing', slots: [lines.length + CREDIT_PARTS.length * k + j] })),
  );
  const groups = new Map<string, number[]>();
  for (const section of ['costs', 'revenue'] as const) {
    for (const l of s[section]) if (l.group !== undefined) groups.set(l.group, [...(groups.get(l.group) ?? []), at.get(`${section}/${l.name}`)!]);
  }
  for (const [name, members] of groups) {
    const sections = new Set(members.map((k) => lines[k]!.section));
    series.push({ name, kind: 'group', section: sections.size === 1 ? [...sections][0] : undefined, slots: members });
  }
  const monthEnds: number[] = [];
  for (let t = 0; t < days; t++) if (t === days - 1 || civilDate(startDay + t + 1).day === 1) monthEnds.push(t);
  return { series, monthEnds: Int32Array.from(monthEnds) };
}

/** The leaves a line's formula can scale by. */
interface Drivers {
  readonly customers: Expr | undefined;
  /** Customers paying a prepaid year today (signing or renewing); made on first use. */
  readonly prepaying: (() => Expr) | undefined;
  readonly logUsers: Expr | undefined;
  readonly logSeason: Expr | undefined;
  readonly logCapacity: Expr | undefined;
  readonly price: Expr | undefined;
}

/**
 * Users as geometric Brownian motion on log users relative to the start:
 * log users(t) = log users(t−1) + drift − v²/2 + v·Z, with drift = rate / period days drawn per
 * path and v the volatility per day; users(t) = initial · e^(log users(t)) · season(t).
 */
function compileUsers(b: PlanBuilder, u: NonNullable<Scenario['users']>, index: InputIndex, startDay: number, days: number) {
  const factor = (month: number) => 1 + (u.seasonality[MONTH_KEYS[month - 1]!] ?? 0);
  const base = factor(civilDate(startDay).month);
  const logSeason = b.table('users/log season', () => Float64Array.from({ length: days }, (_, t) => Math.log(factor(civilDate(startDay + t).month) / base)));
  const per = periodDays(u.growth.per);
  const v = u.growth.volatility / Math.sqrt(per);
  const noise = b.stream('users/noise', 'normal');
  const drift = b.state('users drift', sub(div(input(index.usersDrift!), constant(per)), constant(0.5 * v * v)));
  const logUsers = b.state('log users', constant(0), (self) => add(add(self, state(drift)), mul(constant(v), normal(noise))));
  return { logUsers, logSeason };
}

/**
 * Customers as a fluid: customers(t) = customers(t−1) · r + ν, with the daily retention
 * r = (1 − churn)^(1/period days) and ν = new / period days (both drawn per path), from the
 * initial count before the start date (so day 0 has one day of churn and arrivals). With
 * `counts: random`, + √(c(t−1)·(1 − r) + ν)·Z, floored at 0: the day's binomial departures and
 * Poisson arrivals as a normal of their variance.
 *
 * Customers who prepay a year pay on the day they sign and on each anniversary while they stay:
 * on day t, ν (signing) + ν·(R + R² + … + R^K) (the cohorts of t − 365k still there, R = r^365,
 * K = ⌊t/365⌋) + (initial/365)·r^(t+1) (the initial customers, whose renewal days are taken as
 * spread evenly over the year).
 */
function compileCustomers(b: PlanBuilder, c: NonNullable<Scenario['customers']>, index: InputIndex, days: number) {
  const per = periodDays(c.per);
  const refs = index.customers!;
  const retention = b.state('customers retention', pow(sub(constant(1), input(refs.churn)), constant(1 / per)));
  const arrivals = b.state('customers arriving a day', div(input(refs.new), constant(per)));
  // random counts: the day's departures (binomial) and arrivals (Poisson) as a normal with their
  // variance c·(1 − r) + ν around the expected change (the diffusion approximation), never below 0
  const noise = c.counts === 'random' ? normal(b.stream('customers/counts', 'normal')) : undefined;
  const customers = state(
    b.state('customers', constant(c.initial), (self) => {
      const expected = add(mul(self, state(retention)), state(arrivals));
      if (noise === undefined) return expected;
      const variance = add(mul(self, sub(constant(1), state(retention))), state(arrivals));
      return max(constant(0), add(expected, mul(pow(max(constant(0), variance), constant(0.5)), noise)));
    }),
  );
  let prepaying: Expr | undefined;
  const makePrepaying = () => {
    if (prepaying !== undefined) return prepaying;
    const anniversary = b.table('anniversaries', () => Float64Array.from({ length: days }, (_, t) => (t > 0 && t % 365 === 0 ? 1 : 0)));
    const yearly = b.state('customers retention a year', pow(state(retention), constant(365)));
    const lastCohort = b.state('prepaid: R^K', constant(1), (self) => mul(self, state(yearly)), anniversary);
    const cohorts = b.state('prepaid: 1 + R + … + R^K', constant(1), (self) => add(self, state(lastCohort)), anniversary);
    const initial = b.state('prepaid: initial customers renewing', constant(c.initial / 365), (self) => mul(self, state(retention)));
    return (prepaying = add(mul(state(arrivals), state(cohorts)), state(initial)));
  };
  return { customers, prepaying: makePrepaying };
}

/** Periods of `per` in a prepaid year: a year's payment is the amount per period times this. */
const PERIODS_A_YEAR = { day: 365, week: 52, month: 12, quarter: 4, year: 1 } as const;

/**
 * GPU availability as a Markov chain whose state gives the capacity (the share of users served)
 * and the price factor of GPU-priced lines. Without a gpu section: capacity 1, price 1.
 */
function compileGpu(b: PlanBuilder, s: Scenario) {
  if (s.gpu === undefined) return { stateNames: ['available'], chain: undefined, logCapacity: undefined, price: undefined, logCapacityTable: Float64Array.of(0) };
  const a = s.gpu.availability;
  const names = Object.keys(a.states);
  const capacity = Float64Array.from(names, (n) => a.states[n]!.capacity);
  const priceFactor = Float64Array.from(names, (n) => 1 + a.states[n]!.price);
  const logCapacityTable = Float64Array.from(capacity, Math.log);
  const initial = names.indexOf(a.initial);
  if (names.length === 1) {
    // one state: no transitions, no stream; capacity and price are constants
    return { stateNames: names, chain: undefined, logCapacity: constant(logCapacityTable[0]!), price: constant(priceFactor[0]!), logCapacityTable };
  }
  const outgoing = names.map(() => ({ probs: [] as number[], targets: [] as number[] }));
  for (const [key, p] of Object.entries(a.transitions)) {
    const [from, to] = key.split('->').map((x) => x.trim()) as [string, string];
    const entry = outgoing[names.indexOf(from)]!;
    entry.probs.push(p);
    entry.targets.push(names.indexOf(to));
  }
  const width = Math.max(1, ...outgoing.map((o) => o.targets.length));
  const cumulative = new Float64Array(names.length * width);
  const targets = new Int32Array(names.length * width);
  const leave = new Float64Array(names.length);
  outgoing.forEach((o, from) => {
    let acc = 0;
    o.probs.forEach((p, j) => {
      cumulative[from * width + j] = acc += p;
      targets[from * width + j] = o.targets[j]!;
    });
    leave[from] = acc;
  });
  const chain = b.chains.push({ stateNames: names, initial, stream: b.stream('gpu/availability', 'uniform'), width, leave, cumulative, targets, values: [logCapacityTable, priceFactor] }) - 1;
  return { stateNames: names, chain, logCapacity: regime(chain, 0), price: regime(chain, 1), logCapacityTable };
}

function compileLine(
  b: PlanBuilder,
  l: Line,
  section: 'costs' | 'revenue',
  refs: InputIndex['lines']['costs'][number],
  drivers: Drivers,
  startDay: number,
  days: number,
  frozenBy: readonly Expr[],
): LinePlan {
  const sign = section === 'costs' ? -1 : 1;
  const { first, last } = lineWindow(l, startDay, days);
  // spread evenly: sign × 1/(days in the line's period containing day t), or 0 outside its
  // window; paid on a schedule: on each payment day, sign × the shares of the days it covers
  const paid = l.paid;
  const factor =
    l.prepaid !== undefined
      ? b.table(`prepaid:${sign}:${l.per}:${first}:${last}`, () => Float64Array.from({ length: days }, (_, t) => (t >= first && t <= last ? sign * PERIODS_A_YEAR[l.per!] : 0)))
      : paid === undefined
      ? b.table(`factor:${sign}:${l.per}:${first}:${last}`, () => {
          const table = new Float64Array(days);
          for (let t = first; t <= last; t++) table[t] = sign * dailyShare(l.per!, startDay + t);
          return table;
        })
      : b.table(`paid:${sign}:${l.per}:${l.from ?? ''}:${l.until ?? ''}:${JSON.stringify(paid)}`, () => {
          const active = { from: l.from === undefined ? -Infinity : dayOf(l.from), until: l.until === undefined ? Infinity : dayOf(l.until) };
          return paidFactors(paid, (d) => dailyShare(l.per!, d), startDay, days, active).map((x) => sign * x);
        });
  const key = `${section}/${l.name}`;

  // growth: a simple rate per period, compounded daily from the line's first day (a rate of
  // −100% or below ends the line)
  let growth: Expr | undefined;
  if (refs.growth !== undefined) {
    const per = l.growth!.annual !== undefined ? DAYS_PER_YEAR : DAYS_PER_MONTH;
    const rate = input(refs.growth);
    const step = b.state(`${key} daily growth`, ifAtMost(rate, constant(-1), constant(0), pow(add(constant(1), rate), constant(1 / per))));
    const grows = b.table(`grows after:${first}`, () => Float64Array.from({ length: days }, (_, t) => (t > first ? 1 : 0)));
    // an action that freezes the growth holds it where it is from its first day
    const next = (self: Expr) => frozenBy.reduce((grown, times) => ifLess(constant(0), times, self, grown), mul(self, state(step)));
    growth = state(b.state(`${key} growth`, constant(1), next, grows));
  }

  // the exponent: log scale + σZ − σ²/2 (+ log season for lines that scale with users)
  const sigma = l.volatility;
  const logScale = l.scales_with === 'users' ? drivers.logUsers : l.scales_with === 'served_users' ? servedLog(drivers) : undefined;
  const noise = sigma > 0 ? mul(constant(sigma), normal(b.stream(`${key}/noise`, 'normal'))) : undefined;
  let scale: Expr | undefined;
  if (logScale !== undefined || noise !== undefined) {
    const seasonal = logScale !== undefined && drivers.logSeason !== undefined;
    const shift = seasonal ? b.table(`shift:${sigma}`, () => shiftTable(b, drivers, sigma, days)) : undefined;
    scale = exp(sum([logScale, noise, shift === undefined ? constant(0 - 0.5 * sigma * sigma) : day(shift)]));
  }

  return {
    key,
    name: l.name,
    section,
    flow: sum([
      product([day(factor), input(refs.amount), planLevel(b, l, refs.slips, startDay, days), growth, l.gpu_priced ? drivers.price : undefined, l.scales_with !== 'customers' ? undefined : l.prepaid !== undefined ? drivers.prepaying!() : drivers.customers, scale]),
      additiveNoise(b, l, key, factor),
    ]),
    paysWhen: factor,
  };
}

/** The steps of a line's `from`–`until` window within the run. */
function lineWindow(l: Line, startDay: number, days: number): { first: number; last: number } {
  return { first: l.from === undefined ? 0 : Math.max(0, dayOf(l.from) - startDay), last: l.until === undefined ? days - 1 : Math.min(days - 1, dayOf(l.until) - startDay) };
}

/**
 * A share of other lines: sign × share × (the sum of the amounts of the lines it is a share of,
 * today), within its window. A line's amount is its money as a positive number (a cost's money is
 * negative).
 */
function compileShare(b: PlanBuilder, l: Line, section: 'costs' | 'revenue', shareInput: number, of: readonly { line: number; section: 'costs' | 'revenue' }[], startDay: number, days: number): LinePlan {
  const sign = section === 'costs' ? -1 : 1;
  const { first, last } = lineWindow(l, startDay, days);
  const window = b.table(`window:${sign}:${first}:${last}`, () => Float64Array.from({ length: days }, (_, t) => (t >= first && t <= last ? sign : 0)));
  const amounts = sum(of.map((r) => (r.section === 'costs' ? mul(constant(-1), line(r.line)) : line(r.line))));
  return { key: `${section}/${l.name}`, name: l.name, section, flow: product([day(window), input(shareInput), amounts]), paysWhen: window };
}

/**
 * A plan's level on each day: each point adds its change from the previous point's level (the
 * first, from 0) from its date on, or, with `ramp`, linearly from the previous point's date to its
 * own. Without slips it is a day table; with them each point's date moves by max(0, slip) days
 * drawn per path (a point counts from the first day at or after its slipped date).
 */
function planLevel(b: PlanBuilder, l: Line, slips: readonly (number | undefined)[], startDay: number, days: number): Expr | undefined {
  const plan = l.plan;
  if (plan === undefined) return undefined;
  const dates = plan.map((point) => dayOf(point.date) - startDay);
  const changes = plan.map((point, k) => point.level - (k === 0 ? 0 : plan[k - 1]!.level));
  if (slips.every((x) => x === undefined)) {
    return day(
      b.table(`plan:${JSON.stringify(plan)}`, () =>
        Float64Array.from({ length: days }, (_, t) =>
          plan.reduce((level, point, k) => {
            const [a, c] = [k === 0 ? dates[0]! : dates[k - 1]!, dates[k]!];
            const fraction = point.ramp && c > a ? Math.min(1, Math.max(0, (t - a) / (c - a))) : t >= c ? 1 : 0;
            return level + changes[k]! * fraction;
          }, 0),
        ),
      ),
    );
  }
  const t = day(stepTable(b, days));
  const start = (k: number) => {
    const slip = slips[k];
    return slip === undefined ? constant(dates[k]!) : add(constant(dates[k]!), max(constant(0), input(slip)));
  };
  return sum(
    plan.map((point, k) => {
      if (!point.ramp) return ifLess(t, start(k), constant(0), constant(changes[k]!));
      // linear from the previous point's start to this one's (a jump where slips put them out of order)
      const from = start(k - 1);
      const span = max(sub(start(k), from), constant(1e-9));
      return mul(constant(changes[k]!), min(constant(1), max(constant(0), div(sub(t, from), span))));
    }),
  );
}

/**
 * Additive noise: a normal with mean 0 whose standard deviation over one `per` period is `noise`,
 * made of independent daily parts, so the day's part has standard deviation noise × √(the day's
 * share of its period), and a payment's noise × √(the shares of the days it covers). Signed like
 * the line's money, and able to change its sign.
 */
function additiveNoise(b: PlanBuilder, l: Line, key: string, factor: number): Expr | undefined {
  if (l.noise === undefined || l.noise === 0) return undefined;
  const spread = b.table(`sqrt:${factor}`, () => b.tables[factor]!.map((x) => Math.sign(x) * Math.sqrt(Math.abs(x))));
  return product([day(spread), constant(l.noise), normal(b.stream(`${key}/additive noise`, 'normal'))]);
}

/**
 * A loan as four financing lines, each a day table of its flows per unit of principal (`loan.ts`)
 * times the amount drawn: the draw (in), the interest, the repayments of principal and the fee
 * (out). Flows after the horizon are not simulated.
 */
function compileLoan(b: PlanBuilder, d: NonNullable<Scenario['debt']>[number], amountInput: number, startDay: number, days: number): LinePlan[] {
  const drawDay = dayOf(d.date);
  const flows = loanSchedule({ drawDay, rate: d.rate, dayCount: d.day_count, interestOnly: d.interest_only, amortize: d.amortize, payDay: d.pay_day ?? civilDate(drawDay).day, finalFee: d.final_fee });
  const parts = [
    ['draw', flows.draw, 1],
    ['interest', flows.interest, -1],
    ['repayment', flows.principal, -1],
    ['fee', flows.fee, -1],
  ] as const;
  return parts.flatMap(([part, byDay, sign]) => {
    if (byDay.size === 0) return [];
    const table = new Float64Array(days);
    for (const [dayNo, amount] of byDay) if (dayNo >= startDay && dayNo < startDay + days) table[dayNo - startDay] = sign * amount;
    const at = b.table(`debt:${d.name}:${part}`, () => table);
    return [{ key: `debt/${d.name}/${part}`, name: `${d.name} ${part}`, section: 'financing', flow: product([day(at), input(amountInput)]), paysWhen: at } as const];
  });
}

/** A credit line's day tables: its interest pay days (its pay day of each month, or the month's last day), open days and maturity. */
function compileCredit(b: PlanBuilder, c: NonNullable<Scenario['credit_lines']>[number], limitInput: number, startDay: number, days: number): CreditPlan {
  const from = c.from === undefined ? 0 : dayOf(c.from) - startDay;
  const until = c.until === undefined ? days : dayOf(c.until) - startDay;
  const key = `credit/${c.name}`;
  const table = (part: string, at: (t: number) => boolean) => b.table(`${key}:${part}`, () => Float64Array.from({ length: days }, (_, t) => (at(t) ? 1 : 0)));
  const payDay = table('pay day', (t) => {
    const { year, month, day: d } = civilDate(startDay + t);
    return t > from && t <= until && d === Math.min(c.pay_day, daysInMonth(year, month));
  });
  return {
    key,
    name: c.name,
    limitInput,
    drawBelow: c.draw_below,
    repayAbove: c.repay_above,
    dailyRate: c.rate / c.day_count,
    payDay,
    open: table('open', (t) => t >= from && t < until),
    maturity: until < days ? table('maturity', (t) => t === until) : undefined,
  };
}

/** log served users = log users + log capacity (the GPU state's). */
function servedLog(d: Drivers): Expr | undefined {
  return d.logCapacity === undefined ? d.logUsers : add(d.logUsers!, d.logCapacity);
}

/** log season(t) − σ²/2 for each day. */
function shiftTable(b: PlanBuilder, d: Drivers, sigma: number, days: number): Float64Array {
  const season = d.logSeason?.kind === 'day' ? b.tables[d.logSeason.table]! : new Float64Array(days);
  return Float64Array.from(season, (x) => x - 0.5 * sigma * sigma);
}
