import { z } from 'zod';
import type { How, Varied } from '../scenario/vary.js';
import type { Scenario } from '../scenario/schema.js';
import { type IsoDate, asIsoDate } from '../util/calendar.js';
import { lazy } from '../util/lazy.js';
import { estimate } from './analyse.js';
import { Z95, wilsonInterval } from './wilson.js';

/** A goal: P(ruin by `date`) `op` `probability`. */
export interface Target {
  readonly text: string;
  readonly date: IsoDate;
  readonly op: '<=' | '<' | '>=' | '>';
  readonly probability: number;
}

/** `ruin(2024-12-31) <= 5%` (also `P(ruin by 2024-12-31) <= 0.05`); whether the date lies within the scenario is checked by the caller. */
export function parseTarget(text: string): Target | string {
  const m = /^\s*(?:p\s*\(\s*)?ruin\s*(?:\(\s*(\d{4}-\d{2}-\d{2})\s*\)|\s+by\s+(\d{4}-\d{2}-\d{2}))\s*\)?\s*(<=|<|>=|>|≤|≥)\s*([0-9.]+)\s*(%?)\s*$/i.exec(text);
  if (!m) return `expected a target such as "ruin(2024-12-31) <= 5%" (got ${JSON.stringify(text)})`;
  const value = Number(m[4]) / (m[5] === '%' ? 100 : 1);
  if (!Number.isFinite(value) || value < 0 || value > 1) return `the probability must be between 0% and 100% (got ${m[4]}${m[5]})`;
  const op = m[3] === '≤' ? '<=' : m[3] === '≥' ? '>=' : (m[3] as Target['op']);
  const date = asIsoDate((m[1] ?? m[2])!);
  if (!date.ok) return date.error;
  return { text: text.trim(), date: date.date, op, probability: value };
}

/** Whether k ruined paths of n meet the target: by the estimate, and by either end of its 95% interval. */
function judges(target: Target, n: number) {
  const p = target.probability;
  const holds = (q: number) => (target.op === '<=' ? q <= p : target.op === '<' ? q < p : target.op === '>=' ? q >= p : q > p);
  const upward = target.op === '>=' || target.op === '>';
  return {
    estimate: (k: number) => holds(k / n),
    // met with 95% confidence (one-sided 97.5%): the whole interval meets it
    confident: (k: number) => {
      const w = wilsonInterval(k, n, Z95);
      return holds(upward ? w.low : w.high);
    },
    // not ruled out: some value in the interval meets it
    plausible: (k: number) => {
      const w = wilsonInterval(k, n, Z95);
      return holds(upward ? w.high : w.low);
    },
  };
}

export const SOLVE_SCHEMA_VERSION = 1;
/** The schema of `runway solve --format json`, built on first use (see `lazy`). */
export const solveSchema = lazy(() => {
  const interval = z.strictObject({ low: z.number(), high: z.number() });
  return z
    .strictObject({
      kind: z.literal('solve'),
      schemaVersion: z.literal(SOLVE_SCHEMA_VERSION),
      scenario: z.strictObject({ name: z.string(), sha256: z.string() }),
      run: z.strictObject({ seed: z.string(), paths: z.int().min(1) }),
      target: z.strictObject({ text: z.string(), date: z.string(), op: z.enum(['<=', '<', '>=', '>']), probability: z.number() }),
      vary: z.strictObject({
        path: z.string(),
        how: z.enum(['add', 'scale', 'set']),
        kind: z.enum(['distribution', 'number']),
        current: z.number().describe('the current value, or the median of the distribution'),
        atAnswer: z.number().describe('the value, or the median, at the answer'),
      }),
      answer: z
        .strictObject({
          value: z.number().describe('x: the smallest move from the current value whose estimate meets the target'),
          ci95: interval.describe('x from where the target is plausible (inside the 95% Wilson interval) to where it is met with confidence (the whole interval meets it)'),
          ruinedPaths: z.int().min(0),
          probability: z.number(),
          standardError: z.number(),
          probabilityCi95: interval,
        })
        .describe('x for the target on common random numbers; bisection to 1e-4 of the bracket (the interval ends to 1e-3)'),
      monotone: z.strictObject({
        ok: z
          .boolean()
          .describe('P(ruin by date) moved one way over every value tried (the bisection trials and 6 evenly spaced across the first bracket); false: a step went against it, by no more than Monte Carlo noise (McNemar z <= 3 on the paths that flipped; beyond that solve refuses)'),
        pathsAgainst: z.int().min(0).describe('paths whose ruin flipped against that direction between neighbouring values tried (0 for a monotone model)'),
      }),
      evaluations: z.array(z.strictObject({ value: z.number(), ruinedPaths: z.int().min(0), probability: z.number() })).describe('every value tried, ascending'),
    })
    .describe('runway solve result');
});
export type Solution = z.infer<ReturnType<typeof solveSchema>>;

