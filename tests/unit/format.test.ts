import { describe, expect, it } from 'vitest';
import { percent } from '../../src/report/format.js';

describe('percent: small probabilities stay visible', () => {
  it.each([
    [0.422, '42.20%'],
    [0, '0.00%'],
    [1, '100.00%'],
    [0.00005, '0.01%'],
    [56 / 2_000_000, '0.0028%'], // 56 ruined paths of 2M: not 0.00%
    [3.7e-6, '0.00037%'],
    [0.999991, '99.99910%'],
    [1e-9, '<0.000001%'],
    [1 - 1e-10, '>99.999999%'],
  ])('%s -> %s', (p, text) => {
    expect(percent(p)).toBe(text);
  });
});
