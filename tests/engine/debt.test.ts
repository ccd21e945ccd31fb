import { describe, expect, it } from 'vitest';
import { cashOn, problems, simulateText } from '../helpers.js';

const scenario = (loan: string, cash = '50k') =>
  `name: loan\nstart: 2025-02-01\nhorizon: 2025-07-31\npaths: 3\ncash: { initial: ${cash} }\ndebt:\n  - ${loan}\n`;

describe("debt: a loan's flows to the cent", () => {
  it('1M at 12% (actual/365), two interest-only payments, two amortising, a 2% final fee, paid on the 1st', () => {
    const r = simulateText(scenario('{ name: venture loan, amount: 1M, date: 2025-03-01, rate: 12%, interest_only: 2, amortize: 2, final_fee: 2% }'));
    const interest = (balance: number, days: number) => (balance * 0.12 * days) / 365;
    // Mar 1: +1M. Apr 1: interest for Mar 1–31 (31 days). May 1: 30 days. Jun 1: 31 days + 500k.
    // Jul 1: 30 days on 500k + 500k + the 2% fee (20k): cash goes below zero that day.
    expect(cashOn(r, '2025-03-31').p50).toBeCloseTo(1_050_000, 2);
    expect(cashOn(r, '2025-04-30').p50).toBeCloseTo(1_050_000 - interest(1e6, 31), 2);
    expect(cashOn(r, '2025-05-31').p50).toBeCloseTo(1_050_000 - interest(1e6, 31) - interest(1e6, 30), 2);
    const june = 1_050_000 - interest(1e6, 31) - interest(1e6, 30) - interest(1e6, 31) - 500_000;
    expect(cashOn(r, '2025-06-30').p50).toBeCloseTo(june, 2);
    expect(r.ruin.dateQuantiles.find((q) => q.q === 0.5)!.date).toBe('2025-07-01');
    expect(cashOn(r, '2025-07-31').p50).toBeCloseTo(june - interest(500_000, 30) - 500_000 - 20_000, 2);
  });

  it('a bullet: interest monthly on the 15th (actual/360), the principal with the last payment', () => {
    const r = simulateText(scenario('{ name: bridge, amount: 600k, date: 2025-02-10, rate: 10%, day_count: 360, interest_only: 3, pay_day: 15 }', '0'));
    const interest = (days: number) => (600_000 * 0.1 * days) / 360;
    // payments Feb 15 (5 days), Mar 15 (28), Apr 15 (31) with the principal
    expect(cashOn(r, '2025-02-28').p50).toBeCloseTo(600_000 - interest(5), 2);
    expect(cashOn(r, '2025-03-31').p50).toBeCloseTo(600_000 - interest(5) - interest(28), 2);
    expect(cashOn(r, '2025-04-30').p50).toBeCloseTo(-interest(5) - interest(28) - interest(31), 2);
  });

  it('validation: a term, a date within the run, unique names', () => {
    const base = 'name: x\nstart: 2025-01-01\nhorizon: 2025-12-31\ncash: { initial: 1M }\ndebt:\n';
    expect(problems(`${base}  - { name: a, amount: 1M, date: 2026-01-01, rate: 10% }\n  - { name: a, amount: 1M, date: 2025-02-01, rate: 10%, amortize: 12 }\n`)).toEqual([
      'x.yaml:6:5: debt[0]: give interest_only, amortize or both: the number of monthly payments',
      'x.yaml:6:34: debt[0].date: must lie between start 2025-01-01 and horizon 2025-12-31 (got 2026-01-01)',
      'x.yaml:7:13: debt[1].name: duplicate name "a" in debt',
    ]);
  });
});
