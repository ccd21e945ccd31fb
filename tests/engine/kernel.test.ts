import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TRACE_FIELDS } from '../../src/engine/trace.js';
import { runKeeping } from '../../src/run/run.js';
import { simulateOneBlock } from '../../src/engine/simulate.js';
import { compile } from '../../src/model/compile.js';
import type { Plan } from '../../src/model/plan.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { scenario } from '../helpers.js';
import { oracleBlock } from '../oracle/day.js';
import { fastExp } from '../oracle/fast-exp.js';

/** Block `block` of the engine against the oracle: every path's ruin day, every column, events' counts. */
function expectSameBlock(plan: Plan, block: number, n: number): void {
  const engine = simulateOneBlock(plan, block, n, undefined, { keepRuinSteps: true });
  const oracle = oracleBlock(plan, block, n);
  expect(Array.from(engine.ruinStep)).toEqual(Array.from(oracle.ruinStep));
  oracle.columns.forEach((column, k) => expect(Array.from(engine.cash.subarray(k * n, (k + 1) * n))).toEqual(Array.from(column)));
  expect(Array.from(engine.eventLanded)).toEqual(Array.from(oracle.eventLanded));
  expect(Array.from(engine.fired)).toEqual(Array.from(oracle.fired));
  expect(Array.from(engine.firings)).toEqual(Array.from(oracle.firings));
}

