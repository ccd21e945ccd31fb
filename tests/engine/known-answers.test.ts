import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cashOn, ruinBy, simulateText } from '../helpers.js';

/** A January-2024 scenario with the given body; 31 daily steps, t = 0 is 2024-01-01. */
function january(body: string, extra = ''): string {
  return `name: known answer\nstart: 2024-01-01\nhorizon: 2024-01-31\npaths: 10\nseed: 7\n${extra}${body}`;
}

describe('deterministic scenarios with known ruin dates and cash', () => {
  it('constant burn: the day that ends at exactly zero is not ruin, the next day is', () => {
    const r = simulateText(january('cash: { initial: 1000 }\ncosts: [{ name: burn, amount: 100, per: day }]\n', 'report: { by: [2024-01-10, 2024-01-11] }\n'));
    // end of 2024-01-10 (t = 9): 1000 − 10·100 = 0, not ruin (cash < 0 strictly)
    expect(ruinBy(r, '2024-01-10')).toBe(0);
    expect(cashOn(r, '2024-01-10').p50).toBe(0);
    // end of 2024-01-11: −100, ruin; P(ruin by the horizon) = 1
    expect(ruinBy(r, '2024-01-11')).toBe(1);
    expect(ruinBy(r, '2024-01-31')).toBe(1);
    expect(r.ruin.dateQuantiles.map((q) => q.date)).toEqual(['2024-01-11', '2024-01-11', '2024-01-11']);
    // ruin is absorbing: cash stays at the ruin day's value
    expect(cashOn(r, '2024-01-31')).toMatchObject({ p5: -100, p95: -100, belowZero: 1 });
    expect(r.survival.find((s) => s.date === '2024-01-10')!.probability).toBe(1);
    expect(r.survival.find((s) => s.date === '2024-01-11')!.probability).toBe(0);
    expect(r.survival).toHaveLength(31);
  });

  it('monthly and yearly amounts are spread evenly over the days of each calendar month and year', () => {
    const r = simulateText(
      'name: calendar\nstart: 2024-01-01\nhorizon: 2024-03-31\npaths: 3\ncash: { initial: 100000 }\ncosts:\n  - { name: rent, amount: 2900, per: month }\n  - { name: licence, amount: 36600, per: year }\n',
    );
    // rent: exactly 2900 in each month; licence: 36600/366 = 100 a day in the leap year 2024
    expect(cashOn(r, '2024-01-31').p50).toBeCloseTo(100000 - 2900 - 3100, 6);
    expect(cashOn(r, '2024-02-29').p50).toBeCloseTo(100000 - 2 * 2900 - 6000, 6);
    expect(cashOn(r, '2024-03-31').p50).toBeCloseTo(100000 - 3 * 2900 - 9100, 6);
  });

  it('weekly and quarterly amounts are spread over the days of each week and calendar quarter', () => {
    const r = simulateText(
      'name: calendar\nstart: 2024-01-01\nhorizon: 2024-06-30\npaths: 3\ncash: { initial: 100000 }\ncosts:\n  - { name: cleaning, amount: 700, per: week }\n  - { name: tax, amount: 9100, per: quarter }\n',
    );
    // cleaning: 100 a day; tax: Q1 2024 has 91 days (31 + 29 + 31), so 100 a day; Q2 has 91 (30 + 31 + 30), 100 a day
    expect(cashOn(r, '2024-01-31').p50).toBeCloseTo(100000 - 31 * 200, 6);
    expect(cashOn(r, '2024-03-31').p50).toBeCloseTo(100000 - 9100 - 91 * 100, 6);
    expect(cashOn(r, '2024-06-30').p50).toBeCloseTo(100000 - 2 * 9100 - 182 * 100, 6);
  });

  it('a certain funding event lands on its day and extends the runway', () => {
    const r = simulateText(january('cash: { initial: 500 }\ncosts: [{ name: burn, amount: 100, per: day }]\nevents: [{ name: raise, date: 2024-01-03, amount: 1000 }]\n', 'report: { by: [2024-01-15, 2024-01-16] }\n'));
    // 1500 in all at 100 a day: the end of day 15 is exactly 0, day 16 is ruin
    expect(ruinBy(r, '2024-01-15')).toBe(0);
    expect(ruinBy(r, '2024-01-16')).toBe(1);
    expect(r.events).toMatchObject([{ name: 'raise', probability: 1 }]);
  });

  it('money arriving after ruin does not un-ruin the path', () => {
    const r = simulateText(january('cash: { initial: 150 }\ncosts: [{ name: burn, amount: 100, per: day }]\nevents: [{ name: too late, date: 2024-01-05, amount: 1000000 }]\n', 'report: { by: [2024-01-02] }\n'));
    expect(ruinBy(r, '2024-01-02')).toBe(1);
    expect(cashOn(r, '2024-01-31').p50).toBe(-50);
    expect(r.events[0]!.probability).toBe(0);
  });

  it('an outflow event can ruin, and P(ruin) counts the first passage, not the cash on the date', () => {
    const r = simulateText(january('cash: { initial: 100 }\nrevenue: [{ name: sales, amount: 50, per: day }]\nevents: [{ name: fine, date: 2024-01-02, amount: 500, direction: out }]\n'));
    // end of 01-02: 100 + 2·50 − 500 = −300: ruined, although later revenue would have turned cash positive
    expect(r.ruin.dateQuantiles[0]!.date).toBe('2024-01-02');
    expect(ruinBy(r, '2024-01-31')).toBe(1);
  });

  it('a triggered event is tried once, the first day cash ends below the threshold', () => {
    const r = simulateText(january('cash: { initial: 1000 }\ncosts: [{ name: burn, amount: 100, per: day }]\nevents: [{ name: bridge, when: { cash_below: 250 }, amount: 500 }]\n', 'report: { by: [2024-01-15, 2024-01-16] }\n'));
    // end of 01-08: 200 < 250, the bridge lands the same day (700); it never fires again
    expect(cashOn(r, '2024-01-15').p50).toBe(0);
    expect(ruinBy(r, '2024-01-15')).toBe(0);
    expect(ruinBy(r, '2024-01-16')).toBe(1);
  });

  it('a delayed triggered event that would land after ruin is lost', () => {
    const r = simulateText(january('cash: { initial: 1000 }\ncosts: [{ name: burn, amount: 100, per: day }]\nevents: [{ name: bridge, when: { cash_below: 250 }, delay_days: 4, amount: 500 }]\n', 'report: { by: [2024-01-11] }\n'));
    // decided at the end of 01-08, due 01-12; cash ends 01-11 at −100: ruined first
    expect(ruinBy(r, '2024-01-11')).toBe(1);
    expect(r.ruin.dateQuantiles[0]!.date).toBe('2024-01-11');
    expect(r.events[0]!.probability).toBe(0);
  });

  it('a delayed triggered event landing on the day cash would go negative saves the path', () => {
    const r = simulateText(january('cash: { initial: 1000 }\ncosts: [{ name: burn, amount: 100, per: day }]\nevents: [{ name: bridge, when: { cash_below: 250 }, delay_days: 3, amount: 500 }]\n', 'report: { by: [2024-01-11, 2024-01-16] }\n'));
    // due 01-11: −100 + 500 = 400 at the end of that day (a day's flows are applied together)
    expect(cashOn(r, '2024-01-11').p50).toBe(400);
    expect(ruinBy(r, '2024-01-11')).toBe(0);
    expect(r.ruin.dateQuantiles[0]!.date).toBe('2024-01-16');
  });

  it('growth compounds daily from the first active day', () => {
    const r = simulateText(january('cash: { initial: 0 }\nrevenue: [{ name: sales, amount: 1, per: day, growth: { annual: 100% } }]\n'));
    let expected = 0;
    for (let t = 0; t <= 30; t++) expected += 2 ** (t / 365.25);
    expect(cashOn(r, '2024-01-31').p50).toBeCloseTo(expected, 9);
  });

  it('an active window limits a line to its dates, inclusive', () => {
    const r = simulateText(january('cash: { initial: 5000 }\ncosts: [{ name: contractor, amount: 100, per: day, from: 2024-01-10, until: 2024-01-19 }]\n', 'report: { by: [2024-01-09] }\n'));
    expect(cashOn(r, '2024-01-09').p50).toBe(5000);
    expect(cashOn(r, '2024-01-31').p50).toBe(4000);
  });

  it('users: drift per day, no volatility, seasonality relative to the start month', () => {
    const r = simulateText(
      'name: users\nstart: 2024-01-01\nhorizon: 2024-02-29\npaths: 2\ncash: { initial: 0 }\nusers:\n  initial: 1.5B\n  growth: { drift: 1%, per: day }\n  seasonality: { feb: +50% }\nrevenue: [{ name: api, amount: 1, per: day, scales_with: users }]\n',
    );
    // users relative to the start at step t: exp(0.01·(t + 1)) · s(month)/s(jan): one day of growth already on day 0
    let expected = 0;
    for (let t = 0; t < 60; t++) expected += Math.exp(0.01 * (t + 1)) * (t >= 31 ? 1.5 : 1);
    expect(cashOn(r, '2024-02-29').p50).toBeCloseTo(expected, 9);
  });

  it('GPU regimes: capacity caps served users, price multiplies GPU-priced lines', () => {
    const r = simulateText(
      january(
        'cash: { initial: 1000 }\nusers: { initial: 1 }\ngpu:\n  availability:\n    initial: a\n    states: { a: { capacity: 100% }, b: { capacity: 50%, price: +50% } }\n    transitions: { a->b: 100%, b->a: 100% }\ncosts: [{ name: inference, amount: 10, per: day, scales_with: served_users, gpu_priced: true }]\nrevenue: [{ name: api, amount: 10, per: day, scales_with: served_users }]\n',
      ),
    );
    // the chain moves every day from a: b on even steps (16 of 31), a on odd steps (15)
    const costs = 16 * 10 * 0.5 * 1.5 + 15 * 10;
    const revenue = 16 * 10 * 0.5 + 15 * 10;
    expect(cashOn(r, '2024-01-31').p50).toBeCloseTo(1000 - costs + revenue, 9);
  });
});

