/**
 * The test oracle: a readable, pass-by-pass simulation of a plan's block in plain TypeScript,
 * independent of the engine's generated kernel (its own random streams in JavaScript, its own
 * reading of the expression trees, its own events and ruin). The engine must give the same
 * numbers bit for bit (tests/engine/kernel.test.ts).
 *
 * Order of a day (step t), for every path, as `src/model/plan.ts` specifies:
 *  1. each stream's number of the day; 2. Markov chains; 3. states; 4. lines into the day's flow;
 *  5. dated events landing today, then triggered events whose delay ends today;
 *  6. cash += flow, credit lines settled, then triggered events tried (the first day cash ends below the threshold);
 *  7. ruin (absorbing; the ledger goes on); 8. management actions' rules on the end cash.
 */
import { makeDistribution, normalCdf, normalQuantile } from '../../src/distributions/index.js';
import type { Expr } from '../../src/model/expr.js';
import type { Plan } from '../../src/model/plan.js';
import { fastExp } from './fast-exp.js';
import { fillUniforms32, seedState, uniform53 } from './xor4096.js';
import { type NormalState, fillNormals, normalState } from './ziggurat.js';

export interface OracleBlock {
  readonly ruinStep: Int32Array;
  /** Per checkpoint, then the two shortfall columns (deficit at ruin, deepest shortfall; NaN if never ruined). */
  readonly columns: Float64Array[];
  readonly eventLanded: Float64Array;
  /** fired[r·days + t]: paths first firing rule r on step t (solvent that day); firings[r]. */
  readonly fired: Float64Array;
  readonly firings: Float64Array;
  /** lineMoney[t][L][i]: each line's money, every day (for ledgers). */
  readonly lineMoney: Float64Array[][];
  /** creditMoney[t][3k + part][i]: credit line k's draw, repayment and interest (signed), every day. */
  readonly creditMoney: Float64Array[][];
  readonly inputs: Float64Array[];
}

const key = (seed: string, block: number, ...parts: string[]) => JSON.stringify([seed, block, ...parts]);

/** Per-path inputs: the streams' uniforms, LHS, the copula, then quantiles (as the engine specifies them). */
export function oracleInputs(plan: Plan, block: number, n: number): Float64Array[] {
  const u = plan.inputs.map(() => new Float64Array(n));
  const byStream = new Map<string, number[]>();
  plan.inputs.forEach((input, j) => {
    const slots = byStream.get(input.stream) ?? [];
    slots[input.offset] = j;
    byStream.set(input.stream, slots);
  });
  for (const [stream, slots] of byStream) {
    const state = seedState(key(plan.seed, block, stream));
    for (let i = 0; i < n; i++) for (const j of slots) u[j]![i] = uniform53(state);
  }
  if (plan.sampling === 'lhs') {
    plan.inputs.forEach((input, j) => {
      if (!input.varies) return;
      const state = seedState(key(plan.seed, block, `lhs/${input.name}`));
      const perm = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const k = Math.floor(uniform53(state) * (i + 1));
        [perm[i], perm[k]] = [perm[k]!, perm[i]!];
      }
      for (let i = 0; i < n; i++) u[j]![i] = (perm[i]! + u[j]![i]!) / n;
    });
  }
  const c = plan.correlation;
  if (c !== undefined) {
    const k = c.inputs.length;
    const sign = c.inputs.map((j) => (plan.inputs[j]!.kind === 'happens' ? -1 : 1));
    for (let i = 0; i < n; i++) {
      const z = c.inputs.map((j, m) => sign[m]! * normalQuantile(u[j]![i]!));
      for (let m = 0; m < k; m++) {
        let x = 0;
        for (let q = 0; q <= m; q++) x += c.factor[m * k + q]! * z[q]!;
        u[c.inputs[m]!]![i] = Math.min(1 - 2 ** -53, Math.max(2 ** -53, normalCdf(sign[m]! * x)));
      }
    }
  }
  return plan.inputs.map((input, j) => {
    const values = u[j]!;
    if (input.kind === 'value') {
      const spec = input.spec!;
      // the kernel's lognormal quantile takes the kernel's exponential
      if (spec.type === 'lognormal') return values.map((x) => fastExp(spec.mu + spec.sigma * normalQuantile(x)));
      const made = makeDistribution(spec);
      if (!made.ok) throw new Error(made.error);
      return values.map((x) => made.dist.quantile(x));
    }
    if (input.kind === 'happens') return values.map((x) => (x < input.probability! ? 1 : 0));
    const span = input.lastStep - input.firstStep + 1;
    return values.map((x) => input.firstStep + Math.min(span - 1, Math.floor(x * span)));
  });
}

