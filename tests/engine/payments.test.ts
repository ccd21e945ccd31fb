import { describe, expect, it } from 'vitest';
import { paymentDays, weekday } from '../../src/model/payments.js';
import { formatIsoDate, parseIsoDate } from '../../src/util/calendar.js';
import { cashOn, problems, ruinBy, simulateText } from '../helpers.js';

/** A deterministic run (constant amounts): the first ruin date (all paths alike), or undefined. */
function ruinDate(text: string): string | undefined {
  const r = simulateText(text);
  return r.ruin.dateQuantiles.find((q) => q.q === 0.5)?.date;
}

const day = (text: string) => (parseIsoDate(text) as { day: number }).day;

describe('payment dates: deterministic cases derived by hand', () => {
  const payroll = (paid: string, cash = '400k') => `name: payroll\nstart: 2025-01-01\nhorizon: 2025-06-30\npaths: 3\ncash: { initial: ${cash} }\ncosts:\n  - { name: payroll, amount: 150k, per: month, paid: ${paid} }\n`;

  it('monthly on the 25th: each payment covers the days since the previous 25th, at the month shares of those days', () => {
    // Jan 25 covers Dec 26–Jan 25: (6/31 + 25/31)·150k = 150k exactly → 250k left.
    // Feb 25 covers Jan 26–Feb 25: (6/31 + 25/28)·150k = 162,960.83 → 87,039.17 left.
    // Mar 25 covers Feb 26–Mar 25: (3/28 + 25/31)·150k = 137,039.17 → −50,000 (the three payments are three months).
    const r = simulateText(payroll('{ day: 25 }'));
    expect(cashOn(r, '2025-01-31').p50).toBeCloseTo(250_000, 6);
    expect(cashOn(r, '2025-02-28').p50).toBeCloseTo(250_000 - 150_000 * (6 / 31 + 25 / 28), 6);
    expect(ruinDate(payroll('{ day: 25 }'))).toBe('2025-03-25');
    // nothing is paid between payment days: cash on Mar 24 is still Feb 25's
    expect(ruinBy(simulateText(payroll('{ day: 25 }').replace('paths: 3', 'paths: 3\nreport: { by: [2025-03-24] }')), '2025-03-24')).toBe(0);
  });

  it('the last business day: a month ending on a weekend pays on the Friday before', () => {
    // 2025: Jan 31 is a Friday, Feb 28 a Friday, May 31 a Saturday → May 30
    expect(paymentDays({ day: 'last', weekend: 'before' }, day('2025-01-01'), day('2025-06-30')).map(formatIsoDate)).toEqual([
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-05-30',
      '2025-06-30',
    ]);
    // a 31 on a 30-day month is its last day; the Monday after moves a Saturday by two days
    expect(paymentDays({ day: 31, weekend: 'after' }, day('2025-04-01'), day('2025-06-05')).map(formatIsoDate)).toEqual(['2025-04-30', '2025-06-02']);
    // cash 290k: Jan 31 pays all of January (Feb 1 to Jan 31 of the cycle before: one month) → 140k; Feb 28 → −10k
    expect(ruinDate(payroll('{ day: last, weekend: before }', '290k'))).toBe('2025-02-28');
  });

  it('listed months only: quarterly estimated taxes pay the months since the previous payment', () => {
    const text = `name: tax\nstart: 2025-01-01\nhorizon: 2025-12-31\npaths: 3\ncash: { initial: 100k }\ncosts:\n  - { name: tax, amount: 40k, per: quarter, paid: { day: 15, months: [jan, apr, jun, sep] } }\n`;
    const r = simulateText(text);
    // Jan 15 covers Sep 16–Jan 15 (4 months); Apr 15 covers Jan 16–Apr 15 (3 months); quarter shares
    // are 1/92 a day from Oct, 1/90 in Q1 2025, 1/91 in Q2
    const jan15 = 40_000 * (15 / 92 + 92 / 92 + 15 / 90);
    expect(cashOn(r, '2025-01-31').p50).toBeCloseTo(100_000 - jan15, 6);
    const apr15 = 40_000 * (75 / 90 + 15 / 91);
    expect(cashOn(r, '2025-04-30').p50).toBeCloseTo(100_000 - jan15 - apr15, 6);
    expect(ruinDate(text)).toBe('2025-06-15');
  });

  it('every 2 weeks from an anchor: a weekly amount paid fortnightly; the first payment covers a whole cycle', () => {
    // 7k a week = 1k a day; paydays 2025-01-03, 01-17, 01-31, 02-14 each pay 14k: 50k → 36k, 22k, 8k, −6k
    const text = `name: biweekly\nstart: 2025-01-01\nhorizon: 2025-03-31\npaths: 3\ncash: { initial: 50k }\ncosts:\n  - { name: payroll, amount: 7k, per: week, paid: { every: 2 weeks, from: 2025-01-17 } }\n`;
    expect(ruinDate(text)).toBe('2025-02-14');
    expect(weekday(day('2025-01-17'))).toBe(5); // a Friday
    expect(cashOn(simulateText(text), '2025-01-31').p50).toBeCloseTo(8_000, 6);
  });

  it('every Friday, with an end date: the last payment after it pays only the days before it', () => {
    // 700 a week (100 a day) until Wed 2025-01-15; Fridays Jan 3 (covers Dec 28–Jan 3: 7 days), Jan 10 (7), Jan 17 (Jan 11–15: 5 days)
    const text = `name: weekly\nstart: 2025-01-01\nhorizon: 2025-01-31\npaths: 3\ncash: { initial: 10k }\ncosts:\n  - { name: cleaning, amount: 700, per: week, until: 2025-01-15, paid: { weekday: fri } }\n`;
    const r = simulateText(text);
    expect(cashOn(r, '2025-01-31').p50).toBeCloseTo(10_000 - 1_900, 6);
  });

  it('a line that starts later accrues from its first day only', () => {
    // hires from Feb 10, paid on the 25th: Feb 25 pays Feb 10–25 (16/28 of a month)
    const text = `name: hire\nstart: 2025-01-01\nhorizon: 2025-02-28\npaths: 3\ncash: { initial: 100k }\ncosts:\n  - { name: engineer, amount: 14k, per: month, from: 2025-02-10, paid: { day: 25 } }\n`;
    expect(cashOn(simulateText(text), '2025-02-28').p50).toBeCloseTo(100_000 - 14_000 * (16 / 28), 6);
  });
});

