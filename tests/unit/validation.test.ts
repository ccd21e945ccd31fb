import { describe, expect, it } from 'vitest';
import { problems, scenario } from '../helpers.js';

const BASE = `name: test
start: 2024-01-01
horizon: 2024-12-31
cash:
  initial: 1M
`;

describe('scenario validation: accepted forms', () => {
  it('fills every default', () => {
    const s = scenario(BASE);
    expect(s).toMatchObject({ step: 'day', paths: 10000, seed: '1', report: { by: [] }, costs: [], revenue: [], events: [] });
    expect(s.cash.initial).toEqual({ type: 'constant', value: 1e6 });
  });

  it('reads the same scenario from JSON, with the same meaning', () => {
    const json = JSON.stringify({ name: 'test', start: '2024-01-01', horizon: '2024-12-31', cash: { initial: '1M' } });
    expect(scenario(json)).toEqual(scenario(BASE));
  });

  it('takes distributions as objects with the same meaning as the compact text', () => {
    const compact = scenario(`${BASE}costs:\n  - { name: a, amount: 'normal(5k, 1k)', per: day }\n  - { name: b, amount: 500k to 900k, per: day }\n  - { name: c, amount: 'discrete(1: 1, 2: 3)', per: day }\n`);
    const objects = scenario(
      `${BASE}costs:\n  - { name: a, amount: { type: normal, mean: 5k, sd: 1k }, per: day }\n  - { name: b, amount: { type: lognormal, low: 500k, high: 900k }, per: day }\n  - { name: c, amount: { type: discrete, values: [1, 2], weights: [1, 3] }, per: day }\n`,
    );
    expect(objects).toEqual(compact);
  });

  it('keeps whole-number and text seeds as text', () => {
    expect(scenario(`${BASE}seed: 2024\n`).seed).toBe('2024');
    expect(scenario(`${BASE}seed: openai\n`).seed).toBe('openai');
  });
});

