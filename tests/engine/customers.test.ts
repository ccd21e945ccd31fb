import { describe, expect, it } from 'vitest';
import { DAYS_PER_MONTH } from '../../src/model/compile.js';
import { LEDGER_FIELDS } from '../../src/run/ledger.js';
import { runTraced } from '../../src/run/run.js';
import { cashOn, problems, scenario, simulateText } from '../helpers.js';

const P = DAYS_PER_MONTH;
const head = (paths: number, customers: string) =>
  `name: saas\nstart: 2025-01-01\nhorizon: 2025-03-31\npaths: ${paths}\nseed: 17\ncash: { initial: 0 }\ncustomers: ${customers}\nrevenue:\n  - { name: subscriptions, amount: 300, per: month, scales_with: customers }\n`;

/** January's revenue when customers(t) = c0·r^(t+1) + ν(1 − r^(t+1))/(1 − r), r the daily retention: α + β·ν. */
function january(c0: number, churn: number): { alpha: number; beta: number } {
  const r = Math.pow(1 - churn, 1 / P);
  let alpha = 0;
  let beta = 0;
  for (let t = 0; t < 31; t++) {
    alpha += (300 / 31) * c0 * Math.pow(r, t + 1);
    beta += ((300 / 31) * (1 - Math.pow(r, t + 1))) / (1 - r);
  }
  return { alpha, beta };
}

describe('customers', () => {
  it('churn alone: the base shrinks by (1 − churn) a month, compounded daily (known answer)', () => {
    const r = simulateText(head(3, '{ initial: 100, churn: 3% }'));
    const { alpha } = january(100, 0.03);
    expect(cashOn(r, '2025-01-31').p50).toBeCloseTo(alpha, 6);
    // and February: the base on day t (from January 1) is 100·0.97^((t + 1)/P)
    let february = 0;
    for (let t = 31; t < 59; t++) february += (300 / 28) * 100 * Math.pow(0.97, (t + 1) / P);
    expect(cashOn(r, '2025-02-28').p50 - cashOn(r, '2025-01-31').p50).toBeCloseTo(february, 6);
  });

  it('new customers drawn per path: E[revenue] and its spread match the closed form within 4 SE', () => {
    const n = 20_000;
    const r = simulateText(head(n, "{ initial: 100, new: 'uniform(10, 30)', churn: 3% }"));
    const { alpha, beta } = january(100, 0.03);
    // ν = new / P a day, new ~ uniform(10, 30): E[ν] = 20/P, Var(ν) = (20²/12)/P²
    const mean = alpha + beta * (20 / P);
    const sd = beta * Math.sqrt(400 / 12) / P;
    const jan = cashOn(r, '2025-01-31');
    expect(Math.abs(jan.mean - mean)).toBeLessThan((4 * sd) / Math.sqrt(n));
    // revenue is increasing in ν, so its p5 is at the uniform's: new = 11, within 4 SE of a sample
    // quantile, √(p(1 − p)/n)/f with the density f = 1/20 of new
    const quantileSe = (Math.sqrt((0.05 * 0.95) / n) * 20 * beta) / P;
    expect(Math.abs(jan.p5 - (alpha + (beta * 11) / P))).toBeLessThan(4 * quantileSe);
  });

  it('random counts: the mean of the expected counts and the variance of a birth–death process, within 4 SE', async () => {
    // revenue of $1 a customer a day: the money of day t is customers(t)
    const paths = 20_000;
    const text = `name: counts\nstart: 2025-01-01\nhorizon: 2025-12-31\npaths: ${paths}\nseed: 23\ncash: { initial: 0 }\ncustomers: { initial: 100, new: 10, churn: 3%, counts: random }\nrevenue:\n  - { name: each, amount: 1, per: day, scales_with: customers }\n`;
    const t = 364;
    const values = new Float64Array(paths);
    await runTraced(scenario(text), 'test', { threads: 1 }, { sample: 'all', rowEnds: Int32Array.of(t - 1, t), write: (l) => l.paths.forEach((path, p) => void (values[path] = l.data[(p * 2 + 1) * LEDGER_FIELDS.length + LEDGER_FIELDS.indexOf('revenue')]!)) });
    // the diffusion's moments: m(t) = m(t−1)·r + ν; V(t) = r²·V(t−1) + m(t−1)·(1 − r) + ν, from m(−1) = 100, V(−1) = 0
    const r = Math.pow(0.97, 1 / P);
    const nu = 10 / P;
    let [m, v] = [100, 0];
    for (let k = 0; k <= t; k++) [m, v] = [m * r + nu, r * r * v + m * (1 - r) + nu];
    const mean = values.reduce((a, b) => a + b, 0) / paths;
    const variance = values.reduce((s, x) => s + (x - mean) ** 2, 0) / (paths - 1);
    expect(Math.abs(mean - m)).toBeLessThan(4 * Math.sqrt(v / paths));
    // the sample variance of near-normal values has a standard error of V·√(2/(n − 1))
    expect(Math.abs(variance - v)).toBeLessThan(4 * v * Math.sqrt(2 / (paths - 1)));
    // and the birth–death process itself (departures binomial: variance c·r·(1 − r)) differs from it by less than 0.2%
    let [mb, vb] = [100, 0];
    for (let k = 0; k <= t; k++) [mb, vb] = [mb * r + nu, r * r * vb + mb * r * (1 - r) + nu];
    expect(Math.abs(vb / v - 1)).toBeLessThan(0.002);
  });

  it('a line that scales with customers needs a customers section', () => {
    expect(problems('name: x\nstart: 2025-01-01\nhorizon: 2025-12-31\ncash: { initial: 1M }\nrevenue:\n  - { name: s, amount: 300, per: month, scales_with: customers }\n')).toEqual([
      'x.yaml:6:54: revenue[0].scales_with: scales with customers but the scenario has no customers section',
    ]);
  });
});