describe('payment dates: validation', () => {
  const base = `name: x\nstart: 2025-01-01\nhorizon: 2025-12-31\ncash: { initial: 1M }\ncosts:\n`;
  it.each([
    ['two kinds', '  - { name: a, amount: 1, per: month, paid: { day: 1, weekday: fri } }', 'x.yaml:6:45: costs[0].paid: give exactly one of day (of the month), weekday or every (got day and weekday)'],
    ['none', '  - { name: a, amount: 1, per: month, paid: { weekend: before } }', 'x.yaml:6:45: costs[0].paid: give exactly one of day (of the month), weekday or every (got none)'],
    ['every without from', "  - { name: a, amount: 1, per: week, paid: { every: '2 weeks' } }", 'x.yaml:6:44: costs[0].paid: every needs from: a date on which a payment falls'],
    ['bad every', "  - { name: a, amount: 1, per: week, paid: { every: 'fortnightly', from: 2025-01-03 } }", 'x.yaml:6:53: costs[0].paid.every: expected a whole number of days or weeks from 1 day to a year, such as 2 weeks (got "fortnightly")'],
    ['day out of range', '  - { name: a, amount: 1, per: month, paid: { day: 32 } }', 'x.yaml:6:52: costs[0].paid.day: expected a day of the month from 1 to 31, or last (got 32)'],
    ['months without day', '  - { name: a, amount: 1, per: month, paid: { weekday: fri, months: [jan] } }', 'x.yaml:6:69: costs[0].paid.months: applies only with day (a day of the month)'],
    ['a misspelt month', '  - { name: a, amount: 1, per: month, paid: { day: 1, months: [janu] } }', 'x.yaml:6:64: costs[0].paid.months[0]: expected a month: jan, feb, mar, apr, may, jun, jul, aug, sep, oct, nov, dec (got "janu") (did you mean jan?)'],
  ])('%s', (_name, line, expected) => {
    expect(problems(`${base}${line}\n`)).toEqual([expected]);
  });
});