describe('stochastic scenarios with closed forms (tolerance 4 standard errors)', () => {
  const within4se = (estimate: number, p: number, n: number) => expect(Math.abs(estimate - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / n) + 1e-12);

  it('uniform starting cash with constant burn: P(ruin by t) = (c(t + 1) − a)/(b − a)', () => {
    // cash ~ U(1050, 3050), burn 100/day: ruined by the end of step t iff cash < 100·(t + 1)
    const n = 20_000;
    const r = simulateText(
      `name: uniform cash\nstart: 2024-01-01\nhorizon: 2024-02-29\npaths: ${n}\nseed: 11\nreport: { by: [2024-01-12, 2024-01-15, 2024-01-20, 2024-01-25, 2024-01-31] }\ncash: { initial: 'uniform(1050, 3050)' }\ncosts: [{ name: burn, amount: 100, per: day }]\n`,
    );
    for (const [date, t] of [['2024-01-12', 11], ['2024-01-15', 14], ['2024-01-20', 19], ['2024-01-25', 24], ['2024-01-31', 30]] as const) {
      const p = Math.min(1, Math.max(0, (100 * (t + 1) - 1050) / 2000));
      within4se(ruinBy(r, date), p, n);
    }
    expect(ruinBy(r, '2024-02-29')).toBe(1);
    // ruin step = ⌊cash/100⌋: P(≤ 11) = 7.5%, P(≤ 12) = 12.5% -> p10 is step 12; p50 step 20; p90 step 28
    expect(r.ruin.dateQuantiles).toEqual([
      { q: 0.1, date: '2024-01-13' },
      { q: 0.5, date: '2024-01-21' },
      { q: 0.9, date: '2024-01-29' },
    ]);
  });

  it('an uncertain funding event: P(ruin) = 1 − p', () => {
    const n = 10_000;
    const r = simulateText(`name: maybe funded\nstart: 2024-01-01\nhorizon: 2024-01-31\npaths: ${n}\nseed: 5\ncash: { initial: 500 }\ncosts: [{ name: burn, amount: 100, per: day }]\nevents: [{ name: raise, date: 2024-01-03, probability: 30%, amount: 10000 }]\n`);
    within4se(ruinBy(r, '2024-01-31'), 0.7, n);
    within4se(r.events[0]!.probability, 0.3, n);
  });

  it('an event date range is uniform over its days', () => {
    const n = 10_000;
    const r = simulateText(
      `name: when\nstart: 2024-01-01\nhorizon: 2024-01-31\npaths: ${n}\nseed: 3\nreport: { by: [2024-01-02, 2024-01-05, 2024-01-09] }\ncash: { initial: 0.5 }\nevents: [{ name: fine, date: 2024-01-01 to 2024-01-10, amount: 1, direction: out }]\n`,
    );
    within4se(ruinBy(r, '2024-01-02'), 0.2, n);
    within4se(ruinBy(r, '2024-01-05'), 0.5, n);
    within4se(ruinBy(r, '2024-01-09'), 0.9, n);
    expect(ruinBy(r, '2024-01-31')).toBe(1);
  });

  it('day-to-day volatility is multiplicative noise with mean 1', () => {
    // revenue 1000/day × exp(σZ − σ²/2), σ = 50%: E[cash on day 31] = 31000, sd per path 1000·√(31(e^{σ²} − 1))
    const n = 4000;
    const r = simulateText(`name: noise\nstart: 2024-01-01\nhorizon: 2024-01-31\npaths: ${n}\nseed: 9\ncash: { initial: 0 }\nrevenue: [{ name: sales, amount: 1000, per: day, volatility: 50% }]\n`);
    const sd = 1000 * Math.sqrt(31 * (Math.exp(0.25) - 1));
    expect(Math.abs(cashOn(r, '2024-01-31').mean - 31000)).toBeLessThan((4 * sd) / Math.sqrt(n));
  });

  it('geometric Brownian users: E[users at step t] = exp(drift·(t + 1)) relative to the start', () => {
    // revenue = users/initial; E[cash] = Σ exp(μ(t + 1)) with μ = 0.5%/day, σ = 5%/day
    const n = 4000;
    const r = simulateText(
      `name: gbm\nstart: 2024-01-01\nhorizon: 2024-01-31\npaths: ${n}\nseed: 13\ncash: { initial: 0 }\nusers: { initial: 1M, growth: { drift: 0.5%, volatility: 5%, per: day } }\nrevenue: [{ name: api, amount: 1, per: day, scales_with: users }]\n`,
    );
    let mean = 0;
    let second = 0; // E[(Σ U_t)²] = Σ_s Σ_t exp(μ(s+1) + μ(t+1) + σ²·(min(s,t) + 1))
    const mu = 0.005;
    const s2 = 0.05 ** 2;
    for (let s = 0; s <= 30; s++) {
      mean += Math.exp(mu * (s + 1));
      for (let t = 0; t <= 30; t++) second += Math.exp(mu * (s + 1) + mu * (t + 1) + s2 * (Math.min(s, t) + 1));
    }
    const sd = Math.sqrt(second - mean * mean);
    expect(Math.abs(cashOn(r, '2024-01-31').mean - mean)).toBeLessThan((4 * sd) / Math.sqrt(n));
  });
});

