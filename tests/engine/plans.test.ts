import { describe, expect, it } from 'vitest';
import { cashOn, problems, simulateText } from '../helpers.js';

const head = (paths: number) => `name: plan\nstart: 2025-01-01\nhorizon: 2025-04-30\npaths: ${paths}\nseed: 23\ncash: { initial: 1M }\n`;

describe('plans: a line multiplied by a level that changes at dates', () => {
  it('a hiring plan: 2 heads, 4 from February, 5 from March 15 (known answer)', () => {
    // 10k a head a month, spread over the days: January 2 heads, February 4, March 2 weeks of 4 then 5
    const r = simulateText(
      `${head(3)}costs:\n  - name: payroll\n    amount: 10k\n    per: month\n    plan:\n      - { date: 2025-01-01, level: 2 }\n      - { date: 2025-02-01, level: 4 }\n      - { date: 2025-03-15, level: 5 }\n`,
    );
    expect(cashOn(r, '2025-01-31').p50).toBeCloseTo(1_000_000 - 20_000, 6);
    expect(cashOn(r, '2025-02-28').p50).toBeCloseTo(1_000_000 - 20_000 - 40_000, 6);
    expect(cashOn(r, '2025-03-31').p50).toBeCloseTo(1_000_000 - 60_000 - 10_000 * (14 * 4 + 17 * 5) / 31, 6);
  });

  it('a ramp: revenue from 0 on January 1 to its full amount on January 11, linearly (known answer)', () => {
    // 1k a day at level 1; level t/10 on day t of January (t = 0 … 10), then 1
    const r = simulateText(`${head(3)}revenue:\n  - name: launch\n    amount: 1k\n    per: day\n    plan:\n      - { date: 2025-01-01, level: 0 }\n      - { date: 2025-01-11, level: 1, ramp: true }\n`);
    const ramp = Array.from({ length: 11 }, (_, t) => (1000 * t) / 10).reduce((a, b) => a + b, 0);
    expect(cashOn(r, '2025-01-31').p50).toBeCloseTo(1_000_000 + ramp + 20 * 1000, 6);
  });

  it('a hire that slips by a drawn number of days: E[cost] within 4 SE of the closed form', () => {
    // from 2 to 4 heads on February 1, slipping uniform(0, 28) days: the new heads start on day
    // ⌈slip⌉ of February, c uniform on 1 … 28, so they work 28 − c days: mean 13.5 of 28
    const n = 4000;
    const r = simulateText(
      `${head(n)}costs:\n  - name: payroll\n    amount: 10k\n    per: month\n    plan:\n      - { date: 2025-01-01, level: 2 }\n      - { date: 2025-02-01, level: 4, slip: 'uniform(0, 28)' }\n`,
    );
    const feb = cashOn(r, '2025-02-28');
    const expected = 1_000_000 - 20_000 - 20_000 - (20_000 * 13.5) / 28;
    const sd = (20_000 / 28) * Math.sqrt((28 * 28 - 1) / 12);
    expect(Math.abs(feb.mean - expected)).toBeLessThan((4 * sd) / Math.sqrt(n));
  });

  it('validation: points in date order, no ramp on the first point, no plan on a share', () => {
    const base = 'name: x\nstart: 2025-01-01\nhorizon: 2025-12-31\ncash: { initial: 1M }\ncosts:\n';
    expect(problems(`${base}  - { name: a, amount: 1, per: day, plan: [{ date: 2025-03-01, level: 1, ramp: true }, { date: 2025-02-01, level: 2 }] }\n`)).toEqual([
      'x.yaml:6:80: costs[0].plan[0].ramp: the first point has nothing to ramp from',
      'x.yaml:6:96: costs[0].plan[1].date: must not be before the previous point\'s 2025-03-01 (got 2025-02-01)',
    ]);
  });
});
