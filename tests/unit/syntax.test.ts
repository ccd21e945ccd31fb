import { describe, expect, it } from 'vitest';
import { parseDistText } from '../../src/scenario/dist-syntax.js';
import { parseQuantity } from '../../src/scenario/quantity.js';

describe('quantities', () => {
  it.each<[unknown, number]>([
    [700000, 700000],
    ['700k', 700000],
    ['1.5B', 1.5e9],
    ['$2M', 2e6],
    ['-12%', -0.12],
    ['+30%', 0.3],
    ['0.7%', 0.007], // exact: the suffix shifts the decimal exponent
    ['1.1B', 1100000000],
    ['2e3k', 2e6],
    ['1T', 1e12],
    ['.5M', 500000],
    [' 3 % ', 0.03],
  ])('%s -> %s', (input, value) => {
    expect(parseQuantity(input)).toEqual({ ok: true, value });
  });

  it.each<[unknown, string]>([
    ['1.5m', 'ambiguous suffix m in "1.5m": write M for millions'],
    ['abc', 'expected a number such as 700k, 1.5B or 12% (got "abc")'],
    ['1e400', 'expected a finite number (got 1e400)'],
    ['2000T', 'magnitude above 1e15 is not supported (got 2000T)'],
    [true, 'expected a number such as 700k, 1.5B or 12% (got true)'],
    [Infinity, 'expected a finite number (got Infinity)'],
  ])('%s is refused', (input, error) => {
    expect(parseQuantity(input)).toEqual({ ok: false, error });
  });
});

describe('compact distribution syntax', () => {
  it.each<[string, object]>([
    ['700k', { type: 'constant', value: 700000 }],
    ['normal(-2%, 3%)', { type: 'normal', mean: -0.02, sd: 0.03 }],
    ['lognormal(13.4, 0.2)', { type: 'lognormal', mu: 13.4, sigma: 0.2 }],
    ['uniform(1B, 3B)', { type: 'uniform', low: 1e9, high: 3e9 }],
    ['triangular(1, 2, 4)', { type: 'triangular', low: 1, mode: 2, high: 4 }],
    ['pert(1, 2, 4)', { type: 'pert', low: 1, mode: 2, high: 4, lambda: 4 }],
    ['PERT(1, 2, 4, 6)', { type: 'pert', low: 1, mode: 2, high: 4, lambda: 6 }],
    ['beta(2, 5)', { type: 'beta', alpha: 2, beta: 5, low: 0, high: 1 }],
    ['beta(2, 5, 0, 1B)', { type: 'beta', alpha: 2, beta: 5, low: 0, high: 1e9 }],
    ['discrete(0: 40%, 1B: 60%)', { type: 'discrete', values: [0, 1e9], weights: [0.4, 0.6] }],
    ['bernoulli(60%)', { type: 'bernoulli', p: 0.6 }],
  ])('%s', (text, spec) => {
    expect(parseDistText(text)).toEqual({ ok: true, value: spec });
  });

  it('"a to b" is a lognormal with that 90% interval', () => {
    const parsed = parseDistText('500k to 900k');
    expect(parsed.ok && parsed.value.type).toBe('lognormal');
    if (parsed.ok && parsed.value.type === 'lognormal') {
      expect(parsed.value.mu).toBeCloseTo((Math.log(500e3) + Math.log(900e3)) / 2, 12);
      expect(parsed.value.sigma).toBeCloseTo(Math.log(900 / 500) / (2 * 1.6448536269514722), 12);
    }
  });

  it.each<[string, string]>([
    ['0 to 5', 'low must be above 0 for a lognormal interval (got 0); write normal(mean, sd) for ranges that include 0 or negatives'],
    ['-5 to 5', 'low must be above 0 for a lognormal interval (got -5); write normal(mean, sd) for ranges that include 0 or negatives'],
    ['900k to 500k', 'low must be below high (got 900k to 500k)'],
    ['normall(1, 2)', 'unknown distribution normall(...) (did you mean normal?)'],
    ['normal(1)', 'normal takes normal(mean, sd) (got 1 argument)'],
    ['beta(1, 2, 3)', 'beta takes beta(alpha, beta[, low, high]) (got 3 arguments)'],
    ['normal(1, x)', 'in normal(mean, sd): expected a number such as 700k, 1.5B or 12% (got "x")'],
    ['normal(0, -1)', 'sd must be a positive number (got -1)'],
    ['discrete(1, 2)', 'discrete takes value: weight pairs, as in discrete(0: 40%, 1B: 60%) (got "1")'],
    ['uniform(1050', '"uniform(1050" is cut short: inside { ... } YAML splits at commas, so quote the distribution, as in \'uniform(1050, ...)\''],
    ['lots', 'expected a distribution: a number, `low to high`, `normal(mean, sd)`, `uniform(low, high)`, `pert(low, mode, high)` or an object with `type` (got "lots")'],
  ])('%s is refused', (text, error) => {
    expect(parseDistText(text)).toEqual({ ok: false, error });
  });
});