describe('invariants', () => {
  const base = (low: number, high: number) =>
    `name: more cash\nstart: 2024-01-01\nhorizon: 2024-03-31\npaths: 300\nseed: 21\ncash: { initial: 'uniform(${low}, ${high})' }\nusers: { initial: 1, growth: { drift: 'normal(0, 1%)', volatility: 3%, per: day } }\ncosts: [{ name: burn, amount: 100, per: day, scales_with: users, volatility: 20% }]\nevents: [{ name: fine, date: 2024-01-01 to 2024-03-31, probability: 50%, amount: 1k to 5k, direction: out }]\n`;

  it('more starting cash never raises P(ruin by any date) (same seed, pathwise)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 5000 }), (extra, width) => {
        const lower = simulateText(base(1000, 1000 + width));
        const higher = simulateText(base(1000 + extra, 1000 + width + extra));
        return lower.survival.every((s, t) => higher.survival[t]!.probability >= s.probability);
      }),
      { seed: 42, numRuns: 15 },
    );
  });

  it('the survival curve never rises, and equals 1 − P(ruin by date) on report dates', () => {
    const r = simulateText(base(1000, 20000));
    for (let t = 1; t < r.survival.length; t++) expect(r.survival[t]!.probability).toBeLessThanOrEqual(r.survival[t - 1]!.probability);
    for (const row of r.ruin.byDate) expect(r.survival.find((s) => s.date === row.date)!.probability).toBeCloseTo(1 - row.probability, 15); // (n − c)/n against 1 − c/n: equal up to rounding
  });
});