describe('scenario validation: every problem at once, one line each, file:line:col: path: message', () => {
  const cases: [string, string, string[]][] = [
    ['missing required fields', 'name: x\n', ['x.yaml:1:1: start: is required', 'x.yaml:1:1: horizon: is required', 'x.yaml:1:1: cash: is required']],
    ['unknown key with a hint', `${BASE}pathz: 10\n`, ['x.yaml:6:1: pathz: unknown key "pathz" (did you mean paths?)']],
    ['unknown key without a close match', `${BASE}colour: red\n`, ['x.yaml:6:1: colour: unknown key "colour" (expected one of name, description, start, horizon, step, paths, seed, report, cash, users, customers, gpu, costs, revenue, events, debt, credit_lines, actions, correlations, sampling, expect)']],
    ['nested unknown key', `${BASE}costs:\n  - name: a\n    amount: 1\n    per: day\n    scale_with: users\n`, ['x.yaml:10:5: costs[0].scale_with: unknown key "scale_with" (did you mean scales_with?)']],
    ['impossible date', BASE.replace('2024-01-01', '2023-02-29'), ['x.yaml:2:8: start: 2023-02-29 is not a calendar date']],
    ['date with a time', BASE.replace('2024-01-01', '2024-01-01T10:00:00+05:00'), ['x.yaml:2:8: start: expected a date as YYYY-MM-DD (got "2024-01-01T10:00:00+05:00")']],
    ['horizon before start', BASE.replace('2024-12-31', '2023-12-31'), ['x.yaml:3:10: horizon: must not be before start 2024-01-01 (got 2023-12-31)']],
    ['paths out of range', `${BASE}paths: 0\n`, ['x.yaml:6:8: paths: must be at least 1 (got 0)']],
    ['paths too many', `${BASE}paths: 2000000000\n`, ['x.yaml:6:8: paths: must be at most 1000000000 (got 2000000000)']],
    ['paths not whole', `${BASE}paths: 1.5\n`, ['x.yaml:6:8: paths: expected a whole number of paths (got 1.5)']],
    ['seed beyond 2^53', `${BASE}seed: 9007199254740993\n`, ['x.yaml:6:7: seed: expected a whole number from 0 to 2^53-1; this one is too large to be read exactly, so quote it to use it as text']],
    ['step not supported yet', `${BASE}step: week\n`, ['x.yaml:6:7: step: step week is not supported yet (only day)']],
    ['step unknown', `${BASE}step: fortnight\n`, ['x.yaml:6:7: step: expected day (got "fortnight")']],
    ['report date outside the window', `${BASE}report: { by: [2025-06-30] }\n`, ['x.yaml:6:16: report.by[0]: must lie between start 2024-01-01 and horizon 2024-12-31 (got 2025-06-30)']],
    ['interval in the wrong order', BASE.replace('initial: 1M', 'initial: 3M to 1M'), ['x.yaml:5:12: cash.initial: low must be below high (got 3M to 1M)']],
    ['interval through zero', BASE.replace('initial: 1M', 'initial: 0 to 1M'), ['x.yaml:5:12: cash.initial: low must be above 0 for a lognormal interval (got 0); write normal(mean, sd) for ranges that include 0 or negatives']],
    ['not a distribution', BASE.replace('initial: 1M', 'initial: [1, 2]'), ['x.yaml:5:12: cash.initial: expected a distribution: a number, `low to high`, `normal(mean, sd)`, `uniform(low, high)`, `pert(low, mode, high)` or an object with `type` (got a list)']],
    ['unknown distribution type', BASE.replace('initial: 1M', 'initial: { type: gauss, mean: 1 }'), ['x.yaml:5:20: cash.initial.type: expected a distribution type: constant, normal, lognormal, uniform, triangular, pert, beta, discrete or bernoulli (got "gauss")']],
    ['bad parameter of an object distribution', BASE.replace('initial: 1M', 'initial: { type: normal, mean: 1, sd: -2 }'), ['x.yaml:5:12: cash.initial: sd must be a positive number (got -2)']],
    ['lognormal object with both forms', BASE.replace('initial: 1M', 'initial: { type: lognormal, mu: 1, sigma: 1, low: 1 }'), ['x.yaml:5:12: cash.initial: lognormal takes either mu and sigma, or low and high (a 90% interval)']],
    ['ambiguous m', BASE.replace('initial: 1M', 'initial: 5m'), ['x.yaml:5:12: cash.initial: expected a distribution: a number, `low to high`, `normal(mean, sd)`, `uniform(low, high)`, `pert(low, mode, high)` or an object with `type` (got "5m")']],
    ['a line without per', `${BASE}costs:\n  - { name: payroll, amount: 150k }\n`, ['x.yaml:7:5: costs[0].per: required: the period of the amount, one of day, week, month, quarter, year']],
    ['enum with a hint', `${BASE}costs:\n  - { name: a, amount: 1, per: months }\n`, ['x.yaml:7:32: costs[0].per: expected one of day, week, month, quarter, year (got "months") (did you mean month?)']],
    ['probability above 100%', `${BASE}events:\n  - { name: e, date: 2024-02-01, amount: 1, probability: 120% }\n`, ['x.yaml:7:58: events[0].probability: must be a probability between 0% and 100% (got 120%)']],
    ['negative volatility', `${BASE}costs:\n  - { name: a, amount: 1, per: day, volatility: -5% }\n`, ['x.yaml:7:49: costs[0].volatility: must be at least 0 (got -5%)']],
    ['duplicate line names', `${BASE}costs:\n  - { name: a, amount: 1, per: day }\n  - { name: a, amount: 2, per: day }\n`, ['x.yaml:8:13: costs[1].name: duplicate name "a" in costs']],
    ['scaling without users', `${BASE}revenue:\n  - { name: api, amount: 1, per: day, scales_with: users }\n`, ['x.yaml:7:52: revenue[0].scales_with: scales with users but the scenario has no users section']],
    ['gpu price without gpu', `${BASE}costs:\n  - { name: a, amount: 1, per: day, gpu_priced: true }\n`, ['x.yaml:7:49: costs[0].gpu_priced: is GPU-priced but the scenario has no gpu section']],
    ['growth with both rates', `${BASE}costs:\n  - { name: a, amount: 1, per: day, growth: { annual: 5%, monthly: 1% } }\n`, ['x.yaml:7:45: costs[0].growth: give exactly one of annual or monthly']],
    ['active window reversed', `${BASE}costs:\n  - { name: a, amount: 1, per: day, from: 2024-06-01, until: 2024-05-01 }\n`, ['x.yaml:7:62: costs[0].until: must not be before from 2024-06-01 (got 2024-05-01)']],
    ['event with date and when', `${BASE}events:\n  - { name: e, date: 2024-02-01, when: { cash_below: 1 }, amount: 1 }\n`, ['x.yaml:7:5: events[0]: give exactly one of date (a dated event) or when (a triggered event)']],
    ['event with neither date nor when', `${BASE}events:\n  - { name: e, amount: 1 }\n`, ['x.yaml:7:5: events[0]: give exactly one of date (a dated event) or when (a triggered event)']],
    ['event range reversed', `${BASE}events:\n  - { name: e, date: 2024-03-01 to 2024-02-01, amount: 1 }\n`, ['x.yaml:7:22: events[0].date: range must not end before it starts (got 2024-03-01 to 2024-02-01)']],
    ['event before start', `${BASE}events:\n  - { name: e, date: 2023-03-01, amount: 1 }\n`, ['x.yaml:7:22: events[0].date: must not be before start 2024-01-01 (got 2023-03-01)']],
    ['delay on a dated event', `${BASE}events:\n  - { name: e, date: 2024-03-01, amount: 1, delay_days: 3 }\n`, ['x.yaml:7:57: events[0].delay_days: applies only to triggered events (when)']],
    ['gpu initial state unknown', `${BASE}gpu:\n  availability:\n    initial: ok\n    states: { normal: {} }\n`, ['x.yaml:8:14: gpu.availability.initial: is not one of the states normal (got ok)']],
    [
      'gpu transitions',
      `${BASE}gpu:\n  availability:\n    initial: a\n    states: { a: {}, b: { capacity: 50% } }\n    transitions: { a->c: 10%, a->a: 5%, b->a: 60%, b->b: 50%, nonsense: 1% }\n`,
      [
        'x.yaml:10:18: gpu.availability.transitions: probabilities out of b add up to more than 100% (got 110%)',
        'x.yaml:10:26: gpu.availability.transitions["a->c"]: c is not one of the states a, b',
        'x.yaml:10:37: gpu.availability.transitions["a->a"]: a transition must go to another state',
        'x.yaml:10:58: gpu.availability.transitions["b->b"]: a transition must go to another state',
        'x.yaml:10:73: gpu.availability.transitions.nonsense: expected a key of the form from->to',
      ],
    ],
    ['capacity zero', `${BASE}gpu:\n  availability:\n    initial: a\n    states: { a: { capacity: 0 } }\n`, ['x.yaml:9:30: gpu.availability.states.a.capacity: must be above 0% and at most 100% (got 0)']],
    ['seasonality at -100%', `${BASE}users:\n  initial: 1\n  seasonality: { jul: -100% }\n`, ['x.yaml:8:23: users.seasonality.jul: must be above -100% (got -100%)']],
    ['seasonality month typo', `${BASE}users:\n  initial: 1\n  seasonality: { july: -10% }\n`, ['x.yaml:8:18: users.seasonality.july: unknown key "july" (did you mean jul?)']],
    ['YAML syntax error', 'name: [unclosed\n', ['x.yaml:2:1: Flow sequence in block collection must be sufficiently indented and end with a ]']],
    ['duplicate key', `${BASE}name: again\n`, ['x.yaml:6:1: Map keys must be unique']],
    ['custom tag', `${BASE}note: !!js/function 'x'\n`, ['x.yaml:6:7: Unresolved tag: tag:yaml.org,2002:js/function; custom tags are not allowed']],
    ['empty file', '', ['x.yaml: the scenario is empty']],
    ['not a mapping', '- 1\n- 2\n', ['x.yaml:1:1: expected a mapping of scenario fields (got a list)']],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });
});