describe('the kernel against the pass-by-pass oracle', () => {
  it.each(['scenarios/openai-2024.yaml', 'scenarios/seed-startup.yaml', 'scenarios/api-business.yaml', 'scenarios/saas-startup.yaml', 'scenarios/bench/r1.yaml'])('gives the same numbers bit for bit: %s', (file) => {
    const plan = compile(scenario(readFileSync(file, 'utf8')));
    expectSameBlock(plan, 0, 1024);
    expectSameBlock(plan, 3, 300);
  });

  it('gives the same ledger of each line as the oracle, day by day: costs, revenue and financing (loans and credit lines)', () => {
    const text = `${readFileSync('scenarios/saas-startup.yaml', 'utf8')}\ncredit_lines:\n  - { name: revolver, limit: 300k, draw_below: 400k, repay_above: 900k, rate: 11% }\n`;
    const plan = compile(scenario(text));
    const rowEnds = Int32Array.from({ length: plan.days }, (_, t) => t);
    const paths = Int32Array.of(0, 17, 500);
    const traced = simulateOneBlock(plan, 1, 600, undefined, { trace: { paths, rowEnds } });
    const oracle = oracleBlock(plan, 1, 600);
    const fields = TRACE_FIELDS.length;
    let financed = 0;
    for (const [p, i] of [...paths].entries()) {
      for (let t = 0; t < plan.days; t++) {
        const row = traced.trace!.data.subarray((p * plan.days + t) * fields, (p * plan.days + t + 1) * fields);
        const sum = (section: string, sign: number) => plan.lines.reduce((acc, line, L) => (line.section === section ? acc + sign * oracle.lineMoney[t]![L]![i]! : acc), 0);
        const credit = oracle.creditMoney[t]!.reduce((acc, part) => acc + part[i]!, 0);
        expect([row[3], row[4], row[8]]).toEqual([sum('costs', -1), sum('revenue', 1), sum('financing', 1) + credit]);
        if (row[8] !== 0) financed++;
      }
    }
    expect(financed).toBeGreaterThan(3);
    // the traced block's numbers are the plain block's
    const plain = simulateOneBlock(plan, 1, 600, undefined, { keepRuinSteps: true });
    expect(Array.from(traced.cash)).toEqual(Array.from(plain.cash));
  });

  // random valid scenarios: lines with growth, noise, windows and periods; users with seasonality;
  // GPU regimes; dated, ranged and triggered events; correlations; LHS
  // pert's quantile is left to distributions/ (the kernel makes the others'), with its landings counted all the same
  const amount = fc.oneof(fc.constant('2k to 5k'), fc.constant('uniform(1k, 3k)'), fc.constant('4k'), fc.constant('normal(3k, 500)'), fc.constant('pert(1k, 2k, 5k)'));
  const line = (k: number, users: boolean, gpu: boolean) =>
    fc.record({
      name: fc.constant(`l${k}`),
      amount,
      per: fc.constantFrom('day', 'month', 'year'),
      volatility: fc.constantFrom(0, 0.1, 0.3),
      noise: fc.constantFrom(0, 0, 2000),
      scales_with: users ? fc.constantFrom('fixed', 'users', 'served_users') : fc.constant('fixed'),
      gpu_priced: fc.constant(gpu).chain((g) => (g ? fc.boolean() : fc.constant(false))),
      growth: fc.option(fc.record({ monthly: fc.constantFrom('normal(2%, 1%)', '1%', 'uniform(-120%, 5%)') }), { nil: undefined }),
      from: fc.option(fc.constantFrom('2025-01-20', '2025-03-01'), { nil: undefined }),
      until: fc.option(fc.constantFrom('2025-02-10', '2025-04-30'), { nil: undefined }),
      plan: fc.option(fc.constantFrom([{ date: '2025-01-01', level: 1 }, { date: '2025-03-01', level: 3, slip: 'uniform(0, 40)' }], [{ date: '2025-02-01', level: 0 }, { date: '2025-04-01', level: 2, ramp: true }]), { nil: undefined }),
      paid: fc.option(fc.constantFrom({ day: 25 }, { day: 'last', weekend: 'before' }, { weekday: 'fri' }, { every: '2 weeks', from: '2025-01-10' }), { nil: undefined }),
    });
  const scenarioArbitrary = fc
    .record({ credit: fc.constantFrom(undefined, { draw_below: 30_000 }, { draw_below: 50_000, repay_above: 80_000, from: '2025-02-10', until: '2025-05-20' }), debt: fc.boolean(), customers: fc.boolean(), users: fc.boolean(), gpu: fc.boolean(), costs: fc.integer({ min: 0, max: 4 }), revenue: fc.integer({ min: 0, max: 3 }), lhs: fc.boolean(), correlate: fc.boolean(), share: fc.boolean() })
    .chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        costs: fc.tuple(...Array.from({ length: shape.costs }, (_, k) => line(k, shape.users, shape.gpu))),
        revenue: fc.tuple(...Array.from({ length: shape.revenue }, (_, k) => line(10 + k, shape.users, shape.gpu))),
        dated: fc.array(
          fc.record({ date: fc.constantFrom('2025-02-01', '2025-01-10 to 2025-05-20', '2025-04-01 to 2025-09-01'), probability: fc.constantFrom(1, 0.5), amount: amount, direction: fc.constantFrom('in', 'out') }),
          { maxLength: 4 },
        ),
        triggered: fc.array(fc.record({ cash_below: fc.constantFrom(20_000, 60_000), delay_days: fc.constantFrom(0, 7), probability: fc.constantFrom(1, 0.5), amount }), { maxLength: 2 }),
        actions: fc.array(
          fc.record({
            when: fc.constantFrom({ cash_below: 40_000 }, { cash_below: 90_000 }, { runway_below: 2 }, { runway_below: 5 }),
            delay_days: fc.constantFrom(0, 10),
            repeat: fc.boolean(),
            change: fc.constantFrom('cut', 'stop', 'freeze', 'start', 'cut+start'),
            cut: fc.constantFrom('30%', 'uniform(10%, 50%)'),
          }),
          { maxLength: 2 },
        ),
        seed: fc.integer({ min: 0, max: 1000 }),
      }),
    )
    .map(({ shape, costs, revenue, dated, triggered, actions, seed }): Scenario => {
      const text = {
        name: 'generated',
        start: '2025-01-01',
        horizon: '2025-06-30',
        seed,
        sampling: shape.lhs ? 'lhs' : 'random',
        cash: { initial: '50k to 150k' },
        ...(shape.users ? { users: { initial: 100, growth: { drift: 'normal(1%, 2%)', volatility: '10%', per: 'month' }, seasonality: { mar: '-10%', may: '5%' } } } : {}),
        ...(shape.gpu
          ? { gpu: { availability: { initial: 'ok', states: { ok: { capacity: 1 }, short: { capacity: 0.6, price: 0.4 }, out: { capacity: 0.2 } }, transitions: { 'ok->short': 0.05, 'short->ok': 0.2, 'short->out': 0.1, 'out->ok': 0.3 } } } }
          : {}),
        costs: costs.map((l) => clean(l)),
        ...(shape.credit !== undefined ? { credit_lines: [{ name: 'revolver', limit: '20k to 60k', rate: '9%', pay_day: 15, ...shape.credit }] } : {}),
        ...(shape.debt ? { debt: [{ name: 'loan', amount: '50k to 150k', date: '2025-02-15', rate: 0.1, interest_only: 2, amortize: 3, final_fee: 0.02 }] } : {}),
        ...(shape.customers ? { customers: { initial: 50, new: 'uniform(2, 8)', churn: '2% to 6%', per: 'month', counts: shape.debt ? 'random' : 'expected' } } : {}),
        revenue: [
          ...revenue.map((l) => clean(l)),
          ...(shape.share && costs.length > 0 ? [{ name: 'rebate', share: 'uniform(1%, 5%)', of: ['costs'] }] : []),
          ...(shape.customers ? [{ name: 'subscriptions', amount: '200 to 400', per: 'month', scales_with: 'customers', volatility: 0.1 }, { name: 'annual plans', amount: '2k to 4k', per: 'year', scales_with: 'customers', prepaid: 'year' }] : []),
        ],
        events: [...dated.map((e, k) => ({ name: `d${k}`, ...e })), ...triggered.map((e, k) => ({ name: `t${k}`, when: { cash_below: e.cash_below }, delay_days: e.delay_days, probability: e.probability, amount: e.amount }))],
        ...(costs.length > 0 ? { actions: actions.map((a, k) => action(a, k, costs)) } : {}),
        ...(shape.correlate && costs.length > 0 && costs[0]!.amount !== '4k' ? { correlations: [{ between: ['cash.initial', 'costs[l0].amount'], rho: 0.5 }] } : {}),
      };
      return scenario(JSON.stringify(text));
    });

  it('gives the same numbers bit for bit on random scenarios', () => {
    fc.assert(
      fc.property(scenarioArbitrary, (s) => {
        const plan = compile(s);
        expectSameBlock(plan, 2, 150);
      }),
      { numRuns: 40, seed: 20261205 },
    );
  });

  it('gives the same numbers on 1 and 2 threads on random scenarios', async () => {
    const samples = fc.sample(scenarioArbitrary, { numRuns: 4, seed: 7 });
    for (const s of samples) {
      const runs = [];
      for (const threads of [1, 2]) runs.push(await runKeeping({ ...s, paths: 3000 }, 'test', { threads, minBlocksPerThread: 1 }, { ruinSteps: true }));
      expect(Array.from(runs[1]!.tally.ruinStep)).toEqual(Array.from(runs[0]!.tally.ruinStep));
      expect(runs[1]!.result).toEqual(runs[0]!.result);
      const plan = compile(s);
      expectSameBlock(plan, 1, 1024);
    }
  });
});