describe('shortfall and expected runway: known answers', () => {
  it('constant burn: deficit on the ruin day, deepest shortfall by the horizon, runway in days', () => {
    const r = simulateText(january('cash: { initial: 1000 }\ncosts: [{ name: burn, amount: 150, per: day }]\n'));
    // day t ends with 1000 − 150(t + 1): ruin on t = 6 at −50; the ledger goes on to −3650 on t = 30
    expect(r.shortfall).toMatchObject({ ruinedPaths: 10, atRuin: { p10: 50, p50: 50, p90: 50, mean: 50 }, deepest: { p50: 3650, mean: 3650 } });
    // 6 days ended solvent (t = 0..5)
    expect(r.runway.expectedMonths).toBeCloseTo(6 / (365.25 / 12), 12);
    expect(r.runway.standardError).toBe(0);
    expect(r.runway.horizonMonths).toBeCloseTo(31 / (365.25 / 12), 12);
  });

  it('money arriving after ruin does not un-ruin the path but ends its shortfall', () => {
    const r = simulateText(january('cash: { initial: 1000 }\ncosts: [{ name: burn, amount: 150, per: day }]\nevents: [{ name: late, date: 2024-01-15, amount: 10000 }]\n'));
    expect(ruinBy(r, '2024-01-31')).toBe(1);
    // lowest point the day before the money: end of t = 13, 1000 − 14·150 = −1100
    expect(r.shortfall!.deepest.p50).toBe(1100);
    // the Result counts the event only where it moved money before ruin
    expect(r.events[0]!.probability).toBe(0);
  });

  it('no ruin: runway is the whole horizon and there is no shortfall', () => {
    const r = simulateText(january('cash: { initial: 1M }\ncosts: [{ name: burn, amount: 1, per: day }]\n'));
    expect(r.shortfall).toBeNull();
    expect(r.runway.expectedMonths).toBe(r.runway.horizonMonths);
  });

  it('uniform cash, constant burn: mean runway and mean deepest shortfall match the closed forms within 4 SE', () => {
    // cash ~ U(0, 100M), burn 1M a day, 91 days: a path with cash c ends floor(c/1M) days solvent
    // (capped at 91); E[min(floor(c), 91)] = sum_{k=1}^{91} P(c >= k) = sum (100 − k)/100 = 91 − 91·92/200
    // ruined (c < 91M): deepest = 91M − c, uniform on (0, 91M): mean 45.5M, sd 91M/sqrt(12)
    const n = 20_000;
    const r = simulateText(`name: u\nstart: 2024-01-01\nhorizon: 2024-03-31\npaths: ${n}\nseed: 11\ncash: { initial: "uniform(0, 100M)" }\ncosts:\n  - { name: burn, amount: 1M, per: day }\n`);
    const expectedDays = 91 - (91 * 92) / 200;
    const month = 365.25 / 12;
    expect(Math.abs(r.runway.expectedMonths - expectedDays / month)).toBeLessThan(4 * r.runway.standardError);
    const ruined = r.shortfall!.ruinedPaths;
    const se = 91e6 / Math.sqrt(12) / Math.sqrt(ruined);
    expect(Math.abs(r.shortfall!.deepest.mean - 45.5e6)).toBeLessThan(4 * se);
    expect(Math.abs(r.shortfall!.deepest.p50 - 45.5e6)).toBeLessThan(4 * se * 1.3); // SE of a median of a uniform: sqrt(3)/2·(sd/sqrt(n))·2 ≈ 1.25× that of the mean
    // deficit on the ruin day: c − (t+1)·1M with t = floor(c/1M): uniform on (0, 1M) below zero
    expect(Math.abs(r.shortfall!.atRuin.mean - 0.5e6)).toBeLessThan(4 * (1e6 / Math.sqrt(12) / Math.sqrt(ruined)));
  });
});
