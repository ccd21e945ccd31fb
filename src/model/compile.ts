import { type DistSpec, type Distribution, makeDistribution } from '../distributions/index.js';
import { correlationOf } from '../scenario/correlations.js';
import { perPathInputs } from '../scenario/inputs.js';
import type { Line, Period, Scenario } from '../scenario/schema.js';
import { MONTH_KEYS, civilDate, daysInMonth, isLeapYear, parseIsoDate } from '../util/calendar.js';
import { type GpuPlan, type InputPlan, type LinePlan, type Plan, Scaling } from './plan.js';

/** Days in an average month and year of the Gregorian calendar (365.25 / 12, 365.25). */
export const DAYS_PER_MONTH = 365.25 / 12;
export const DAYS_PER_YEAR = 365.25;

/** Average length of a period in days, for rates (growth, drift, volatility) given per period. */
export function periodDays(per: Period): number {
  return per === 'day' ? 1 : per === 'month' ? DAYS_PER_MONTH : DAYS_PER_YEAR;
}

function toDay(text: string): number {
  const parsed = parseIsoDate(text);
  if (!parsed.ok) throw new Error(`bug: unvalidated date ${text}`);
  return parsed.day;
}

function build(spec: DistSpec): Distribution {
  const made = makeDistribution(spec);
  if (!made.ok) throw new Error(`bug: unvalidated distribution ${JSON.stringify(spec)}: ${made.error}`);
  return made.dist;
}

/** Compiles a validated Scenario into the engine's Plan (pure; throws only on bugs). */
export function compile(s: Scenario): Plan {
  const startDay = toDay(s.start);
  const days = toDay(s.horizon) - startDay + 1;
  const stepOf = (text: string) => toDay(text) - startDay;

  const inputs: InputPlan[] = perPathInputs(s).map((spec) => {
    const event = spec.kind === 'date' ? s.events.find((e) => spec.name === `events[${e.name}].date`) : undefined;
    return {
      ...spec,
      dist: spec.spec === undefined ? undefined : build(spec.spec),
      firstStep: event?.date === undefined ? 0 : stepOf(event.date.from),
      lastStep: event?.date === undefined ? 0 : stepOf(event.date.to),
    };
  });
  const input = (name: string) => {
    const at = inputs.findIndex((x) => x.name === name);
    if (at < 0) throw new Error(`bug: no input ${name}`);
    return at;
  };
  const correlation = correlationOf(s);
  if (correlation.problems.length > 0) throw new Error(`bug: unvalidated correlations: ${correlation.problems[0]!.message}`);

  const lines: LinePlan[] = [
    ...s.costs.map((l) => compileLine(l, 'costs', -1, startDay, days, input)),
    ...s.revenue.map((l) => compileLine(l, 'revenue', 1, startDay, days, input)),
  ];

  const checkpointSet = new Set<number>();
  for (let t = 0; t < days; t++) if (civilDate(startDay + t + 1).day === 1) checkpointSet.add(t);
  const reportSet = new Set<number>([days - 1, ...s.report.by.map(stepOf)]);
  for (const t of reportSet) checkpointSet.add(t);

  return {
    startDay,
    days,
    seed: s.seed,
    inputs,
    sampling: s.sampling,
    correlation: correlation.correlation,
    cashInput: input('cash.initial'),
    users: s.users === undefined ? undefined : compileUsers(s.users, startDay, days, input('users.growth.drift')),
    gpu: compileGpu(s),
    lines,
    datedEvents: s.events.flatMap((e) =>
      e.date === undefined
        ? []
        : [{ key: `events/${e.name}`, name: e.name, sign: e.direction === 'in' ? 1 : -1, happensInput: input(`events[${e.name}].happens`), dateInput: input(`events[${e.name}].date`), amountInput: input(`events[${e.name}].amount`), firstStep: stepOf(e.date.from), lastStep: stepOf(e.date.to) } as const],
    ),
    triggeredEvents: s.events.flatMap((e) =>
      e.when === undefined
        ? []
        : [{ key: `events/${e.name}`, name: e.name, sign: e.direction === 'in' ? 1 : -1, happensInput: input(`events[${e.name}].happens`), amountInput: input(`events[${e.name}].amount`), cashBelow: e.when.cash_below, delayDays: e.delay_days } as const],
    ),
    checkpoints: Int32Array.from([...checkpointSet].sort((a, b) => a - b)),
    reportSteps: Int32Array.from([...reportSet].sort((a, b) => a - b)),
  };
}

