import { z } from 'zod';
import type { DistSpec } from '../distributions/index.js';
import {
  makeBernoulli,
  makeBeta,
  makeConstant,
  makeDiscrete,
  makeLognormal,
  makeLognormalInterval,
  makeNormal,
  makePert,
  makeTriangular,
  makeUniform,
} from '../distributions/index.js';
import { type IsoDate, MONTH_KEYS, asIsoDate } from '../util/calendar.js';
import { DIST_EXAMPLES, parseDistText, toSpec } from './dist-syntax.js';
import { type Parsed, parseQuantity } from './quantity.js';

/**
 * The scenario format as a zod schema: parse (with defaults filled in) and normalise in one pass.
 * Every object is strict (unknown keys are errors). Cross-field rules live in `rules.ts`.
 * Field names in files are snake_case; the parsed `Scenario` keeps them so that a path in an error
 * message is the path in the file.
 */

export const MAX_PATHS = 1_000_000_000;
export const MAX_DAYS = 36_525; // 100 years of daily steps
/** Each report date is a cash column over every path (or a sketch of at most 200 kB a thread). */
export const MAX_REPORT_DATES = 500;
/** Each dated event is three draws a path and a landing; each triggered event is checked on every path every day. */
export const MAX_DATED_EVENTS = 10_000;
export const MAX_TRIGGERED_EVENTS = 200;
/** Each line is code in the simulated day, compiled per thread; compile time and memory grow faster than the lines beyond a few hundred. */
export const MAX_LINES = 250;

type Ctx = z.core.$RefinementCtx<unknown>;

function report<T>(parsed: Parsed<T>, ctx: Ctx, code: string): T {
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: 'custom', message: parsed.error, params: { code } });
  return z.NEVER;
}

/** Any JavaScript number, finite or not (zod's z.number() refuses ±Infinity and NaN with a generic message; the factories and parseQuantity say "finite"). */
const anyJsNumber = z.custom<number>((v) => typeof v === 'number', { error: 'expected a number' }).meta({ type: 'number' });

const numberOrText = z.union([anyJsNumber, z.string()], { error: 'expected a number such as 700k, 1.5B or 12%' });

/** A number, possibly written with a suffix, that satisfies `check` (which returns a message when it does not). */
function quantity(check?: (value: number) => string | undefined) {
  return numberOrText.transform((input, ctx) => {
    const value = report(parseQuantity(input), ctx, 'scenario.number');
    const problem = check?.(value);
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: `${problem} (got ${String(input)})`, params: { code: 'scenario.range' } });
      return z.NEVER;
    }
    return value;
  });
}

export const anyNumber = quantity();
export const probability = quantity((v) => (v < 0 || v > 1 ? 'must be a probability between 0% and 100%' : undefined));
export const nonNegative = quantity((v) => (v < 0 ? 'must be at least 0' : undefined));
export const positive = quantity((v) => (v <= 0 ? 'must be above 0' : undefined));
const fractionUpToOne = quantity((v) => (v <= 0 || v > 1 ? 'must be above 0% and at most 100%' : undefined));
const aboveMinusOne = quantity((v) => (v <= -1 ? 'must be above -100%' : undefined));

export const isoDate = z.string({ error: 'expected a date as YYYY-MM-DD' }).transform((text, ctx): IsoDate => {
  const checked = asIsoDate(text);
  return checked.ok ? checked.date : report(checked, ctx, 'scenario.date');
});

/**
 * A name (of the scenario, a line, an event, …): text without control characters, which would
 * otherwise reach a terminal as commands (ESC sequences that retitle or clear it).
 */
/** The index of the first control character (C0, DEL or C1) in a text, or −1. */
export function firstControlCharacter(text: string): number {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return k;
  }
  return -1;
}

const nameText = z
  .string({ error: 'expected a name' })
  .min(1, { error: 'must not be empty' })
  .superRefine((text, ctx) => {
    const at = firstControlCharacter(text);
    if (at >= 0) ctx.addIssue({ code: 'custom', message: `must not contain control characters (got U+${text.codePointAt(at)!.toString(16).toUpperCase().padStart(4, '0')} at character ${at + 1})`, params: { code: 'scenario.name.control' } });
  });

const provenance = {
  source: z.string({ error: 'expected text: a URL or a citation' }).optional(),
  note: z.string({ error: 'expected text' }).optional(),
};

// ---- distributions: compact text or a structured object, one meaning ----

