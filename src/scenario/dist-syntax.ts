import { closest } from 'fastest-levenshtein';
import {
  type DistSpec,
  type Made,
  makeBernoulli,
  makeBeta,
  makeConstant,
  makeDiscrete,
  makeLognormal,
  makeLognormalInterval,
  makeNormal,
  makePert,
  makeTriangular,
  makeUniform,
} from '../distributions/index.js';
import { type Parsed, parseQuantity } from './quantity.js';

/**
 * The compact distribution syntax of scenario files:
 *
 * | text                          | meaning                                               |
 * |-------------------------------|-------------------------------------------------------|
 * | `700k`                        | the constant 700,000                                  |
 * | `500k to 900k`                | lognormal with that central 90% interval (low > 0)    |
 * | `normal(-2%, 3%)`             | normal(mean, sd)                                      |
 * | `lognormal(13.4, 0.2)`        | lognormal(mu, sigma) of the underlying normal         |
 * | `uniform(1B, 3B)`             | uniform(low, high)                                    |
 * | `triangular(1, 2, 4)`         | triangular(low, mode, high)                           |
 * | `pert(1, 2, 4)`               | PERT(low, mode, high[, lambda = 4])                   |
 * | `beta(2, 5)`, `beta(2,5,0,1B)`| beta(alpha, beta[, low, high])                        |
 * | `discrete(0: 40%, 1B: 60%)`   | values with weights (normalised)                      |
 * | `bernoulli(60%)`              | 1 with probability p, else 0                          |
 */

const FUNCTIONS = ['normal', 'lognormal', 'uniform', 'triangular', 'pert', 'beta', 'discrete', 'bernoulli'] as const;
type FunctionName = (typeof FUNCTIONS)[number];

const CALL = /^([A-Za-z_]+)\s*\((.*)\)$/s;
const INTERVAL = /^(.+?)\s+to\s+(.+)$/s;

export const DIST_EXAMPLES = 'a number, `low to high`, `normal(mean, sd)`, `uniform(low, high)`, `pert(low, mode, high)` or an object with `type`';

/** Parses compact text into a checked distribution spec. */
export function parseDistText(input: string): Parsed<DistSpec> {
  const text = input.trim();
  const interval = INTERVAL.exec(text);
  if (interval) {
    const low = parseQuantity(interval[1]);
    if (!low.ok) return low;
    const high = parseQuantity(interval[2]);
    if (!high.ok) return high;
    return toSpec(makeLognormalInterval(low.value, high.value));
  }
  if (/^[A-Za-z_]+\s*\([^)]*$/.test(text)) {
    return { ok: false, error: `${JSON.stringify(input)} is cut short: inside { ... } YAML splits at commas, so quote the distribution, as in '${text}, ...)'` };
  }
  const call = CALL.exec(text);
  if (call) {
    const name = call[1]!.toLowerCase();
    if (!(FUNCTIONS as readonly string[]).includes(name)) {
      return { ok: false, error: `unknown distribution ${call[1]}(...) (did you mean ${closest(name, [...FUNCTIONS])}?)` };
    }
    return parseCall(name as FunctionName, splitArgs(call[2]!));
  }
  const constant = parseQuantity(text);
  if (!constant.ok) return { ok: false, error: `expected a distribution: ${DIST_EXAMPLES} (got ${JSON.stringify(input)})` };
  return toSpec(makeConstant(constant.value));
}

function splitArgs(body: string): string[] {
  return body.trim() === '' ? [] : body.split(',').map((a) => a.trim());
}

function parseCall(name: FunctionName, args: string[]): Parsed<DistSpec> {
  if (name === 'discrete') return parseDiscrete(args);
  const arity: Record<Exclude<FunctionName, 'discrete'>, [number, number, string]> = {
    normal: [2, 2, 'normal(mean, sd)'],
    lognormal: [2, 2, 'lognormal(mu, sigma)'],
    uniform: [2, 2, 'uniform(low, high)'],
    triangular: [3, 3, 'triangular(low, mode, high)'],
    pert: [3, 4, 'pert(low, mode, high[, lambda])'],
    beta: [2, 4, 'beta(alpha, beta[, low, high])'],
    bernoulli: [1, 1, 'bernoulli(p)'],
  };
  const [min, max, usage] = arity[name];
  if (args.length < min || args.length > max || (name === 'beta' && args.length === 3)) {
    return { ok: false, error: `${name} takes ${usage} (got ${args.length} argument${args.length === 1 ? '' : 's'})` };
  }
  const values: number[] = [];
  for (const arg of args) {
    const q = parseQuantity(arg);
    if (!q.ok) return { ok: false, error: `in ${usage}: ${q.error}` };
    values.push(q.value);
  }
  const [a = NaN, b = NaN, c = NaN, d] = values;
  switch (name) {
    case 'normal':
      return toSpec(makeNormal(a, b));
    case 'lognormal':
      return toSpec(makeLognormal(a, b));
    case 'uniform':
      return toSpec(makeUniform(a, b));
    case 'triangular':
      return toSpec(makeTriangular(a, b, c));
    case 'pert':
      return toSpec(makePert(a, b, c, d ?? 4));
    case 'beta':
      return toSpec(values.length === 4 ? makeBeta(a, b, c, d ?? NaN) : makeBeta(a, b));
    case 'bernoulli':
      return toSpec(makeBernoulli(a));
  }
}

function parseDiscrete(args: string[]): Parsed<DistSpec> {
  const values: number[] = [];
  const weights: number[] = [];
  for (const arg of args) {
    const parts = arg.split(':');
    if (parts.length !== 2) return { ok: false, error: `discrete takes value: weight pairs, as in discrete(0: 40%, 1B: 60%) (got ${JSON.stringify(arg)})` };
    const v = parseQuantity(parts[0]);
    if (!v.ok) return v;
    const w = parseQuantity(parts[1]);
    if (!w.ok) return w;
    values.push(v.value);
    weights.push(w.value);
  }
  return toSpec(makeDiscrete(values, weights));
}

export function toSpec(made: Made): Parsed<DistSpec> {
  return made.ok ? { ok: true, value: made.dist.spec } : { ok: false, error: made.error };
}