describe('customers who prepay a year', () => {
  const prepaid = (paths: number, customers: string, horizon = '2026-01-31') =>
    `name: annual\nstart: 2025-01-01\nhorizon: ${horizon}\npaths: ${paths}\nseed: 5\ncash: { initial: 0 }\ncustomers: ${customers}\nrevenue:\n  - { name: annual plans, amount: 1200, per: year, scales_with: customers, prepaid: year }\n`;
  /** Payers on day t: ν (signing) + ν·(R + … + R^K) (cohorts renewing) + (initial/365)·r^(t+1) (the initial base, renewing evenly over the year). */
  const payers = (t: number, nu: number, r: number, initial: number) => {
    const R = Math.pow(r, 365);
    let cohorts = 0;
    for (let k = 0; k <= Math.floor(t / 365); k++) cohorts += Math.pow(R, k);
    return nu * cohorts + (initial / 365) * Math.pow(r, t + 1);
  };
  const month = (from: number, to: number, nu: number, r: number, initial: number) => {
    let sum = 0;
    for (let t = from; t < to; t++) sum += 1200 * payers(t, nu, r, initial);
    return sum;
  };

  it('pays a year at signing and at each anniversary of those still there (known answer, to the cent)', () => {
    // 2 new a day, 0.1% churn a day, 365 today: January's cash is Σ 1,200 · (2 + r^(t+1)); a year
    // later the first cohorts renew as well: January 2026 adds 2 · R a day
    const r = simulateText(prepaid(3, '{ initial: 365, new: 2, churn: 0.1%, per: day }'));
    const plans = r.flows.series.find((s) => s.name === 'annual plans')!.monthly;
    expect(plans[0]!.mean).toBeCloseTo(month(0, 31, 2, 0.999, 365), 4);
    expect(plans[12]!.mean).toBeCloseTo(month(365, 396, 2, 0.999, 365), 4);
    expect(plans[12]!.mean - month(365, 396, 2, 0.999, 0)).toBeCloseTo(month(365, 396, 0, 0.999, 365), 4);
    expect(cashOn(r, '2025-01-31').p50).toBeCloseTo(month(0, 31, 2, 0.999, 365), 4);
  });

  it('E[revenue] with new customers drawn per path matches the closed form within 4 standard errors', () => {
    // ν = new/day ~ uniform(1, 3): January 2026's money is linear in ν, so its mean and sd follow
    const n = 4000;
    const r = simulateText(prepaid(n, "{ initial: 100, new: 'uniform(1, 3)', churn: 0.2%, per: day }"));
    const jan26 = r.flows.series[0]!.monthly[12]!;
    const slope = month(365, 396, 1, 0.998, 0);
    const expected = month(365, 396, 0, 0.998, 100) + 2 * slope;
    const sd = slope * (2 / Math.sqrt(12));
    expect(Math.abs(jan26.mean - expected)).toBeLessThan((4 * sd) / Math.sqrt(n));
  });

  it('validation: with customers only, and not with payment dates or additive noise', () => {
    const base = 'name: x\nstart: 2025-01-01\nhorizon: 2025-12-31\ncash: { initial: 1M }\ncustomers: { initial: 10 }\nrevenue:\n';
    expect(problems(`${base}  - { name: a, amount: 1k, per: year, prepaid: year }\n  - { name: b, amount: 1k, per: year, scales_with: customers, prepaid: year, paid: { day: 1 }, noise: 10 }\n`)).toEqual([
      'x.yaml:7:48: revenue[0].prepaid: applies only to a line that scales with customers (scales_with: customers)',
      'x.yaml:8:84: revenue[1].paid: does not go with prepaid: a prepaid line is paid when each customer signs or renews',
      'x.yaml:8:103: revenue[1].noise: does not go with prepaid (use volatility for noise around the payments)',
    ]);
    expect(problems(`${base}  - { name: c, amount: 1k, per: year, scales_with: customers, prepaid: month }\n`)).toEqual(['x.yaml:7:72: revenue[0].prepaid: expected year (a year paid at signing and at each renewal) (got "month")']);
  });
});