describe('scenario validation: more rules', () => {
  it.each<[string, string, string[]]>([
    ['horizon too far', BASE.replace('2024-12-31', '2125-01-01'), ['x.yaml:3:10: horizon: at most 36525 days from start to horizon are supported (got 36891 days)']],
    ['duplicate event names', `${BASE}events:\n  - { name: e, date: 2024-02-01, amount: 1 }\n  - { name: e, date: 2024-03-01, amount: 1 }\n`, ['x.yaml:8:13: events[1].name: duplicate name "e" in events']],
    ['gpu without states', `${BASE}gpu:\n  availability:\n    initial: a\n    states: {}\n`, ['x.yaml:9:13: gpu.availability.states: needs at least one state']],
    ['expect date outside the window', `${BASE}expect:\n  - ruin_probability: { by: 2025-01-01, max: 10% }\n`, ['x.yaml:7:29: expect[0].ruin_probability.by: must lie between start 2024-01-01 and horizon 2024-12-31 (got 2025-01-01)']],
    ['expect without a bound', `${BASE}expect:\n  - ruin_probability: { by: 2024-06-30 }\n`, ['x.yaml:7:23: expect[0].ruin_probability: give max, min or both']],
    ['expect min above max', `${BASE}expect:\n  - ruin_probability: { by: 2024-06-30, min: 20%, max: 10% }\n`, ['x.yaml:7:46: expect[0].ruin_probability.min: must not be above max (got min 0.2, max 0.1)']],
    ['empty name', `${BASE.replace('name: test', "name: ''")}`, ["x.yaml:1:7: name: must not be empty (got \"\")"]],
  ])('%s', (_name, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });
});

