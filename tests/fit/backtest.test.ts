import { describe, expect, it } from 'vitest';
import { ksUniform } from '../../src/analysis/calibration.js';
import { wilsonInterval } from '../../src/analysis/wilson.js';
import { backtest, type Backtest } from '../../src/run/backtest.js';
import { pitsOf, verdict } from '../../src/report/backtest.js';
import { parseActuals } from '../../src/scenario/actuals.js';
import { Draws, additive, cashFrom, csv, customers, gbmRevenue, multiplicative } from './synthetic.js';

async function backtestOf(text: string, options: { horizon: number; minHistory: number; paths: number; threshold?: number }): Promise<Backtest> {
  const parsed = parseActuals('synthetic.csv', text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.diagnostics));
  const b = await backtest(parsed.value, { ...options, seed: 7 }, 'test', { threads: 1 });
  if (typeof b === 'string') throw new Error(b);
  return b;
}

/** One-period-ahead PITs of a target, pooled over backtests (independent of each other under a calibrated model). */
function oneAhead(backtests: readonly Backtest[], target: string): number[] {
  return backtests.flatMap((b) => b.cutoffs.flatMap((c) => c.forecasts.filter((f) => f.target === target && f.lead === 1).map((f) => f.pit)));
}

/** The share of PITs inside the central band of probability p, with its 99% binomial interval. */
function inBand(pits: readonly number[], p: number) {
  const hits = pits.filter((u) => u >= (1 - p) / 2 && u <= (1 + p) / 2).length;
  return wilsonInterval(hits, pits.length, 2.5758293035489004);
}

/** Calibrated: the 50% and 90% bands' coverage within its 99% binomial interval, and the KS test of uniform PITs passed at 1%. */
function expectCalibrated(pits: readonly number[], label = '') {
  for (const p of [0.5, 0.9]) {
    const ci = inBand(pits, p);
    expect(ci.low, `${label} ${p} band`).toBeLessThanOrEqual(p);
    expect(ci.high, `${label} ${p} band`).toBeGreaterThanOrEqual(p);
  }
  expect(ksUniform(pits).p, label).toBeGreaterThan(0.01);
}

// a company from runway's own model family: revenue with multiplicative noise around a compound
// trend, costs with additive noise around one, cash the running sum
function company(seed: string, n: number, revenueGrowth: (t: number) => number) {
  const d = new Draws(seed);
  let log = Math.log(90_000);
  const revenue = Array.from({ length: n }, (_, t) => {
    log += revenueGrowth(t);
    return Math.exp(log + 0.06 * d.normal() - 0.0018);
  });
  const payroll = multiplicative(d, n, 70_000, 0.01, 0.02);
  const tools = additive(d, n, 15_000, 0.005, 2_500);
  return csv({ cash: cashFrom(2_000_000, [revenue], [payroll, tools]), 'revenue:sales': revenue, 'costs:payroll': payroll, 'costs:tools': tools });
}

describe('runway backtest against truth', () => {
  it('finds forecasts of data from the model calibrated: band coverage within its binomial interval, uniform PITs (KS at 1%)', async () => {
    const backtests: Backtest[] = [];
    for (const seed of ['a', 'b', 'c', 'd']) backtests.push(await backtestOf(company(`calibrated-${seed}`, 60, () => 0.015), { horizon: 3, minHistory: 24, paths: 1000 }));
    for (const target of ['cash', 'revenue:sales', 'costs:payroll', 'costs:tools']) {
      const pits = oneAhead(backtests, target);
      expect(pits.length).toBe(4 * 36);
      expectCalibrated(pits, target);
    }
  });

  it('finds a GBM revenue forecast calibrated (the walk that drives users)', async () => {
    const backtests: Backtest[] = [];
    for (const seed of ['a', 'b', 'c']) {
      const d = new Draws(`gbm-${seed}`);
      const revenue = gbmRevenue(d, 60, 100_000, 0.02, 0.08);
      backtests.push(await backtestOf(csv({ 'revenue:usage': revenue }), { horizon: 3, minHistory: 24, paths: 1000 }));
    }
    const pits = oneAhead(backtests, 'revenue:usage');
    expect(pits.length).toBe(3 * 36);
    expectCalibrated(pits);
  });

  it('finds revenue per customer calibrated when customers come and go at random (binomial churn, Poisson sign-ups)', async () => {
    const backtests: Backtest[] = [];
    for (const seed of ['a', 'b', 'c']) {
      const d = new Draws(`saas-${seed}`);
      const c = customers(d, 60, 80, 10, 0.03);
      const subscriptions = c.count.map((end, t) => {
        const average = ((t === 0 ? 80 : c.count[t - 1]!) + end) / 2;
        // little noise in the price, so that the customers' own randomness decides the spread
        return average * 400 * 1.003 ** t * Math.exp(0.01 * d.normal() - 0.00005);
      });
      backtests.push(await backtestOf(csv({ customers: c.count, 'customers:new': c.new, 'customers:churned': c.churned, 'revenue:subscriptions': subscriptions }), { horizon: 6, minHistory: 24, paths: 1000 }));
    }
    // (with the customers as their expected count, the 90% band held 70% of one-month outcomes and 55% of all)
    const all = backtests.flatMap((b) => b.cutoffs.flatMap((c) => c.forecasts.map((f) => f.pit)));
    expect(inBand(all, 0.9).high).toBeGreaterThan(0.85);
    const pits = oneAhead(backtests, 'revenue:subscriptions');
    expect(pits.length).toBe(3 * 36);
    expectCalibrated(pits);
  });

  it('shows miscalibration when the model changes half-way (growth turns from +4% to −4% a month)', async () => {
    const b = await backtestOf(company('regime', 60, (t) => (t < 30 ? 0.04 : -0.04)), { horizon: 3, minHistory: 24, paths: 1000 });
    const sales = b.targets.find((t) => t.target === 'revenue:sales')!;
    // the forecasts keep the old growth: outcomes fall below the bands, PITs pile up near 0
    expect(sales.coverage90.rate).toBeLessThan(0.85);
    expect(sales.uniformity.p).toBeLessThan(0.01);
    const pits = pitsOf(b, 'revenue:sales');
    expect(pits.reduce((a, x) => a + x, 0) / pits.length).toBeLessThan(0.35);
    expect(verdict(sales, b)).toMatch(/biased high/);
  });

  it('scores "cash below a threshold" with the Brier score', async () => {
    const b = await backtestOf(company('brier', 48, () => 0.0), { horizon: 6, minHistory: 24, paths: 1000, threshold: 1_500_000 });
    expect(b.brier).toBeDefined();
    // 24 cut-offs with 6 months observed after them: rows 24…42 (0-based 23…41)
    expect(b.brier!.n).toBe(48 - 24 - 6 + 1);
    const by = b.cutoffs.filter((c) => c.event !== undefined);
    const score = by.reduce((s, c) => s + (c.event!.p - (c.event!.happened ? 1 : 0)) ** 2, 0) / by.length;
    expect(b.brier!.score).toBeCloseTo(score, 12);
    expect(b.brier!.score).toBeLessThan(b.brier!.reference + 1e-12);
  });
});