const distObject = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('constant'), value: anyNumber }),
    z.strictObject({ type: z.literal('normal'), mean: anyNumber, sd: anyNumber }),
    z.strictObject({
      type: z.literal('lognormal'),
      mu: anyNumber.optional(),
      sigma: anyNumber.optional(),
      low: anyNumber.optional(),
      high: anyNumber.optional(),
    }),
    z.strictObject({ type: z.literal('uniform'), low: anyNumber, high: anyNumber }),
    z.strictObject({ type: z.literal('triangular'), low: anyNumber, mode: anyNumber, high: anyNumber }),
    z.strictObject({ type: z.literal('pert'), low: anyNumber, mode: anyNumber, high: anyNumber, lambda: anyNumber.default(4) }),
    z.strictObject({ type: z.literal('beta'), alpha: anyNumber, beta: anyNumber, low: anyNumber.default(0), high: anyNumber.default(1) }),
    z.strictObject({ type: z.literal('discrete'), values: z.array(anyNumber), weights: z.array(anyNumber) }),
    z.strictObject({ type: z.literal('bernoulli'), p: anyNumber }),
  ],
  { error: 'expected a distribution type: constant, normal, lognormal, uniform, triangular, pert, beta, discrete or bernoulli' },
);

type DistObject = z.output<typeof distObject>;

function objectToSpec(d: DistObject): Parsed<DistSpec> {
  switch (d.type) {
    case 'constant':
      return toSpec(makeConstant(d.value));
    case 'normal':
      return toSpec(makeNormal(d.mean, d.sd));
    case 'lognormal': {
      const byInterval = d.low !== undefined || d.high !== undefined;
      const byParams = d.mu !== undefined || d.sigma !== undefined;
      if (byInterval === byParams) return { ok: false, error: 'lognormal takes either mu and sigma, or low and high (a 90% interval)' };
      return byInterval ? toSpec(makeLognormalInterval(d.low ?? NaN, d.high ?? NaN)) : toSpec(makeLognormal(d.mu ?? NaN, d.sigma ?? NaN));
    }
    case 'uniform':
      return toSpec(makeUniform(d.low, d.high));
    case 'triangular':
      return toSpec(makeTriangular(d.low, d.mode, d.high));
    case 'pert':
      return toSpec(makePert(d.low, d.mode, d.high, d.lambda));
    case 'beta':
      return toSpec(makeBeta(d.alpha, d.beta, d.low, d.high));
    case 'discrete':
      return toSpec(makeDiscrete(d.values, d.weights));
    case 'bernoulli':
      return toSpec(makeBernoulli(d.p));
  }
}

/** A distribution field: a number, compact text (`500k to 900k`, `normal(-2%, 3%)`) or an object with `type`. */
export const dist = z
  .union([anyJsNumber, z.string(), distObject], { error: `expected a distribution: ${DIST_EXAMPLES}` })
  .transform((input, ctx): DistSpec => {
    if (typeof input === 'number') {
      // a finite number beyond the magnitude limit is refused like the same number written as text
      const checked = Number.isFinite(input) ? parseQuantity(input) : ({ ok: true, value: input } as const);
      return checked.ok ? report(toSpec(makeConstant(checked.value)), ctx, 'scenario.distribution') : report(checked, ctx, 'scenario.number');
    }
    if (typeof input === 'string') return report(parseDistText(input), ctx, 'scenario.distribution');
    return report(objectToSpec(input), ctx, 'scenario.distribution');
  });

// ---- drivers ----

export const PERIODS = ['day', 'week', 'month', 'quarter', 'year'] as const;
const period = z.enum(PERIODS, { error: `expected one of ${PERIODS.join(', ')}` });
/** A line's period: required (in rules.ts, unless the line is a share), so that a monthly amount is never read as a daily one. */
const linePeriod = period;

const seasonality = z.strictObject(Object.fromEntries(MONTH_KEYS.map((m) => [m, aboveMinusOne.optional()])) as Record<(typeof MONTH_KEYS)[number], z.ZodOptional<typeof aboveMinusOne>>);

const users = z.strictObject({
  initial: positive,
  growth: z
    .strictObject({
      drift: dist.default({ type: 'constant', value: 0 }),
      volatility: nonNegative.default(0),
      per: period.default('month'),
    })
    .default({ drift: { type: 'constant', value: 0 }, volatility: 0, per: 'month' }),
  seasonality: seasonality.default({}),
  ...provenance,
});

/**
 * Paying customers as a fluid (fractions of customers: the expected count given the path's rates):
 * each day the base keeps (1 − churn)^(1/period days) of itself, then new customers arrive at
 * new/period days a day. `new` and `churn` are drawn per path.
 */
