import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/analysis/result.js';
import { simulateText } from '../helpers.js';

const head = (start: string, horizon: string, paths = 3) => `name: flows\nstart: ${start}\nhorizon: ${horizon}\npaths: ${paths}\ncash: { initial: 10M }\n`;
const series = (r: Result, name: string) => r.flows.series.find((s) => s.name === name)!;

describe('where the money goes: monthly flows of lines and groups', () => {
  it('a month is the sum of its days: 3,100 a month spread evenly, a partial first and last month, a group, a loan', () => {
    const r = simulateText(
      `${head('2025-01-15', '2025-03-10')}costs:\n  - { name: rent, amount: 3100, per: month, group: office }\n  - { name: cleaning, amount: 10, per: day, group: office }\nrevenue:\n  - { name: fees, amount: 1k, per: month, paid: { day: 1 } }\ndebt:\n  - { name: loan, amount: 100k, date: 2025-02-01, rate: 12%, interest_only: 1, amortize: 1 }\n`,
    );
    expect(r.flows.months).toEqual([
      { month: '2025-01', from: '2025-01-15', to: '2025-01-31' },
      { month: '2025-02', from: '2025-02-01', to: '2025-02-28' },
      { month: '2025-03', from: '2025-03-01', to: '2025-03-10' },
    ]);
    const exact = (name: string) => series(r, name).monthly.map((m) => [m.mean, m.p5, m.p50, m.p95].map((x) => Math.round(x! * 100) / 100));
    // rent: 3,100/31 a day for 17 January days, 3,100 in February (28 days of 3,100/28), 10 March days of 100
    expect(exact('rent')).toEqual([Array(4).fill(-1700), Array(4).fill(-3100), Array(4).fill(-1000)]);
    expect(exact('office')).toEqual([Array(4).fill(-1700 - 170), Array(4).fill(-3100 - 280), Array(4).fill(-1000 - 100)]);
    // paid on the 1st: nothing in January; February 1 pays what accrued since the payment day before
    // it (Jan 2 – Feb 1: 30/31 of January's 1k and 1/28 of February's)
    expect(exact('fees')[0]).toEqual(Array(4).fill(0));
    expect(exact('fees')[1]![0]).toBeCloseTo(Math.round(((30 / 31) * 1000 + 1000 / 28) * 100) / 100, 2);
    // the loan: drawn Feb 1; March 1 pays 28 days of interest at 12%/365 on 100k
    expect(exact('loan draw')[1]).toEqual(Array(4).fill(100_000));
    expect(exact('loan interest')[2]![0]).toBeCloseTo(-(100_000 * 0.12 * 28) / 365, 2);
    expect(series(r, 'office')).toMatchObject({ kind: 'group', section: 'costs' });
    expect(series(r, 'loan interest')).toMatchObject({ kind: 'line', section: 'financing' });
  });

  it('mean and percentiles over paths: a monthly amount uniform(1k, 3k) drawn per path', () => {
    const n = 20_000;
    const r = simulateText(`${head('2025-01-01', '2025-02-28', n)}costs:\n  - { name: tools, amount: 'uniform(1k, 3k)', per: month }\n`);
    const jan = series(r, 'tools').monthly[0]!;
    // the money of a month is −amount: mean −2,000 (sd 2,000/√12); p5, p50, p95 at −2,900, −2,000, −1,100
    expect(Math.abs(jan.mean + 2000)).toBeLessThan((4 * 2000) / Math.sqrt(12 * n));
    const density = 1 / 2000;
    for (const [q, value] of [[0.05, -2900], [0.5, -2000], [0.95, -1100]] as const) {
      const se = Math.sqrt((q * (1 - q)) / n) / density;
      const got = { 0.05: jan.p5, 0.5: jan.p50, 0.95: jan.p95 }[q];
      expect(Math.abs(got! - value)).toBeLessThan(4 * se + 0.01 * Math.abs(value));
    }
  });

  it('a long horizon with many lines reports means only (memory stays bounded)', () => {
    const lines = Array.from({ length: 40 }, (_, k) => `  - { name: l${k}, amount: 1k, per: month }`).join('\n');
    const r = simulateText(`${head('2025-01-01', '2034-12-31')}costs:\n${lines}\n`);
    expect(r.flows.quantiles).toBe('none (more than 4096 series × months)');
    expect(r.flows.months).toHaveLength(120);
    expect(Object.keys(series(r, 'l7').monthly[5]!)).toEqual(['mean']);
    expect(series(r, 'l7').monthly[5]!.mean).toBeCloseTo(-1000, 6);
  });
});
