import { makeDistribution, normalCdf, normalQuantile } from '../distributions/index.js';
import type { Distribution } from '../distributions/index.js';
import type { Plan } from '../model/plan.js';
import type { Kernel } from './kernel.js';
import { STATE_WORDS } from './random-code.js';
import { streamState } from './streams.js';

/** Uniforms are kept inside [2^-53, 1 − 2^-53] after the copula, so no quantile is infinite. */
const TINY = 2 ** -53;

/**
 * The uniforms of every per-path input of a block, into the kernel's input arrays: read from each
 * input's stream (stride and offset as the plan says, path by path), then, with `sampling: lhs`,
 * stratified, then, with correlations, passed through the Gaussian copula. Inputs without either
 * are exactly the stream's numbers, so adding correlations between two inputs never moves any
 * other input.
 */
function drawUniforms(plan: Plan, kernel: Kernel, block: number, n: number): Float64Array[] {
  const { memory, layout } = kernel;
  const u = plan.inputs.map((_, j) => new Float64Array(memory.buffer, layout.inputs[j]!, n));
  /** The stream `key`'s uniforms, `count` per path, into the arrays at these addresses. */
  const uniforms = (key: string, addresses: readonly number[], count: number) => {
    new Int32Array(memory.buffer, layout.scratchStream, STATE_WORDS).set(streamState(plan.seed, block, key));
    new Int32Array(memory.buffer, layout.scratchColumns, addresses.length).set(addresses);
    kernel.uniforms53(layout.scratchStream, layout.scratchColumns, addresses.length, count);
  };
  for (const group of streamGroups(plan)) uniforms(group.key, group.slots.map((j) => layout.inputs[j]!), n);
  if (plan.sampling === 'lhs') {
    plan.inputs.forEach((input, j) => {
      if (!input.varies) return;
      uniforms(`lhs/${input.name}`, [layout.scratch], n - 1);
      stratify(u[j]!, n, new Float64Array(memory.buffer, layout.scratch, n - 1));
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

/**
 * Latin hypercube within the block: path i gets stratum π(i) of n equal strata (π a uniformly
 * random permutation, Fisher–Yates driven by `draws`, n − 1 uniforms) and keeps its own uniform
 * as the position inside the stratum, so each input's n values cover every 1/n of its
 * distribution exactly once.
 */
function stratify(u: Float64Array, n: number, draws: Float64Array): void {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1, d = 0; i > 0; i--, d++) {
    const k = Math.floor(draws[d]! * (i + 1));
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

const DISTRIBUTIONS = new WeakMap<Plan, (Distribution | undefined)[]>();

/** The plan's value inputs' distributions (built once per plan and thread). */
function distributions(plan: Plan): (Distribution | undefined)[] {
  let dists = DISTRIBUTIONS.get(plan);
  if (dists === undefined) {
    dists = plan.inputs.map((input) => {
      if (input.spec === undefined) return undefined;
      const made = makeDistribution(input.spec);
      if (!made.ok) throw new Error(`bug: unvalidated distribution ${JSON.stringify(input.spec)}: ${made.error}`);
      return made.dist;
    });
    DISTRIBUTIONS.set(plan, dists);
  }
  return dists;
}

/**
 * The value of every input for every path of the block, in the kernel's input arrays: a value
 * input's quantile, 1 or 0 for "happens" (uniform < probability), the landing step of a dated
 * event. An event's amount is needed only on the paths where its money can move (it happens and,
 * if dated, lands within the horizon); elsewhere it is left NaN, unless `all` asks for every value
 * (sensitivity reads them all). Returns views of those arrays.
 */
export function drawInputs(plan: Plan, kernel: Kernel, block: number, n: number, all: boolean): Float64Array[] {
  const u = drawUniforms(plan, kernel, block, n);
  const dists = distributions(plan);
  const gates = all ? undefined : amountGates(plan);
  plan.inputs.forEach((input, j) => {
    const values = u[j]!;
    const gate = gates?.get(j);
    if (input.kind === 'value') {
      if (gate === undefined) quantiles(dists[j]!, values, n);
      else gatedQuantiles(dists[j]!, values, n, u[gate.happens]!, gate.date === undefined ? undefined : u[gate.date]!, plan.days);
    } else if (input.kind === 'happens') below(input.probability!, values, n);
    else landingSteps(input.firstStep, input.lastStep, values, n);
  });
  return u;
}

/** For each event's amount input, the inputs that gate it (its happens and, if dated, its date); they come before it. */
function amountGates(plan: Plan): Map<number, Gate> {
  const gates = new Map<number, Gate>();
  for (const e of plan.datedEvents) gates.set(e.amountInput, { happens: e.happensInput, date: e.dateInput });
  for (const e of plan.triggeredEvents) gates.set(e.amountInput, { happens: e.happensInput, date: undefined });
  return gates;
}

interface Gate {
  readonly happens: number;
  readonly date: number | undefined;
}

/** values[i] ← dist's quantile of values[i]. */
function quantiles(dist: Distribution, values: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) values[i] = dist.quantile(values[i]!);
}

/** values[i] ← dist's quantile of values[i] where the event happens (and lands before `days`), else NaN. */
function gatedQuantiles(dist: Distribution, values: Float64Array, n: number, happens: Float64Array, date: Float64Array | undefined, days: number): void {
  for (let i = 0; i < n; i++) values[i] = happens[i] === 1 && (date === undefined || date[i]! < days) ? dist.quantile(values[i]!) : NaN;
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
