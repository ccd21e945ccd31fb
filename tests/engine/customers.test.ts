import { describe, expect, it } from 'vitest';
import { DAYS_PER_MONTH } from '../../src/model/compile.js';
import { cashOn, problems, simulateText } from '../helpers.js';

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

  it('a line that scales with customers needs a customers section', () => {
    expect(problems('name: x\nstart: 2025-01-01\nhorizon: 2025-12-31\ncash: { initial: 1M }\nrevenue:\n  - { name: s, amount: 300, per: month, scales_with: customers }\n')).toEqual([
      'x.yaml:6:54: revenue[0].scales_with: scales with customers but the scenario has no customers section',
    ]);
  });
});
