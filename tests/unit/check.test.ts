import { describe, expect, it } from 'vitest';
import { decide, zFor } from '../../src/analysis/check.js';
import { wilsonInterval } from '../../src/analysis/wilson.js';

describe('check decisions', () => {
  const z = zFor(0.99);

  it('uses the two-sided z of the confidence level', () => {
    expect(z).toBeCloseTo(2.5758293035489004, 12); // scipy.stats.norm.ppf(0.995)
  });

  it('passes only when the whole interval is within the limit, breaches only when it is wholly outside', () => {
    const max = { by: '2024-12-31', max: 0.4, origin: 'expect[0]' };
    expect(decide(max, 300, 1000, z).decision).toBe('pass'); // 30% ± ~3.7%
    expect(decide(max, 500, 1000, z).decision).toBe('breach');
    expect(decide(max, 400, 1000, z).decision).toBe('undecided');
    const { low, high } = wilsonInterval(300, 1000, z);
    expect(decide(max, 300, 1000, z)).toEqual({ decision: 'pass', low, high });
  });

  it('handles lower limits and both together', () => {
    const min = { by: '2024-12-31', min: 0.1, origin: '--min' };
    expect(decide(min, 300, 1000, z).decision).toBe('pass');
    expect(decide(min, 20, 1000, z).decision).toBe('breach');
    const both = { by: '2024-12-31', min: 0.1, max: 0.4, origin: 'expect[1]' };
    expect(decide(both, 300, 1000, z).decision).toBe('pass');
    expect(decide(both, 100, 1000, z).decision).toBe('undecided');
    expect(decide(both, 600, 1000, z).decision).toBe('breach');
  });
});

describe('units of scenario fields', () => {
  it('names rates, days, counts and money by the field path', async () => {
    const { unitOf } = await import('../../src/report/units.js');
    expect(['customers.churn', 'costs[fees].share', 'revenue[api].growth.annual', 'debt[loan].rate', 'events[x].probability'].map(unitOf)).toEqual(['rate', 'rate', 'rate', 'rate', 'rate']);
    expect(['costs[payroll].plan[1].slip', 'customers.new', 'cash.initial', 'debt[loan].amount'].map(unitOf)).toEqual(['days', 'count', 'money', 'money']);
  });
});