describe('scenario validation: hostile shapes', () => {
  it('refuses flow collections nested too deep before the parser can exhaust the stack', () => {
    expect(problems(`a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`)).toEqual(['x.yaml:1:68: nested more than 64 levels deep']);
    expect(problems(`{"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`)).toEqual(['x.yaml:1:70: nested more than 64 levels deep']);
  });

  it('refuses block mappings nested too deep', () => {
    let text = 'a:\n';
    for (let k = 1; k < 100; k++) text += `${'  '.repeat(k)}b:\n`;
    expect(problems(`${text}${'  '.repeat(100)}c: 1\n`)).toEqual(['x.yaml:1:1: nested more than 64 levels deep']);
  });

  it('ignores brackets in quotes and comments when counting depth', () => {
    expect(problems(`name: "${'['.repeat(100)}"\n# ${'{'.repeat(100)}\nstart: 2024-01-01\nhorizon: 2024-12-31\ncash: { initial: 1 }\n`)).toEqual([]);
  });

  it('bounds YAML aliases (a billion laughs is refused, not expanded)', () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let k = 1; k < 9; k++) text += `a${k}: &a${k} [${Array(10).fill(`*a${k - 1}`).join(', ')}]\n`;
    const out = problems(`${text}name: x\n`);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^x\.yaml.*(alias|Excessive)/i);
  });

  it('refuses non-finite numbers', () => {
    expect(problems(`${BASE.replace('initial: 1M', 'initial: .inf')}`)).toEqual(['x.yaml:5:12: cash.initial: value must be a finite number (got Infinity)']);
    expect(problems(`${BASE.replace('initial: 1M', 'initial: 1e400')}`)).toEqual(['x.yaml:5:12: cash.initial: value must be a finite number (got Infinity)']);
  });
});
