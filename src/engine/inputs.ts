import { normalCdf, normalQuantile } from '../distributions/index.js';
import type { Plan } from '../model/plan.js';
import { Stream } from './random.js';

/** Uniforms are kept inside [2^-53, 1 − 2^-53] after the copula, so no quantile is infinite. */
const TINY = 2 ** -53;

/**
 * The uniforms of every per-path input of a block: read from each input's stream (stride and
 * offset as the plan says, path by path), then, with `sampling: lhs`, stratified, then, with
 * correlations, passed through the Gaussian copula. Inputs without either are exactly the
 * stream's numbers, so adding correlations between two inputs never moves any other input.
 */
export function drawUniforms(plan: Plan, block: number, n: number): Float64Array[] {
  const u = plan.inputs.map(() => new Float64Array(n));
  for (const group of streamGroups(plan)) {
    const columns = group.slots.map((j) => u[j]!);
    if (columns.length === 1) new Stream(plan.seed, block, group.key).fillUniforms53(columns[0]!, n);
    else fillInterleaved(new Stream(plan.seed, block, group.key), columns, n);
  }
  if (plan.sampling === 'lhs') {
    plan.inputs.forEach((input, j) => {
      if (input.varies) stratify(u[j]!, n, new Stream(plan.seed, block, `lhs/${input.name}`));
    });
  }
  if (plan.correlation !== undefined) correlate(plan, u, n);
  return u;
}

/** The inputs that share a stream (by key), in slot order: its numbers go to them path by path. */
interface StreamGroup {
  readonly key: string;
  /** slots[k]: the input that takes the stream's k-th number of each path. */
  readonly slots: readonly number[];
}

const GROUPS = new WeakMap<Plan, StreamGroup[]>();

function streamGroups(plan: Plan): StreamGroup[] {
  let groups = GROUPS.get(plan);
  if (groups === undefined) {
    const slots = new Map<string, number[]>();
    plan.inputs.forEach((input, j) => {
      const list = slots.get(input.stream) ?? [];
      list[input.offset] = j;
      slots.set(input.stream, list);
    });
    groups = [...slots].map(([key, list]) => ({ key, slots: Array.from(list, (j) => j!) }));
    GROUPS.set(plan, groups);
  }
  return groups;
}

// The loops below are small functions of their own: V8 optimises each quickly, where one large
// function holding them all took it a few hundred milliseconds per thread (on the cores that
// simulate).

function fillInterleaved(s: Stream, columns: readonly Float64Array[], n: number): void {
  const m = columns.length;
  for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) columns[k]![i] = s.uniform();
}

/**
 * Latin hypercube within the block: path i gets stratum π(i) of n equal strata (π a uniformly
 * random permutation, Fisher–Yates on its own stream) and keeps its own uniform as the position
 * inside the stratum, so each input's n values cover every 1/n of its distribution exactly once.
 */
function stratify(u: Float64Array, n: number, s: Stream): void {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const k = Math.floor(s.uniform() * (i + 1));
    const x = perm[i]!;
    perm[i] = perm[k]!;
    perm[k] = x;
  }
  for (let i = 0; i < n; i++) u[i] = (perm[i]! + u[i]!) / n;
}

/**
 * Gaussian copula: z = Φ⁻¹(u) for the correlated inputs, x = L·z with L the Cholesky factor of
 * their normal correlation matrix, u = Φ(x). A "happens" input is 1 when its uniform is *below*
 * the probability, so its score is negated on the way in and out: a positive correlation then
 * means "happens more often when the other input is high".
 */
function correlate(plan: Plan, u: Float64Array[], n: number): void {
  const c = plan.correlation!;
  const k = c.inputs.length;
  const sign = Float64Array.from(c.inputs, (j) => (plan.inputs[j]!.kind === 'happens' ? -1 : 1));
  const z = new Float64Array(k);
  const L = c.factor;
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < k; m++) z[m] = sign[m]! * normalQuantile(u[c.inputs[m]!]![i]!);
    for (let m = 0; m < k; m++) {
      let x = 0;
      for (let q = 0; q <= m; q++) x += L[m * k + q]! * z[q]!;
      const v = normalCdf(sign[m]! * x);
      u[c.inputs[m]!]![i] = Math.min(1 - TINY, Math.max(TINY, v));
    }
  }
}

/**
 * The value of every input for every path of the block: a value input's quantile, 1 or 0 for
 * "happens" (uniform < probability), the landing step of a dated event.
 */
export function drawInputs(plan: Plan, block: number, n: number): Float64Array[] {
  const u = drawUniforms(plan, block, n);
  return plan.inputs.map((input, j) => {
    const values = u[j]!;
    if (input.kind === 'value') quantiles(input.dist!, values, n);
    else if (input.kind === 'happens') below(input.probability!, values, n);
    else landingSteps(input.firstStep, input.lastStep, values, n);
    return values;
  });
}

/** values[i] ← dist's quantile of values[i]. */
function quantiles(dist: { quantile(p: number): number }, values: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) values[i] = dist.quantile(values[i]!);
}

/** values[i] ← 1 if values[i] < p, else 0. */
function below(p: number, values: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) values[i] = values[i]! < p ? 1 : 0;
}

/** values[i] ← a step of first..last, uniformly by values[i]. */
function landingSteps(first: number, last: number, values: Float64Array, n: number): void {
  const span = last - first + 1;
  for (let i = 0; i < n; i++) values[i] = first + Math.min(span - 1, Math.floor(values[i]! * span));
}
