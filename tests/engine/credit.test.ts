import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/analysis/result.js';
import { cashOn, problems, simulateText } from '../helpers.js';

const head = (cash: string, horizon = '2025-04-30') => `name: credit\nstart: 2025-01-01\nhorizon: ${horizon}\npaths: 3\ncash: { initial: ${cash} }\ncosts:\n  - { name: burn, amount: 2k, per: day }\n`;
const monthly = (r: Result, name: string) => r.flows.series.find((s) => s.name === name)!.monthly.map((m) => Math.round(m.mean * 100) / 100);
const r2 = (x: number) => Math.round(x * 100) / 100;

/** The credit line's days as the scenario format describes them, written out plainly (the reference). */
function reference(days: number, cash: number, line: { limit: number; drawBelow: number; repayAbove?: number; rate: number; payDays: Set<number>; maturity?: number }, flow: (t: number) => number) {
  let [balance, accrued] = [0, 0];
  const out: { cash: number; balance: number; draw: number; repay: number; interest: number }[] = [];
  for (let t = 0; t < days; t++) {
    cash += flow(t);
    const today = { draw: 0, repay: 0, interest: 0 };
    if (line.payDays.has(t)) [cash, today.interest, accrued] = [cash - accrued, accrued, 0];
    if (t === line.maturity) [cash, today.repay, balance] = [cash - balance, balance, 0];
    const open = line.maturity === undefined || t < line.maturity;
    if (open && cash < line.drawBelow) {
      const d = Math.min(line.limit - balance, line.drawBelow - cash);
      if (d > 0) [cash, balance, today.draw] = [cash + d, balance + d, d];
    } else if (open && line.repayAbove !== undefined && cash > line.repayAbove) {
      const r = Math.min(balance, cash - line.repayAbove);
      if (r > 0) [cash, balance, today.repay] = [cash - r, balance - r, today.repay + r];
    }
    accrued += (balance * line.rate) / 365;
    out.push({ cash, balance, ...today });
  }
  return out;
}

