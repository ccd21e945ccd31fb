import { describe, expect, it } from 'vitest';
import { cashOn, problems, simulateText } from '../helpers.js';

const head = 'name: shares\nstart: 2025-01-01\nhorizon: 2025-03-31\npaths: 3\ncash: { initial: 100k }\n';

describe('lines that are a share of other lines: known answers', () => {
  it('card fees 2.9% of card sales and COGS 15% of all revenue, day by day', () => {
    // revenue: card sales 31k in January (1k a day) + invoices 62k (2k a day); fees 2.9% of 1k a day;
    // COGS 15% of 3k a day; each day: +3000 − 29 − 450 = +2521
    const r = simulateText(
      `${head}revenue:\n  - { name: card sales, amount: 31k, per: month, group: subscriptions }\n  - { name: invoices, amount: 62k, per: month, group: subscriptions }\ncosts:\n  - { name: card fees, share: 2.9%, of: [card sales] }\n  - { name: COGS, share: 15%, of: [revenue] }\n`,
    );
    expect(cashOn(r, '2025-01-31').p50).toBeCloseTo(100_000 + 31 * 2521, 6);
  });

  it('a share of a group, and of a line listed later in the file; a share of a cost is a positive amount', () => {
    // staff 3k a day (group payroll) + contractors 1k a day; payroll tax 10% of the group; a revenue
    // rebate of 5% of all costs that are not shares (4k a day): −4000 − 300 + 200 = −4100 a day
    const r = simulateText(
      `${head}report: { by: [2025-01-10] }\ncosts:\n  - { name: payroll tax, share: 10%, of: [payroll] }\n  - { name: staff, amount: 3k, per: day, group: payroll }\n  - { name: contractors, amount: 1k, per: day }\nrevenue:\n  - { name: rebate, share: 5%, of: [costs] }\n`,
    );
    expect(cashOn(r, '2025-01-10').p50).toBeCloseTo(100_000 - 10 * 4100, 6);
  });

  it('a share of a line paid on a schedule moves on its payment days', () => {
    // sales of 31k for January, invoiced and paid on the 31st; fees 2.9% of it, that day
    const r = simulateText(`${head}report: { by: [2025-01-30] }\nrevenue:\n  - { name: sales, amount: 31k, per: month, paid: { day: last } }\ncosts:\n  - { name: fees, share: 2.9%, of: [sales] }\n`);
    expect(cashOn(r, '2025-01-30').p50).toBe(100_000);
    expect(cashOn(r, '2025-01-31').p50).toBeCloseTo(100_000 + 31_000 * 0.971, 6);
  });

  it('a share drawn per path is an input named by its field', () => {
    const r = simulateText(`${head.replace('paths: 3', 'paths: 2000')}revenue:\n  - { name: sales, amount: 1k, per: day }\ncosts:\n  - { name: fees, share: 'uniform(1%, 3%)', of: [sales] }\n`);
    // mean fee 2% of 1k a day: after 31 days cash is 100k + 31·980 on average
    const mean = r.cash.find((c) => c.date === '2025-01-31')!.mean;
    expect(mean).toBeGreaterThan(100_000 + 31 * 980 - 31 * 1000 * 0.002);
    expect(mean).toBeLessThan(100_000 + 31 * 980 + 31 * 1000 * 0.002);
  });
});

describe('shares: validation', () => {
  const base = 'name: x\nstart: 2025-01-01\nhorizon: 2025-12-31\ncash: { initial: 1M }\n';
  it('a loop is an error naming it', () => {
    expect(problems(`${base}costs:\n  - { name: a, share: 10%, of: [b] }\n  - { name: b, share: 10%, of: [a] }\n`)).toEqual(['x.yaml:6:32: costs[0].of: a share cannot depend on itself: a → b → a']);
  });
  it('an unknown name gets a suggestion; a share takes no amount or period', () => {
    expect(problems(`${base}revenue:\n  - { name: sales, amount: 1k, per: day }\ncosts:\n  - { name: fees, share: 3%, of: [sale], per: day }\n`)).toEqual([
      'x.yaml:8:35: costs[0].of[0]: no line or group named "sale" (did you mean sales?)',
      'x.yaml:8:47: costs[0].per: does not go with share: a share moves with the lines it is a share of, on their days',
    ]);
  });
  it('a line needs an amount and a period, or a share and what it is of', () => {
    expect(problems(`${base}costs:\n  - { name: a, per: day }\n`)).toEqual(['x.yaml:6:5: costs[0].amount: required: the amount per period (or share: and of: for a share of other lines)']);
    expect(problems(`${base}costs:\n  - { name: b, share: 5% }\n`)).toEqual(['x.yaml:6:23: costs[0].share: needs of: the lines or groups it is a share of']);
  });
});