/** Ruin flags by the target date of one run of a scenario (1: ruined on or before it). */
export type Evaluate = (scenario: Scenario) => Promise<Uint8Array>;

export class SolveError extends Error {}

/** Evenly spaced values across the bracket that are also run, to check monotonicity. */
export const MONOTONE_GRID = 6;
/**
 * Trials after the bracket is found, at most: the bisections to 1e-3 of the bracket for the two
 * ends of the interval and to 1e-4 for the estimate, and the monotonicity grid (remembered runs
 * make it fewer).
 */
export const MOST_TRIALS_AFTER_BRACKET = 2 * Math.ceil(Math.log2(1e3)) + Math.ceil(Math.log2(1e4)) + MONOTONE_GRID;

/** How far (in standard errors of the paired difference, McNemar) a step may go against the overall direction before solve refuses. */
export const MCNEMAR_LIMIT = 3;

/**
 * Finds x, the move of `varied` (`how`) that makes P(ruin by date) meet the target: brackets it
 * (doubling steps from the current value, or within `range`), then bisects on common random
 * numbers (the same seed every time, so the ruined count is a step function of x) for three
 * thresholds: the estimate, and the two ends of its 95% interval. Every run is remembered, and the
 * runs are checked to move P(ruin) one way only: a model where they do not is an error, not an
 * answer.
 */
export async function solve(
  base: Scenario,
  varied: Varied,
  how: How,
  target: Target,
  evaluate: Evaluate,
  range?: readonly [number, number],
  onBracketed?: () => void,
): Promise<Omit<Solution, 'scenario' | 'vary'> & { vary: Omit<Solution['vary'], 'atAnswer'>; scenarioAtAnswer: Scenario }> {
  const n = base.paths;
  const runs = new Map<number, Uint8Array>();
  const ruined = async (x: number): Promise<number> => {
    let flags = runs.get(x);
    if (flags === undefined) {
      flags = await evaluate(varied.apply(how, x));
      runs.set(x, flags);
    }
    return flags.reduce((a, b) => a + b, 0);
  };
  const judge = judges(target, n);
  const [minX, maxX] = varied.bounds(how);
  const neutral = how === 'add' ? 0 : how === 'scale' ? 1 : varied.current;
  const clamp = (x: number) => Math.min(maxX, Math.max(minX, x));

  // ---- bracket: `bad` where even the plausible end fails, `good` where the target is met with confidence
  let bad: number;
  let good: number;
  if (range !== undefined) {
    const [a, b] = [clamp(range[0]), clamp(range[1])];
    const [ka, kb] = [await ruined(a), await ruined(b)];
    if (judge.confident(ka) && !judge.plausible(kb)) [bad, good] = [b, a];
    else if (judge.confident(kb) && !judge.plausible(ka)) [bad, good] = [a, b];
    else throw new SolveError(`the target is not crossed within --range ${a}..${b}: P(ruin by ${target.date}) is ${pct(ka / n)} at ${a} and ${pct(kb / n)} at ${b}; widen the range`);
  } else {
    const k0 = await ruined(neutral);
    const step = how === 'scale' ? 2 : /\.probability$/.test(varied.path) ? 0.1 : varied.magnitude * 0.25;
    const move = (x: number, sign: number, i: number) => clamp(how === 'scale' ? x * Math.pow(step, sign * i) : x + sign * step * Math.pow(2, i - 1));
    // which direction helps: the one whose first step moves the count towards the target
    const towards = (k: number) => (target.op === '<=' || target.op === '<' ? k0 - k : k - k0);
    const up = await ruined(move(neutral, 1, 1));
    const down = await ruined(move(neutral, -1, 1));
    const sign = towards(up) > towards(down) ? 1 : towards(down) > towards(up) ? -1 : 0;
    if (sign === 0 && !judge.estimate(k0)) throw new SolveError(`${varied.path} does not move P(ruin by ${target.date}) near its current value (${pct(k0 / n)} either way); it cannot reach the target`);
    {
      // walk towards the target until it is met with confidence, and away from it until it is not plausible
      let outward = neutral;
      let found: number | undefined;
      for (let i = 1; i <= 60; i++) {
        const x = move(neutral, sign || 1, i);
        if (judge.confident(await ruined(x))) {
          found = x;
          break;
        }
        outward = x;
        if (x === minX || x === maxX) break;
      }
      if (found === undefined) throw new SolveError(`the target ${target.text} is not reached by moving ${varied.path} (${how}) as far as ${fmt(outward)}: P(ruin by ${target.date}) is ${pct((await ruined(outward)) / n)} there`);
      good = found;
      bad = neutral;
      for (let i = 1; judge.plausible(await ruined(bad)) && i <= 60; i++) {
        const x = move(neutral, -(sign || 1), i);
        bad = x;
        if (x === minX || x === maxX) break;
      }
      if (judge.plausible(await ruined(bad))) throw new SolveError(`the target ${target.text} is met however far ${varied.path} is moved the other way; nothing to solve`);
    }
  }

  // ---- bisection for each threshold between bad and good
  onBracketed?.();
  const width = Math.abs(good - bad);
  const bisect = async (meets: (k: number) => boolean, tolerance: number): Promise<number> => {
    let [b, g] = [bad, good];
    for (const x of [...runs.keys()].sort((p, q) => p - q)) {
      // start from the tightest bracket the remembered runs give
      if ((x - b) * (g - x) <= 0) continue;
      if (meets(runs.get(x)!.reduce((s, v) => s + v, 0))) g = x;
      else b = x;
    }
    for (let i = 0; i < 60 && Math.abs(g - b) > tolerance; i++) {
      const mid = (b + g) / 2;
      if (meets(await ruined(mid))) g = mid;
      else b = mid;
    }
    return g;
  };
  const plausibleAt = await bisect(judge.plausible, width * 1e-3);
  const confidentAt = await bisect(judge.confident, width * 1e-3);
  const value = await bisect(judge.estimate, width * 1e-4);

  // ---- monotonicity over every run, on common random numbers, with a grid across the bracket
  // so that a turn away from where the bisection went is seen too
  for (let j = 1; j < MONOTONE_GRID + 1; j++) await ruined(bad + ((good - bad) * j) / (MONOTONE_GRID + 1));
  const xs = [...runs.keys()].sort((p, q) => p - q);
  const counts = xs.map((x) => runs.get(x)!.reduce((s, v) => s + v, 0));
  const { ok, pathsAgainst, reversal } = monotonicity(xs, runs, n);
  if (reversal > 0) {
    const j = reversal;
    throw new SolveError(
      `P(ruin by ${target.date}) is not monotone in ${varied.path}: ${pct(counts[j - 1]! / n)} at ${fmt(xs[j - 1]!)} but ${pct(counts[j]! / n)} at ${fmt(xs[j]!)}, against the overall direction by more than Monte Carlo noise; bisection needs a monotone response`,
    );
  }
  const k = await ruined(value);
  const e = estimate(k, n);
  return {
    kind: 'solve',
    schemaVersion: SOLVE_SCHEMA_VERSION,
    run: { seed: base.seed, paths: n },
    target: { text: target.text, date: target.date, op: target.op, probability: target.probability },
    vary: { path: varied.path, how, kind: varied.kind, current: varied.current },
    answer: { value, ci95: { low: Math.min(plausibleAt, confidentAt), high: Math.max(plausibleAt, confidentAt) }, ruinedPaths: k, probability: e.probability, standardError: e.standardError, probabilityCi95: e.ci95 },
    monotone: { ok, pathsAgainst },
    evaluations: xs.map((x, j) => ({ value: x, ruinedPaths: counts[j]!, probability: counts[j]! / n })),
    scenarioAtAnswer: varied.apply(how, value),
  };
}