const customers = z.strictObject({
  initial: nonNegative,
  new: dist.default({ type: 'constant', value: 0 }),
  churn: dist.default({ type: 'constant', value: 0 }),
  per: period.default('month'),
  /** `expected`: the count is the expected one given the path's rates; `random`: sign-ups and departures vary day to day (a birth–death process). */
  counts: z.enum(['expected', 'random'], { error: 'expected expected (the expected count given the rates) or random (sign-ups and departures vary day to day)' }).default('expected'),
  ...provenance,
});

const gpuState = z.strictObject({
  capacity: fractionUpToOne.default(1),
  price: aboveMinusOne.default(0),
});

const gpu = z.strictObject({
  availability: z.strictObject({
    initial: z.string({ error: 'expected the name of a state' }),
    states: z.record(z.string(), gpuState),
    transitions: z.record(z.string(), probability).default({}),
  }),
  ...provenance,
});

const growth = z.strictObject({
  annual: dist.optional(),
  monthly: dist.optional(),
});

const monthKey = z.enum(MONTH_KEYS, { error: `expected a month: ${MONTH_KEYS.join(', ')}` });
const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** `every: 2 weeks` (or `14 days`): the days between payments. */
const every = z.string({ error: 'expected a whole number of days or weeks, such as 2 weeks' }).transform((text, ctx) => {
  const m = /^\s*(\d+)\s*(days?|weeks?)\s*$/.exec(text);
  const n = m === null ? NaN : Number(m[1]);
  const days = m !== null && m[2]!.startsWith('week') ? 7 * n : n;
  if (!(days >= 1 && days <= 366)) {
    ctx.addIssue({ code: 'custom', message: `expected a whole number of days or weeks from 1 day to a year, such as 2 weeks (got ${JSON.stringify(text)})`, params: { code: 'scenario.paid.every' } });
    return z.NEVER;
  }
  return { days };
});

/**
 * When a line's money is paid (instead of spread evenly over the days): on a day of the month
 * (in every month, or the months listed), on a day of the week, or every N days or weeks from a
 * date. Each payment pays what the line accrued since the previous payment day.
 */
const paid = z.strictObject({
  day: z
    .union([z.literal('last'), z.int().min(1, { error: 'expected a day of the month from 1 to 31, or last' }).max(31, { error: 'expected a day of the month from 1 to 31, or last' })], {
      error: 'expected a day of the month from 1 to 31, or last',
    })
    .optional(),
  months: z.array(monthKey).min(1, { error: 'must list at least one month' }).optional(),
  weekday: z.enum(WEEKDAY_KEYS, { error: `expected a day of the week: ${WEEKDAY_KEYS.join(', ')}` }).optional(),
  every: every.optional(),
  from: isoDate.optional(),
  weekend: z.enum(['none', 'before', 'after'], { error: 'expected none, before (the Friday before) or after (the Monday after)' }).default('none'),
});

/**
 * A plan: the line's amount is multiplied by a level that changes at dates (a headcount from each
 * date, a ramp of revenue). Each point holds its level from its date on; with `ramp: true` the
 * level moves linearly from the previous point's; `slip` moves the date later by a number of days
 * drawn per path (a hire that starts late).
 */
const planPoint = z.strictObject({
  date: isoDate,
  level: nonNegative,
  slip: dist.optional(),
  ramp: z.boolean({ error: 'expected true or false' }).default(false),
});

const line = z.strictObject({
  name: nameText,
  // amount and per, or share and of (checked in rules.ts, which also says what is missing)
  amount: dist.optional(),
  per: linePeriod.optional(),
  share: dist.optional(),
  of: z.array(z.string({ error: 'expected the name of a line or a group' }), { error: 'expected a list of line or group names' }).min(1, { error: 'must name at least one line or group' }).optional(),
  group: nameText.optional(),
  paid: paid.optional(),
  plan: z.array(planPoint, { error: 'expected a list of { date, level } points' }).min(1, { error: 'must have at least one point' }).optional(),
  scales_with: z.enum(['fixed', 'users', 'served_users', 'customers'], { error: 'expected one of fixed, users, served_users, customers' }).default('fixed'),
  growth: growth.optional(),
  volatility: nonNegative.default(0),
  /** Additive noise: the standard deviation of the amount over one `per` period (normal, mean 0; it can change the line's sign). */
  noise: nonNegative.optional(),
  gpu_priced: z.boolean({ error: 'expected true or false' }).default(false),
  /** `year`: customers prepay a year at signing and at each renewal (a line that scales with customers). */
  prepaid: z.literal('year', { error: 'expected year (a year paid at signing and at each renewal)' }).optional(),
  from: isoDate.optional(),
  until: isoDate.optional(),
  ...provenance,
}).superRefine(
  // checked with the other fields' problems (not after them), so that a line without a period is
  // reported with everything else wrong in the file
  (l, ctx) => {
    if (typeof l !== 'object' || l === null || l.share !== undefined) return;
    if (l.amount === undefined) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'required: the amount per period (or share: and of: for a share of other lines)', params: { code: 'scenario.line.amount' } });
    if (l.per === undefined) ctx.addIssue({ code: 'custom', path: ['per'], message: `required: the period of the amount, one of ${PERIODS.join(', ')}`, params: { code: 'scenario.line.per' } });
  },
  { when: () => true },
);