describe('credit lines: the flows to the cent', () => {
  it('draws what keeps cash at its level, pays interest monthly, and runs out at its limit', () => {
    // 50k, 2k a day out: the day ends below 10k first on Jan 21 (8k): a 2k draw. January: 11
    // draws of 2k (22k owed on Jan 31) and interest of 2,000 × (1 + … + 11) × 12%/365 = 43.40,
    // paid Feb 1, when the draw is 2,043.40.
    const r = simulateText(`${head('50k')}credit_lines:\n  - { name: revolver, limit: 100k, draw_below: 10k, rate: 12%, pay_day: 1 }\n`);
    expect(monthly(r, 'revolver draw')[0]).toBe(22_000);
    expect(cashOn(r, '2025-01-31').p50).toBe(10_000);
    const interestJanuary = (2000 * 66 * 0.12) / 365;
    expect(r2(interestJanuary)).toBe(43.4);
    expect(monthly(r, 'revolver interest')[1]).toBe(-r2(interestJanuary));
    // the rest of the months and the ruin day, against the days written out plainly
    const payDays = new Set([31, 59, 90]); // Feb 1, Mar 1, Apr 1
    const days = reference(120, 50_000, { limit: 100_000, drawBelow: 10_000, rate: 0.12, payDays }, () => -2000);
    const sumOf = (from: number, to: number, key: 'draw' | 'interest') => r2(days.slice(from, to).reduce((acc, d) => acc + d[key], 0));
    expect(monthly(r, 'revolver draw')).toEqual([sumOf(0, 31, 'draw'), sumOf(31, 59, 'draw'), sumOf(59, 90, 'draw'), sumOf(90, 120, 'draw')]);
    expect(monthly(r, 'revolver interest')).toEqual([0, 0 - sumOf(31, 59, 'interest'), 0 - sumOf(59, 90, 'interest'), 0 - sumOf(90, 120, 'interest')]);
    const ruin = days.findIndex((d) => d.cash < 0);
    expect(r.ruin.dateQuantiles[1]!.date).toBe(new Date(Date.UTC(2025, 0, 1 + ruin)).toISOString().slice(0, 10));
    expect(r.ruin.dateQuantiles[1]!.date).toBe('2025-03-16');
  });

  it('repays from cash above its level, and repays the balance at maturity', () => {
    // a 60k receipt on Feb 15 lifts cash above 40k: the excess repays the balance
    const text = `${head('50k')}revenue:\n  - { name: receipt, amount: 60k, per: year, paid: { day: 15, months: [feb] } }\ncredit_lines:\n  - { name: revolver, limit: 100k, draw_below: 10k, repay_above: 40k, rate: 12%, until: 2025-04-10 }\n`;
    const r = simulateText(text);
    const payDays = new Set([31, 59, 90]);
    // the receipt's money on Feb 15 (t = 45): a year's 60k for a line paid once a year
    const receipt = r.flows.series.find((s) => s.name === 'receipt')!.monthly[1]!.mean;
    const days = reference(120, 50_000, { limit: 100_000, drawBelow: 10_000, repayAbove: 40_000, rate: 0.12, payDays, maturity: 99 }, (t) => -2000 + (t === 45 ? receipt : 0));
    expect(days[45]!.repay).toBeGreaterThan(0);
    const sumOf = (from: number, to: number, key: 'draw' | 'repay') => r2(days.slice(from, to).reduce((acc, d) => acc + d[key], 0));
    expect(monthly(r, 'revolver repayment')).toEqual([0, 0 - sumOf(31, 59, 'repay'), 0 - sumOf(59, 90, 'repay'), 0 - sumOf(90, 120, 'repay')]);
    expect(monthly(r, 'revolver draw')).toEqual([sumOf(0, 31, 'draw'), sumOf(31, 59, 'draw'), sumOf(59, 90, 'draw'), sumOf(90, 120, 'draw')]);
    // closed from Apr 10: the balance is repaid that day and nothing more is drawn
    expect(days[99]!.balance).toBe(0);
    expect(days.slice(100).every((d) => d.draw === 0)).toBe(true);
    // repaying the balance at maturity runs the path out of cash that day (a ruined path keeps its ruin-day cash)
    expect(days[98]!.cash).toBeGreaterThanOrEqual(0);
    expect(days[99]!.cash).toBeLessThan(0);
    expect(r.ruin.dateQuantiles[1]!.date).toBe('2025-04-10');
    expect(r2(cashOn(r, '2025-04-30').p50)).toBe(r2(days[99]!.cash));
  });

  it('validation', () => {
    const base = 'name: x\nstart: 2025-01-01\nhorizon: 2025-12-31\ncash: { initial: 1M }\ndebt:\n  - { name: a, amount: 1M, date: 2025-02-01, rate: 10%, amortize: 12 }\ncredit_lines:\n';
    expect(problems(`${base}  - { name: a, limit: 1M, draw_below: 100k, repay_above: 50k, rate: 10%, until: 2026-01-01 }\n  - { name: b, limit: -5, draw_below: 0, rate: 5%, from: 2025-06-01, until: 2025-05-01 }\n`)).toEqual([
      'x.yaml:8:13: credit_lines[0].name: duplicate name "a" in debt and credit lines',
      'x.yaml:8:58: credit_lines[0].repay_above: must not be below draw_below 100000 (got 50000)',
      'x.yaml:8:81: credit_lines[0].until: must lie between start 2025-01-01 and horizon 2025-12-31 (got 2026-01-01)',
      'x.yaml:9:23: credit_lines[1].limit: must be at least 0 (got -5)',
      'x.yaml:9:77: credit_lines[1].until: must be after from 2025-06-01 (got 2025-05-01)',
    ]);
  });
});