/** A generated action on the generated costs: a cut of them all, a stop or a growth freeze of the first, or a started bridge line (the last). */
function action(a: { when: object; delay_days: number; repeat: boolean; change: string; cut: string }, k: number, costs: readonly Record<string, unknown>[]): Record<string, unknown> {
  const first = String(costs[0]!.name);
  const growing = costs.filter((l) => l.growth !== undefined).map((l) => String(l.name));
  const change =
    a.change === 'cut'
      ? { cut: a.cut, lines: ['costs'] }
      : a.change === 'stop'
        ? { stop: [first] }
        : a.change === 'freeze' && growing.length > 0
          ? { freeze_growth: growing }
          : a.change === 'start' || a.change === 'cut+start'
            ? { start: [String(costs[costs.length - 1]!.name)], ...(a.change === 'cut+start' ? { cut: a.cut, lines: [first] } : {}) }
            : { cut: a.cut, lines: [first] };
  // a line is started by one action only
  return { name: `a${k}`, when: a.when, delay_days: a.delay_days, repeat: a.repeat, ...(k > 0 && 'start' in change ? { cut: a.cut, lines: [first] } : change) };
}

/** A generated line without the fields fast-check left undefined, and with `until` not before `from`. */
function clean(l: Record<string, unknown>): Record<string, unknown> {
  const out = Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined));
  if (out.from !== undefined && out.until !== undefined && String(out.until) < String(out.from)) delete out.until;
  return out;
}

describe('the oracle exp', () => {
  it('is within 2 ulp of Math.exp over the range the engine uses, and exact where e^x is', () => {
    let worst = 0;
    for (let k = 0; k <= 200_000; k++) {
      const x = -60 + (120 * k) / 200_000 + 1e-7 * Math.sin(k);
      const e = Math.exp(x);
      worst = Math.max(worst, Math.abs(fastExp(x) - e) / e);
    }
    expect(worst).toBeLessThanOrEqual(2 * 2 ** -52);
    expect(fastExp(0)).toBe(1);
    expect(fastExp(-Infinity)).toBe(0);
    expect(fastExp(800)).toBe(Infinity);
    expect(Number.isNaN(fastExp(NaN))).toBe(true);
    expect(fastExp(-745.5)).toBe(Math.exp(-745.5));
  });
});

describe('a scenario with many lines', () => {
  it('holds a block of 60 growing, noisy, user-scaled lines', () => {
    const lines = Array.from({ length: 60 }, (_, k) => `  - { name: l${k}, amount: 1k to 2k, per: day, scales_with: users, volatility: 10%, growth: { monthly: 'normal(1%, 1%)' } }`);
    const text = ['name: many lines', 'start: 2025-01-01', 'horizon: 2025-03-31', 'paths: 1100', 'cash:', '  initial: 50M', 'users:', '  initial: 10', '  growth: { drift: 1%, volatility: 5%, per: month }', 'costs:', ...lines].join('\n');
    expectSameBlock(compile(scenario(text)), 0, 1024);
  });
});