/**
 * A loan drawn on a date: interest at an annual rate accrued daily (actual/365 or actual/360) and
 * paid monthly, `interest_only` payments, then `amortize` payments of equal principal (0: a bullet
 * with the last interest payment), and a fee of a share of the principal with the last payment.
 */
const loan = z.strictObject({
  name: nameText,
  amount: dist,
  date: isoDate,
  rate: nonNegative,
  day_count: z.union([z.literal(365), z.literal(360)], { error: 'expected 365 (actual/365) or 360 (actual/360)' }).default(365),
  interest_only: z.int({ error: 'expected a whole number of monthly payments' }).min(0, { error: 'must be at least 0' }).max(600, { error: 'must be at most 600' }).default(0),
  amortize: z.int({ error: 'expected a whole number of monthly payments' }).min(0, { error: 'must be at least 0' }).max(600, { error: 'must be at most 600' }).default(0),
  pay_day: z.int({ error: 'expected a day of the month from 1 to 31' }).min(1, { error: 'expected a day of the month from 1 to 31' }).max(31, { error: 'expected a day of the month from 1 to 31' }).optional(),
  final_fee: nonNegative.default(0),
  ...provenance,
});

/**
 * A revolving credit line: at the end of each day on which it is open, when cash is below
 * `draw_below` it draws what brings cash back to that level (up to `limit` outstanding); with
 * `repay_above`, cash above that level repays the balance. Interest at an annual `rate` accrues
 * daily on the day's closing balance (actual/365 or actual/360) and is paid monthly on `pay_day`;
 * at `until` (maturity) the balance is repaid and the line closes.
 */
const creditLine = z.strictObject({
  name: nameText,
  limit: dist,
  draw_below: anyNumber,
  repay_above: anyNumber.optional(),
  rate: nonNegative,
  day_count: z.union([z.literal(365), z.literal(360)], { error: 'expected 365 (actual/365) or 360 (actual/360)' }).default(365),
  pay_day: z.int({ error: 'expected a day of the month from 1 to 31' }).min(1, { error: 'expected a day of the month from 1 to 31' }).max(31, { error: 'expected a day of the month from 1 to 31' }).default(1),
  from: isoDate.optional(),
  until: isoDate.optional(),
  ...provenance,
});

const dateRange = z.union([z.string(), z.strictObject({ from: isoDate, to: isoDate })]).transform((input, ctx) => {
  if (typeof input !== 'string') return input;
  const parts = input.split(/\s+to\s+/);
  const texts = parts.length === 2 ? parts : [input, input];
  const [from, to] = texts.map((t) => asIsoDate(t.trim()));
  if (!from!.ok || !to!.ok) {
    const error = !from!.ok ? from!.error : (to as { error: string }).error;
    report({ ok: false, error: `expected a date or a range "YYYY-MM-DD to YYYY-MM-DD" (${error})` }, ctx, 'scenario.date');
    return z.NEVER;
  }
  return { from: from!.date, to: to!.date };
});

const event = z.strictObject({
  name: nameText,
  date: dateRange.optional(),
  when: z.strictObject({ cash_below: anyNumber }).optional(),
  delay_days: z.int({ error: 'expected a whole number of days' }).min(0, { error: 'must be at least 0' }).max(3650, { error: 'must be at most 3650' }).default(0),
  probability: probability.default(1),
  amount: dist,
  direction: z.enum(['in', 'out'], { error: 'expected in (money arrives) or out (money leaves)' }).default('in'),
  ...provenance,
});

/**
 * A management action: a rule checked at the end of every day on the path's own cash. When cash
 * is below a level, or months of runway (cash over the average monthly net burn of the costs and
 * revenue lines in the last three complete calendar months) are below a number, the action fires;
 * its changes apply from the next day, or `delay_days` days after that. `cut` scales the money of
 * the `lines` it names by (1 − cut), `stop` ends lines, `freeze_growth` holds their growth where
 * it is, and `start` turns on lines that are off until then (a bridge). Once, or with `repeat`
 * again each time the condition returns after it stopped holding (a cut then compounds).
 */