/** Simulates block `block` of n paths pass by pass. */
export function oracleBlock(plan: Plan, block: number, n: number): OracleBlock {
  const inputs = oracleInputs(plan, block, n);
  const T = plan.days;
  // streams: a normal stream has its slow sequence; a uniform stream gives (k + 0.5)/2^32
  const streams = plan.streams.map((s) => {
    const words = seedState(key(plan.seed, block, s.key));
    return { kind: s.kind, words, normals: s.kind === 'normal' ? normalState(words, key(plan.seed, block, s.key, 'ziggurat')) : undefined, today: new Float64Array(n) };
  });
  const states = plan.states.map(() => new Float64Array(n));
  const regimes = plan.chains.map((c) => new Int32Array(n).fill(c.initial));
  const cash = Float64Array.from(inputs[plan.cashInput]!);
  const alive = new Uint8Array(n).fill(1);
  const atRuin = new Float64Array(n);
  const lowest = new Float64Array(n);
  const ruinStep = new Int32Array(n).fill(-1);
  const columns = Array.from({ length: plan.checkpoints.length + 2 }, () => new Float64Array(n));
  const eventLanded = new Float64Array(plan.datedEvents.length + plan.triggeredEvents.length);
  const tried = plan.triggeredEvents.map(() => new Uint8Array(n));
  const lands = plan.triggeredEvents.map(() => new Int32Array(n).fill(-1));
  const lineMoney: Float64Array[][] = [];
  const armed = plan.rules.map(() => new Uint8Array(n).fill(1));
  const firedBefore = plan.rules.map(() => new Uint8Array(n));
  const fired = new Float64Array(plan.rules.length * T);
  const firings = new Float64Array(plan.rules.length);
  // net burn: each path's operating money this month, and of the last complete months (newest first)
  const monthFlow = new Float64Array(n);
  const lastMonths = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const balance = plan.credit.map(() => new Float64Array(n));
  const accrued = plan.credit.map(() => new Float64Array(n));
  /** creditMoney[t][k·3 + part][i]: each credit line's draw, repayment and interest (signed) on day t. */
  const creditMoney: Float64Array[][] = [];

  // the value of a tree for path i on day t
  const lineToday = plan.lines.map(() => new Float64Array(n));
  const value = (e: Expr, i: number, t: number): number => {
    switch (e.kind) {
      case 'const':
        return e.value;
      case 'input':
        return inputs[e.input]![i]!;
      case 'state':
        return states[e.state]![i]!;
      case 'day':
        return plan.tables[e.table]![t]!;
      case 'normal':
        return streams[e.stream]!.today[i]!;
      case 'regime':
        return plan.chains[e.chain]!.values[e.table]![regimes[e.chain]![i]!]!;
      case 'line':
        return lineToday[e.line]![i]!;
      case 'exp':
        return fastExp(value(e.x, i, t));
      case 'choose': {
        const [a, b] = [value(e.a, i, t), value(e.b, i, t)];
        return (e.test === 'lt' ? a < b : a <= b) ? value(e.then, i, t) : value(e.otherwise, i, t);
      }
      case 'binary': {
        const [a, b] = [value(e.a, i, t), value(e.b, i, t)];
        switch (e.op) {
          case 'add':
            return a + b;
          case 'sub':
            return a - b;
          case 'mul':
            return a * b;
          case 'div':
            return a / b;
          case 'pow':
            return Math.pow(a, b);
          case 'min':
            return Math.min(a, b);
          case 'max':
            return Math.max(a, b);
        }
      }
    }
  };

  for (let i = 0; i < n; i++) plan.states.forEach((s, k) => (states[k]![i] = value(s.init, i, 0)));

  for (let t = 0; t < T; t++) {
    // 1. the day's random numbers
    for (const s of streams) {
      if (s.kind === 'normal') fillNormals(s.normals as NormalState, s.today, n);
      else fillUniforms32(s.words, s.today, n);
    }
    // 2. chains
    plan.chains.forEach((c, k) => {
      const u = streams[c.stream]!.today;
      for (let i = 0; i < n; i++) {
        const from = regimes[k]![i]!;
        if (!(u[i]! < c.leave[from]!)) continue;
        let j = from * c.width;
        while (!(u[i]! < c.cumulative[j]!)) j++;
        regimes[k]![i] = c.targets[j]!;
      }
    });
    // 3. states
    plan.states.forEach((s, k) => {
      if (s.next === undefined || (s.when !== undefined && plan.tables[s.when]![t] === 0)) return;
      for (let i = 0; i < n; i++) states[k]![i] = value(s.next, i, t);
    });
    // 4. lines
    const flow = new Float64Array(n);
    const operating = new Float64Array(n);
    plan.lines.forEach((line, L) => {
      const pays = line.paysWhen === undefined || plan.tables[line.paysWhen]![t] !== 0;
      for (let i = 0; i < n; i++) {
        lineToday[L]![i] = pays ? value(line.flow, i, t) : 0;
        flow[i] = flow[i]! + lineToday[L]![i]!;
        if (pays && line.section !== 'financing') operating[i] = operating[i]! + lineToday[L]![i]!;
      }
    });
    lineMoney.push(lineToday.map((x) => Float64Array.from(x)));
    // 5. events' money landing today
    const eventFlow = new Float64Array(n);
    plan.datedEvents.forEach((e, k) => {
      for (let i = 0; i < n; i++) {
        if (inputs[e.happensInput]![i] !== 1 || inputs[e.dateInput]![i] !== t) continue;
        eventFlow[i] = eventFlow[i]! + e.sign * inputs[e.amountInput]![i]!;
        eventLanded[k] = eventLanded[k]! + alive[i]!;
      }
    });
    for (let i = 0; i < n; i++) if (plan.datedEvents.length > 0) flow[i] = flow[i]! + eventFlow[i]!;
    plan.triggeredEvents.forEach((e, k) => {
      for (let i = 0; i < n; i++) {
        if (lands[k]![i] !== t) continue;
        flow[i] = flow[i]! + e.sign * inputs[e.amountInput]![i]!;
        eventLanded[plan.datedEvents.length + k] = eventLanded[plan.datedEvents.length + k]! + alive[i]!;
      }
    });
    // 6. cash, credit lines, triggered events
    const creditToday = plan.credit.flatMap(() => [new Float64Array(n), new Float64Array(n), new Float64Array(n)]);
    creditMoney.push(creditToday);
    for (let i = 0; i < n; i++) {
      let c = cash[i]! + flow[i]!;
      plan.credit.forEach((line, k) => {
        const on = (table: number | undefined) => table !== undefined && plan.tables[table]![t] !== 0;
        const [draw, repay, interest] = [creditToday[3 * k]!, creditToday[3 * k + 1]!, creditToday[3 * k + 2]!];
        if (on(line.payDay)) {
          c = c - accrued[k]![i]!;
          interest[i] = interest[i]! + -1 * accrued[k]![i]!;
          accrued[k]![i] = 0;
        }
        if (on(line.maturity)) {
          c = c - balance[k]![i]!;
          repay[i] = repay[i]! + -1 * balance[k]![i]!;
          balance[k]![i] = 0;
        }
        if (on(line.open)) {
          if (c < line.drawBelow) {
            const amount = Math.min(inputs[line.limitInput]![i]! - balance[k]![i]!, line.drawBelow - c);
            if (amount > 0) {
              c = c + amount;
              draw[i] = draw[i]! + 1 * amount;
              balance[k]![i] = balance[k]![i]! + amount;
            }
          } else if (line.repayAbove !== undefined && c > line.repayAbove) {
            const amount = Math.min(balance[k]![i]!, c - line.repayAbove);
            if (amount > 0) {
              c = c - amount;
              repay[i] = repay[i]! + -1 * amount;
              balance[k]![i] = balance[k]![i]! - amount;
            }
          }
        }
        accrued[k]![i] = accrued[k]![i]! + balance[k]![i]! * line.dailyRate;
      });
      plan.triggeredEvents.forEach((e, k) => {
        if (tried[k]![i] === 1 || !(c < e.cashBelow)) return;
        tried[k]![i] = 1;
        if (inputs[e.happensInput]![i] === 0) return;
        if (e.delayDays === 0) {
          c = c + e.sign * inputs[e.amountInput]![i]!;
          eventLanded[plan.datedEvents.length + k] = eventLanded[plan.datedEvents.length + k]! + alive[i]!;
        } else if (t + e.delayDays < T) lands[k]![i] = t + e.delayDays;
      });
      cash[i] = c;
      // 7. ruin
      if (c < lowest[i]!) {
        lowest[i] = c;
        if (alive[i] === 1) {
          alive[i] = 0;
          atRuin[i] = c;
          ruinStep[i] = t;
        }
      }
      // 8. rules: net burn of the complete months kept, then each rule's condition
      let window = 0;
      if (plan.burn !== undefined) {
        monthFlow[i] = monthFlow[i]! + operating[i]!;
        if (plan.tables[plan.burn.monthEnd]![t] !== 0) {
          lastMonths[2]![i] = lastMonths[1]![i]!;
          lastMonths[1]![i] = lastMonths[0]![i]!;
          lastMonths[0]![i] = monthFlow[i]!;
          monthFlow[i] = 0;
        }
        window = lastMonths[0]![i]! + lastMonths[1]![i]! + lastMonths[2]![i]!;
      }
      plan.rules.forEach((rule, r) => {
        const holds = rule.when === 'cash' ? c < rule.level : window < 0 && c < rule.level * (-window / plan.tables[plan.burn!.counted]![t]!);
        if (!holds) {
          if (rule.repeat) armed[r]![i] = 1;
          return;
        }
        if (armed[r]![i] === 0 || states[rule.pending]![i]! > t) return;
        armed[r]![i] = 0;
        states[rule.pending]![i] = t + 1 + rule.delayDays;
        if (alive[i] === 0) return;
        firings[r] = firings[r]! + 1;
        if (firedBefore[r]![i] === 1) return;
        firedBefore[r]![i] = 1;
        fired[r * T + t] = fired[r * T + t]! + 1;
      });
    }
    const column = plan.checkpoints.indexOf(t);
    if (column >= 0) for (let i = 0; i < n; i++) columns[column]![i] = alive[i] === 1 ? cash[i]! : atRuin[i]!;
  }
  const K = plan.checkpoints.length;
  for (let i = 0; i < n; i++) {
    columns[K]![i] = alive[i] === 1 ? NaN : -atRuin[i]!;
    columns[K + 1]![i] = alive[i] === 1 ? NaN : -lowest[i]!;
  }
  return { ruinStep, columns, eventLanded, fired, firings, lineMoney, creditMoney, inputs };
}