/**
 * Whether ruin moved one way over the values tried (ascending `xs`, each path's ruin at each), on
 * common random numbers. A step between neighbouring values may go against the overall direction
 * by a few paths where the model has feedback (a cash-triggered event or a management action that
 * more money keeps from firing): the response is still monotone up to Monte Carlo noise when the
 * paths flipping against it are not significantly more than those flipping with it (McNemar's z at
 * most MCNEMAR_LIMIT). `reversal`: the first step beyond that (−1: none).
 */
export function monotonicity(xs: readonly number[], runs: ReadonlyMap<number, Uint8Array>, n: number): { ok: boolean; pathsAgainst: number; reversal: number } {
  const counts = xs.map((x) => runs.get(x)!.reduce((sum, v) => sum + v, 0));
  const rising = counts[counts.length - 1]! >= counts[0]!;
  let ok = true;
  let pathsAgainst = 0;
  let reversal = -1;
  for (let j = 1; j < xs.length; j++) {
    const [a, b] = [runs.get(xs[j - 1]!)!, runs.get(xs[j]!)!];
    let [against, along] = [0, 0];
    for (let i = 0; i < n; i++) {
      if (rising ? a[i]! > b[i]! : a[i]! < b[i]!) against++;
      else if (a[i] !== b[i]) along++;
    }
    pathsAgainst += against;
    if (against > along) ok = false;
    if (against - along > MCNEMAR_LIMIT * Math.sqrt(against + along) && reversal < 0) reversal = j;
  }
  return { ok, pathsAgainst, reversal };
}

function pct(p: number): string {
  return `${(p * 100).toFixed(2)}%`;
}

function fmt(x: number): string {
  return Number(x.toPrecision(6)).toString();
}