const lineNames = (what: string) =>
  z.array(z.string({ error: 'expected the name of a line or a group' }), { error: `expected a list of line or group names ${what}` }).min(1, { error: 'must name at least one line or group' });

const action = z.strictObject({
  name: nameText,
  when: z.strictObject({ cash_below: anyNumber.optional(), runway_below: positive.optional() }, { error: 'expected { cash_below: AMOUNT } or { runway_below: MONTHS }' }),
  delay_days: z.int({ error: 'expected a whole number of days' }).min(0, { error: 'must be at least 0' }).max(3650, { error: 'must be at most 3650' }).default(0),
  repeat: z.boolean({ error: 'expected true or false' }).default(false),
  cut: dist.optional(),
  lines: lineNames('to cut').optional(),
  stop: lineNames('to stop').optional(),
  freeze_growth: lineNames('whose growth stops').optional(),
  start: lineNames('to start').optional(),
  ...provenance,
});

const rho = quantity((v) => (v < -1 || v > 1 ? 'must be a rank correlation from -1 to 1' : undefined));
const inputName = z.string({ error: 'expected the name of a per-path input, such as cash.initial or costs[name].amount' });
const correlations = z.union(
  [
    z.array(z.strictObject({ between: z.tuple([inputName, inputName], { error: 'expected two input names [a, b]' }), rho })),
    z.strictObject({ inputs: z.array(inputName), matrix: z.array(z.array(rho, { error: 'expected a row of rank correlations' }), { error: 'expected a list of rows' }) }),
  ],
  { error: 'expected a list of { between: [a, b], rho: r } or { inputs: [a, b, ...], matrix: [[1, r], [r, 1]] }' },
);

export const scenarioSchema = z.strictObject({
  name: nameText,
  description: z.string({ error: 'expected text' }).optional(),
  start: isoDate,
  horizon: isoDate,
  step: z.enum(['day', 'week', 'month'], { error: 'expected day' }).default('day'),
  paths: z
    .int({ error: 'expected a whole number of paths' })
    .min(1, { error: 'must be at least 1' })
    .max(MAX_PATHS, { error: `must be at most ${MAX_PATHS}` })
    .default(10_000),
  seed: z
    .union([z.number(), z.string()], { error: 'expected a whole number from 0 to 2^53-1 or a non-empty text' })
    .transform((input, ctx) => {
      const valid = typeof input === 'number' ? Number.isSafeInteger(input) && input >= 0 : input.length >= 1 && input.length <= 200;
      if (valid) return String(input);
      const message =
        typeof input !== 'number'
          ? `expected a text of 1 to 200 characters (got ${input.length} characters)`
          : Number.isInteger(input) && input > Number.MAX_SAFE_INTEGER
            ? 'expected a whole number from 0 to 2^53-1; this one is too large to be read exactly, so quote it to use it as text'
            : `expected a whole number from 0 to 2^53-1 or a text (got ${input})`;
      ctx.addIssue({ code: 'custom', message, params: { code: 'scenario.seed' } });
      return z.NEVER;
    })
    .default('1'),
  report: z.strictObject({ by: z.array(isoDate).default([]) }).default({ by: [] }),
  cash: z.strictObject({ initial: dist, ...provenance }),
  users: users.optional(),
  customers: customers.optional(),
  gpu: gpu.optional(),
  costs: z.array(line).default([]),
  revenue: z.array(line).default([]),
  events: z.array(event).default([]),
  debt: z.array(loan, { error: 'expected a list of loans' }).optional(),
  credit_lines: z.array(creditLine, { error: 'expected a list of credit lines' }).optional(),
  actions: z.array(action, { error: 'expected a list of actions' }).optional(),
  correlations: correlations.optional(),
  sampling: z.enum(['random', 'lhs'], { error: 'expected random or lhs (Latin hypercube)' }).default('random'),
  expect: z
    .array(
      z.strictObject({
        ruin_probability: z.strictObject({
          by: isoDate,
          max: probability.optional(),
          min: probability.optional(),
        }),
      }),
    )
    .default([]),
});

/** A validated, normalised scenario: every default filled in, every distribution a checked spec. */
export type Scenario = z.output<typeof scenarioSchema>;
export type Line = Scenario['costs'][number];
export type ScenarioEvent = Scenario['events'][number];
export type Action = NonNullable<Scenario['actions']>[number];
export type CreditLine = NonNullable<Scenario['credit_lines']>[number];
export type Period = z.output<typeof period>;
export type Expectation = Scenario['expect'][number];