function compileUsers(u: NonNullable<Scenario['users']>, startDay: number, days: number, driftInput: number) {
  const factor = (month: number) => 1 + (u.seasonality[MONTH_KEYS[month - 1]!] ?? 0);
  const base = factor(civilDate(startDay).month);
  const seasonal = new Float64Array(days);
  for (let t = 0; t < days; t++) seasonal[t] = factor(civilDate(startDay + t).month) / base;
  const per = periodDays(u.growth.per);
  return { initial: u.initial, driftInput, periodDays: per, volatilityPerDay: u.growth.volatility / Math.sqrt(per), seasonal };
}

function compileGpu(s: Scenario): GpuPlan {
  if (s.gpu === undefined) {
    return { stateNames: ['available'], initialState: 0, capacity: Float64Array.of(1), priceFactor: Float64Array.of(1), transitions: [{ cumulative: new Float64Array(0), targets: new Int32Array(0) }] };
  }
  const a = s.gpu.availability;
  const names = Object.keys(a.states);
  const outgoing = names.map(() => ({ probs: [] as number[], targets: [] as number[] }));
  for (const [key, p] of Object.entries(a.transitions)) {
    const [from, to] = key.split('->').map((x) => x.trim()) as [string, string];
    const entry = outgoing[names.indexOf(from)]!;
    entry.probs.push(p);
    entry.targets.push(names.indexOf(to));
  }
  return {
    stateNames: names,
    initialState: names.indexOf(a.initial),
    capacity: Float64Array.from(names.map((n) => a.states[n]!.capacity)),
    priceFactor: Float64Array.from(names.map((n) => 1 + a.states[n]!.price)),
    transitions: outgoing.map((o) => {
      let acc = 0;
      return { cumulative: Float64Array.from(o.probs.map((p) => (acc += p))), targets: Int32Array.from(o.targets) };
    }),
  };
}

function compileLine(l: Line, section: 'costs' | 'revenue', sign: 1 | -1, startDay: number, days: number, input: (name: string) => number): LinePlan {
  const first = l.from === undefined ? 0 : Math.max(0, toDay(l.from) - startDay);
  const last = l.until === undefined ? days - 1 : Math.min(days - 1, toDay(l.until) - startDay);
  const dailyFactor = new Float64Array(days);
  for (let t = first; t <= last; t++) {
    const { year, month } = civilDate(startDay + t);
    dailyFactor[t] = l.per === 'day' ? 1 : l.per === 'month' ? 1 / daysInMonth(year, month) : 1 / (isLeapYear(year) ? 366 : 365);
  }
  const at = `${section}[${l.name}]`;
  const growth =
    l.growth === undefined ? undefined : l.growth.annual !== undefined ? { rateInput: input(`${at}.growth.annual`), periodDays: DAYS_PER_YEAR } : { rateInput: input(`${at}.growth.monthly`), periodDays: DAYS_PER_MONTH };
  return {
    key: `${section}/${l.name}`,
    name: l.name,
    sign,
    amountInput: input(`${at}.amount`),
    dailyFactor,
    calendarKey: `${l.per}:${first}:${last}`,
    scaling: l.scales_with === 'fixed' ? Scaling.Fixed : l.scales_with === 'users' ? Scaling.Users : Scaling.ServedUsers,
    gpuPriced: l.gpu_priced,
    growth,
    firstStep: first,
    volatility: l.volatility,
  };
}
