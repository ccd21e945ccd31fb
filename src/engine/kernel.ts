import type { Expr } from '../model/expr.js';
import { walk } from '../model/expr.js';
import { CREDIT_PARTS, type Plan } from '../model/plan.js';
import { type ExpLocals, fastExp, fastExpPairs } from './exp-code.js';
import { hoistedExps, outerExps } from './hoist.js';
import { fixedLines } from './fixed-lines.js';
import { writeInputFunctions } from './input-code.js';
import { BLOCK_SIZE, Layout } from './layout.js';
import { NORMAL_BATCH, advancePosition, writeRandomFunctions, writeSeedFunctions, xorgensStep, zigguratNormal } from './random-code.js';
import { F64, type FunctionWriter, I32, ModuleWriter, V128 } from './wasm.js';

/**
 * A plan's compiled day: the one place where the model's arithmetic runs. Written as a
 * WebAssembly module from the plan's expression trees (`model/expr.ts`), with every array at its
 * fixed address in the kernel's own memory (`Layout`), so the loop over a block's paths has no
 * dispatch and no bounds checks. Exports:
 * - `init(n)`: every path's states from their `init` trees, cash from its input, flags and sums reset;
 * - `day(t, n)`: one day for every path (the order in `model/plan.ts`), returning the paths
 *   ruined today; the day's random numbers are drawn inside the same loop, path by path, one
 *   word of each stream per path and day;
 * - `uniforms53(state, columns, m, n)`, `uniforms53x4`: uniforms from a stream (or four) into m columns, for the per-path draws;
 * - `seed4`, `discard4`: four such streams seeded at once (`random-code.ts`);
 * - `transform`, `placeLandings`, `normalQuantile`: the per-path inputs' values
 *   from their uniforms, and the dated events' landings by day (`input-code.ts`).
 * The tracing variant also keeps each line's money of the day for every path (`Layout.lineFlow`).
 */
export class Kernel {
  readonly layout: Layout;
  readonly memory: WebAssembly.Memory;
  readonly init: (n: number) => void;
  readonly day: (t: number, n: number) => number;
  readonly uniforms53: (state: number, columns: number, m: number, n: number) => void;
  readonly uniforms53x4: (state: number, columns: number, m: number, n: number) => void;
  readonly seed4: (state: number, chars: number) => void;
  readonly discard4: (state: number) => void;
  readonly transform: (kind: number, at: number, n: number, a: number, b: number, happens: number, date: number, days: number, flags: number) => void;
  readonly placeLandings: (happens: number, date: number, amount: number, sign: number, event: number, n: number, days: number) => void;
  readonly normalQuantile: (p: number) => number;

  constructor(
    readonly plan: Plan,
    readonly tracing: boolean,
  ) {
    this.layout = new Layout(plan);
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(this.layout.bytes / 65536) });
    this.layout.writeTables(this.memory.buffer, plan);
    const module = new WebAssembly.Module(writeKernel(plan, this.layout, tracing));
    const exports = new WebAssembly.Instance(module, { env: { memory: this.memory, exp: Math.exp, log: Math.log, pow: Math.pow } }).exports;
    this.init = exports.init as Kernel['init'];
    this.day = exports.day as Kernel['day'];
    this.uniforms53 = exports.uniforms53 as Kernel['uniforms53'];
    this.uniforms53x4 = exports.uniforms53x4 as Kernel['uniforms53x4'];
    this.seed4 = exports.seed4 as Kernel['seed4'];
    this.discard4 = exports.discard4 as Kernel['discard4'];
    this.transform = exports.transform as Kernel['transform'];
    this.placeLandings = exports.placeLandings as Kernel['placeLandings'];
    this.normalQuantile = exports.normalQuantile as Kernel['normalQuantile'];
  }
}

const KERNELS = new WeakMap<Plan, { plain?: Kernel; tracing?: Kernel }>();

/** The plan's kernel in this thread (compiled on first use, then kept as long as the plan). */
export function kernelFor(plan: Plan, tracing: boolean): Kernel {
  let kernels = KERNELS.get(plan);
  if (kernels === undefined) KERNELS.set(plan, (kernels = {}));
  const key = tracing ? 'tracing' : 'plain';
  return (kernels[key] ??= new Kernel(plan, tracing));
}

/** Where the leaves of an expression tree are, while writing one function. */
interface Leaves {
  readonly p: number;
  readonly states: readonly (number | undefined)[];
  readonly days?: readonly (number | undefined)[];
  readonly normals?: readonly (number | undefined)[];
  readonly regimes?: readonly (number | undefined)[];
  readonly lines?: readonly (number | undefined)[];
  /** Exponentials computed in their own pass: the address of their values. */
  readonly exps?: ReadonlyMap<Expr, number>;
}

/**
 * Writes an expression tree as WebAssembly that leaves its value on the stack, node by node in
 * the tree's order (so the double is the tree's).
 */
class ExprWriter {
  constructor(
    private readonly f: FunctionWriter,
    private readonly layout: Layout,
    private readonly exp: ExpLocals,
    private readonly imports: { exp: number; pow: number },
  ) {}

  write(e: Expr, at: Leaves): void {
    const f = this.f;
    const local = (list: readonly (number | undefined)[] | undefined, k: number, what: string) => {
      const l = list?.[k];
      if (l === undefined) throw new Error(`bug: ${what} ${k} is not available here`);
      return l;
    };
    switch (e.kind) {
      case 'const':
        f.f64(e.value);
        return;
      case 'input':
        f.get(at.p).memory('f64.load', this.layout.inputs[e.input]!);
        return;
      case 'state':
        f.get(local(at.states, e.state, 'state'));
        return;
      case 'day':
        f.get(local(at.days, e.table, 'day table'));
        return;
      case 'normal':
        f.get(local(at.normals, e.stream, 'normal stream'));
        return;
      case 'line':
        f.get(local(at.lines, e.line, 'line'));
        return;
      case 'regime':
        f.get(local(at.regimes, e.chain, 'chain')).i32(3).op('i32.shl').memory('f64.load', this.layout.chains[e.chain]!.values[e.table]!);
        return;
      case 'binary':
        this.write(e.a, at);
        this.write(e.b, at);
        if (e.op === 'pow') f.call(this.imports.pow);
        else f.op(`f64.${e.op}`);
        return;
      case 'exp': {
        const computed = at.exps?.get(e);
        if (computed !== undefined) {
          f.get(at.p).memory('f64.load', computed);
          return;
        }
        this.write(e.x, at);
        f.set(this.exp.x);
        fastExp(f, this.exp, this.layout.tables, this.imports.exp);
        f.get(this.exp.x);
        return;
      }
      case 'choose':
        this.write(e.then, at);
        this.write(e.otherwise, at);
        this.write(e.a, at);
        this.write(e.b, at);
        f.op(e.test === 'lt' ? 'f64.lt' : 'f64.le').op('select');
        return;
    }
  }
}

/** The leaves each kind appears in a list of trees: which states, day tables, streams, chains, lines. */
function usedLeaves(trees: readonly Expr[]) {
  const used = { states: new Set<number>(), days: new Set<number>(), normals: new Set<number>(), chains: new Set<number>(), lines: new Set<number>() };
  for (const tree of trees) {
    walk(tree, (e) => {
      if (e.kind === 'state') used.states.add(e.state);
      else if (e.kind === 'day') used.days.add(e.table);
      else if (e.kind === 'normal') used.normals.add(e.stream);
      else if (e.kind === 'regime') used.chains.add(e.chain);
      else if (e.kind === 'line') used.lines.add(e.line);
    });
  }
  return used;
}

function writeKernel(plan: Plan, layout: Layout, tracing: boolean): Uint8Array {
  const module = new ModuleWriter();
  const imports = { exp: module.importFunc('exp', [F64], [F64]), log: module.importFunc('log', [F64], [F64]), pow: module.importFunc('pow', [F64, F64], [F64]) };
  const { refill } = writeRandomFunctions(module, layout.tables, imports);
  writeSeedFunctions(module);
  writeInputFunctions(module, layout, imports);
  writeInit(module.func('init', [I32], []), plan, layout, imports);
  writeDay(module.func('day', [I32, I32], [I32]), plan, layout, imports, refill.index, tracing);
  return module.bytes();
}

/** A loop over the block's paths: `body` runs with i (path), p = 8i and q = 4i in locals. */
function pathLoop(f: FunctionWriter, n: number, body: (x: { i: number; p: number; q: number }) => void): void {
  const i = f.local(I32);
  const p = f.local(I32);
  const q = f.local(I32);
  f.block();
  f.get(n).i32(0).op('i32.gt_s').op('i32.eqz').brIf(0);
  f.loop();
  body({ i, p, q });
  f.get(p).i32(8).op('i32.add').set(p);
  f.get(q).i32(4).op('i32.add').set(q);
  f.get(i).i32(1).op('i32.add').tee(i).get(n).op('i32.lt_s').brIf(0);
  f.end().end();
}

function expLocals(f: FunctionWriter): ExpLocals {
  return { x: f.local(F64), n: f.local(F64), r: f.local(F64), k: f.local(I32) };
}

/** `init(n)`: states from their `init` trees (in order), chains in their initial states, cash, flags. */
function writeInit(f: FunctionWriter, plan: Plan, layout: Layout, imports: { exp: number; pow: number }): void {
  const n = 0;
  plan.lines.forEach((_, L) => f.i32(0).f64(0).memory('f64.store', layout.monthFixed + 8 * L));
  const exprs = new ExprWriter(f, layout, expLocals(f), imports);
  const states = plan.states.map(() => f.local(F64));
  pathLoop(f, n, ({ p, q, i }) => {
    plan.states.forEach((s, k) => {
      exprs.write(s.init, { p, states });
      f.set(states[k]!);
      f.get(p).get(states[k]!).memory('f64.store', layout.states[k]!);
    });
    plan.chains.forEach((c, k) => f.get(q).i32(c.initial).memory('i32.store', layout.chains[k]!.state));
    f.get(p).get(p).memory('f64.load', layout.inputs[plan.cashInput]!).memory('f64.store', layout.cash);
    for (const at of [layout.atRuin, layout.lowest, layout.eventFlow]) f.get(p).f64(0).memory('f64.store', at);
    f.get(i).i32(1).memory('i32.store8', layout.alive);
    f.get(q).i32(-1).memory('i32.store', layout.ruinStep);
    for (const t of layout.triggered) {
      f.get(q).i32(0).memory('i32.store', t.tried);
      f.get(q).i32(-1).memory('i32.store', t.lands);
    }
    if (layout.triggerGate !== undefined) {
      f.get(p).f64(Math.max(...plan.triggeredEvents.map((e) => e.cashBelow))).memory('f64.store', layout.triggerGate.below);
      f.get(q).i32(plan.days).memory('i32.store', layout.triggerGate.next);
    }
    for (const r of layout.rules) {
      f.get(q).i32(1).memory('i32.store', r.armed);
      f.get(q).i32(0).memory('i32.store', r.fired);
    }
    if (layout.burn !== undefined) for (const at of [layout.burn.month, ...layout.burn.ring]) f.get(p).f64(0).memory('f64.store', at);
    for (const at of [...layout.monthMoney, ...layout.credit.flatMap((c) => [c.balance, c.accrued])]) f.get(p).f64(0).memory('f64.store', at);
  });
}

function writeDay(f: FunctionWriter, plan: Plan, layout: Layout, imports: { exp: number; pow: number }, refill: number, tracing: boolean): void {
  const [t, n] = [0, 1];
  const ruined = f.local(I32);
  const exprs = new ExprWriter(f, layout, expLocals(f), imports);
  const nextTrees = plan.states.flatMap((s) => (s.next === undefined ? [] : [s.next]));
  const used = usedLeaves([...nextTrees, ...plan.lines.map((l) => l.flow)]);

  // ---- before the loop: pools refilled, dated events' money scattered, the day's table values ----
  for (const normal of layout.normals) f.i32(normal.spare).i32(normal.pool).i32(normal.counts).get(n).call(refill);
  if (plan.datedEvents.length > 0) scatterLandings(f, layout, t);
  const burnTables = plan.burn === undefined ? [] : [plan.burn.monthEnd, plan.burn.counted];
  const creditTables = plan.credit.flatMap((c) => [c.payDay, c.open, ...(c.maturity === undefined ? [] : [c.maturity])]);
  const dayTables = [...used.days, ...plan.states.flatMap((s) => (s.when === undefined ? [] : [s.when])), ...plan.lines.flatMap((l) => (l.paysWhen === undefined ? [] : [l.paysWhen])), ...burnTables, ...creditTables];
  const days: (number | undefined)[] = [];
  for (const table of new Set(dayTables)) {
    days[table] = f.local(F64);
    f.get(t).i32(3).op('i32.shl').memory('f64.load', layout.dayTables[table]!).set(days[table]!);
  }
  const column = f.local(I32);
  f.get(t).i32(2).op('i32.shl').memory('i32.load', layout.columnOfDay).set(column);
  const columnBase = f.local(I32);
  f.get(column).i32(8 * BLOCK_SIZE).op('i32.mul').i32(layout.columns).op('i32.add').set(columnBase);

  // the streams: four to a group, sharing one position
  const streams = plan.streams.length;
  const position = f.local(I32);
  const groups = layout.groups.map((g) => ({ words: g.words, weyl: g.weyl, out: f.local(V128) }));
  const weyl = f.local(V128);
  const read = f.local(I32);
  const [va, vb] = [f.local(V128), f.local(V128)];
  const normals = new Map(layout.normals.map((normal) => [normal.stream, normal]));
  if (streams > 0) f.i32(0).memory('i32.load', layout.position).set(position);

  const word = f.local(I32);
  const zig = { word, layer: f.local(I32), magnitude: f.local(I32) };
  const values = plan.streams.map(() => f.local(F64));
  const regimes = plan.chains.map(() => f.local(I32));
  const states = plan.states.map(() => f.local(F64));
  const lines = plan.lines.map((_, L) => (used.lines.has(L) || tracing ? f.local(F64) : undefined));
  const flow = f.local(F64);
  const cash = f.local(F64);
  const scan = f.local(I32);
  const alive = f.local(I32);
  const events = f.local(F64);
  const amount = f.local(F64);
  const money = f.local(F64);
  const credit = f.local(F64);
  const operating = f.local(F64);
  const window = f.local(F64);
  const highest = f.local(F64);
  const soonest = f.local(I32);
  const landing = f.local(I32);
  f.i32(0).set(ruined);

  const hoisted = hoistedExps(plan);
  const expAt = new Map(hoisted.map((e, k) => [e, layout.exps[k]!]));
  const alwaysPays = (line: Plan['lines'][number]) => line.paysWhen === undefined || plan.tables[line.paysWhen]!.every((x) => x !== 0);

  // ---- pass 1, path by path: the day's random numbers, chains, states, and the lines' exponents ----
  pathLoop(f, n, ({ p, q }) => {
    const leaves: Leaves = { p, states, days, normals: values, regimes, lines };
    // Each leaf's value is made just before the first step that needs it (outside any condition,
    // so every stream still draws for every path every day): a stream's number, after its group
    // of four has taken its xorgens step; a state's value, from memory. Values then live only
    // as long as they are used, which keeps a wide scenario's loop in registers.
    const stepped = new Set<number>();
    const drawn = new Set<number>();
    const loaded = new Set<number>();
    const draw = (k: number) => {
      if (drawn.has(k)) return;
      drawn.add(k);
      const g = k >> 2;
      if (!stepped.has(g)) {
        stepped.add(g);
        // the group's Weyl words stay in memory (one load and store a step, not a register each)
        f.i32(0).v128('load', groups[g]!.weyl).set(weyl);
        xorgensStep(f, { lanes: 4, base: { offset: groups[g]!.words }, position, weyl, va, vb }, false);
        f.set(groups[g]!.out);
        f.i32(0).get(weyl).v128('store', groups[g]!.weyl);
      }
      f.get(groups[g]!.out).extractLane(k & 3).set(word);
      if (plan.streams[k]!.kind === 'normal') {
        const normal = normals.get(k)!;
        zigguratNormal(f, layout.tables, { ...zig, value: values[k]!, read }, normal.pool, normal.counts);
        const kept = layout.keptNormals.get(k);
        if (kept !== undefined) f.get(p).get(values[k]!).memory('f64.store', kept);
      } else {
        // (k + 0.5)/2^32, as a product by 2^-32: the same double
        f.get(word).op('f64.convert_i32_u').f64(0.5).op('f64.add').f64(2 ** -32).op('f64.mul').set(values[k]!);
      }
    };
    const prepare = (tree: Expr) =>
      walk(tree, (e) => {
        if (e.kind === 'normal') draw(e.stream);
        else if (e.kind === 'state' && !loaded.has(e.state)) {
          loaded.add(e.state);
          f.get(p).memory('f64.load', layout.states[e.state]!).set(states[e.state]!);
        }
      });
    // 1. the streams' shared position moves on (each group steps when first needed)
    if (streams > 0) advancePosition(f, position);
    // 2. chains: leave the state with probability leave[s]; where to, by the cumulative table
    plan.chains.forEach((c, k) => {
      const at = layout.chains[k]!;
      draw(c.stream);
      const uniform = values[c.stream]!;
      const s = regimes[k]!;
      f.get(q).memory('i32.load', at.state).set(s);
      f.get(uniform).get(s).i32(3).op('i32.shl').memory('f64.load', at.leave).op('f64.lt').if();
      f.get(s).i32(c.width).op('i32.mul').set(scan);
      f.block().loop();
      f.get(uniform).get(scan).i32(3).op('i32.shl').memory('f64.load', at.cumulative).op('f64.lt').brIf(1);
      f.get(scan).i32(1).op('i32.add').set(scan).br(0);
      f.end().end();
      f.get(scan).i32(2).op('i32.shl').memory('i32.load', at.targets).set(s);
      f.get(q).get(s).memory('i32.store', at.state);
      f.end();
    });
    // 3. states: today's values in order
    plan.states.forEach((s, k) => {
      if (s.next === undefined) return;
      prepare(s.next);
      if (s.when !== undefined) f.get(days[s.when]!).f64(0).op('f64.ne').if();
      exprs.write(s.next, leaves);
      f.set(states[k]!);
      f.get(p).get(states[k]!).memory('f64.store', layout.states[k]!);
      if (s.when !== undefined) f.end();
    });
    // 4a. the lines' exponents (their exponentials come in pass 2)
    plan.lines.forEach((line) => {
      prepare(line.flow);
      const exps = outerExps(line.flow);
      if (exps.length === 0) return;
      if (!alwaysPays(line)) f.get(days[line.paysWhen!]!).f64(0).op('f64.ne').if();
      for (const e of exps) {
        f.get(p);
        exprs.write((e as { x: Expr }).x, leaves);
        f.memory('f64.store', expAt.get(e)!);
      }
      if (!alwaysPays(line)) f.end();
    });
    // every stream draws every day, used or not
    plan.streams.forEach((_, k) => draw(k));
  });

  // ---- pass 2, one exponential at a time over the block's paths, two paths at a time (an odd
  // block's last pair reads and writes one slot past its paths, which every array has room for) ----
  if (layout.exps.length > 0) {
    const pair = f.local(I32);
    const end = f.local(I32);
    f.get(n).i32(3).op('i32.shl').set(end);
    for (const at of layout.exps) {
      f.i32(0).set(pair);
      f.block().get(pair).get(end).op('i32.ge_s').brIf(0).loop();
      fastExpPairs(f, pair, at, layout.tables, imports.exp);
      f.get(pair).i32(16).op('i32.add').tee(pair).get(end).op('i32.lt_s').brIf(0);
      f.end().end();
    }
  }

  // ---- before pass 3: the lines whose money is the same on every path, once (and their month's money) ----
  const fixed = fixedLines(plan);
  const fixedMoney = plan.lines.map((_, L) => (fixed[L] === undefined ? undefined : f.local(F64)));
  plan.lines.forEach((line, L) => {
    const tree = fixed[L];
    if (tree === undefined) return;
    if (!alwaysPays(line)) f.get(days[line.paysWhen!]!).f64(0).op('f64.ne').if();
    exprs.write(tree, { p: -1, states: [], days });
    f.set(fixedMoney[L]!);
    f.i32(0).i32(0).memory('f64.load', layout.monthFixed + 8 * L).get(fixedMoney[L]!).op('f64.add').memory('f64.store', layout.monthFixed + 8 * L);
    if (!alwaysPays(line)) f.end();
  });

  // ---- pass 3, path by path: the lines' money, events, cash, triggered events, ruin ----
  pathLoop(f, n, ({ i, p, q }) => {
    const leaves: Leaves = { p, states, days, normals: values, regimes, lines, exps: expAt };
    const loaded = new Set<number>();
    const chains = new Set<number>();
    /** The states, regimes and normals a tree reads outside its exponentials, from memory. */
    const prepare = (tree: Expr) => {
      const visit = (e: Expr): void => {
        if (e.kind === 'exp') return;
        if (e.kind === 'state' && !loaded.has(e.state)) {
          loaded.add(e.state);
          f.get(p).memory('f64.load', layout.states[e.state]!).set(states[e.state]!);
        } else if (e.kind === 'regime' && !chains.has(e.chain)) {
          chains.add(e.chain);
          f.get(q).memory('i32.load', layout.chains[e.chain]!.state).set(regimes[e.chain]!);
        } else if (e.kind === 'normal' && !loaded.has(-1 - e.stream)) {
          loaded.add(-1 - e.stream);
          f.get(p).memory('f64.load', layout.keptNormals.get(e.stream)!).set(values[e.stream]!);
        } else if (e.kind === 'binary') {
          visit(e.a);
          visit(e.b);
        } else if (e.kind === 'choose') [e.a, e.b, e.then, e.otherwise].forEach(visit);
      };
      visit(tree);
    };
    // 4b. lines: the day's flow (and the costs and revenue lines' part of it, for net burn)
    f.f64(0).set(flow);
    if (plan.burn !== undefined) f.f64(0).set(operating);
    plan.lines.forEach((line, L) => {
      const keep = lines[L];
      if (keep !== undefined) f.f64(0).set(keep);
      const once = fixedMoney[L];
      if (once === undefined) prepare(line.flow);
      if (!alwaysPays(line)) f.get(days[line.paysWhen!]!).f64(0).op('f64.ne').if();
      if (once === undefined) exprs.write(line.flow, leaves);
      else f.get(once);
      if (keep !== undefined) f.tee(keep);
      f.tee(money);
      f.get(flow).op('f64.add').set(flow);
      if (plan.burn !== undefined && line.section !== 'financing') f.get(operating).get(money).op('f64.add').set(operating);
      // the line's money of the month, for the monthly flows (a fixed line's is kept once)
      if (once === undefined) addTo(f, p, layout.monthMoney[L]!, () => f.get(money));
      if (!alwaysPays(line)) f.end();
      if (tracing) f.get(p).get(keep!).memory('f64.store', layout.lineFlow + 8 * BLOCK_SIZE * L);
    });
    // 5. events' money landing today (the tracing kernel keeps each path's in `events`)
    if (tracing) f.f64(0).set(events);
    if (plan.datedEvents.length > 0) {
      f.get(p).memory('f64.load', layout.eventFlow);
      if (tracing) f.tee(events);
      f.get(flow).op('f64.add').set(flow);
      f.get(p).f64(0).memory('f64.store', layout.eventFlow);
    }
    f.get(i).memory('i32.load8_u', layout.alive).set(alive);
    const gate = layout.triggerGate;
    if (gate !== undefined) {
      // a landing today (the next one is today), in the events' order; then the next one
      f.get(q).memory('i32.load', gate.next).get(t).op('i32.eq').if();
      plan.triggeredEvents.forEach((e, k) => {
        f.get(q).memory('i32.load', layout.triggered[k]!.lands).get(t).op('i32.eq').if();
        f.get(flow).f64(e.sign).get(p).memory('f64.load', layout.inputs[e.amountInput]!).op('f64.mul');
        if (tracing) f.tee(amount).get(events).get(amount).op('f64.add').set(events);
        f.op('f64.add').set(flow);
        countLanded(f, layout, plan.datedEvents.length + k, alive);
        f.end();
      });
      // the least landing step after today, or the horizon's days
      f.i32(plan.days).set(soonest);
      for (const at of layout.triggered) {
        f.get(q).memory('i32.load', at.lands).set(landing);
        f.get(landing).get(soonest).get(landing).get(t).op('i32.gt_s').get(landing).get(soonest).op('i32.lt_s').op('i32.and').op('select').set(soonest);
      }
      f.get(q).get(soonest).memory('i32.store', gate.next);
      f.end();
    }
    // 6. cash, credit lines, then triggered events: tried the first day cash ends below their threshold
    f.get(p).memory('f64.load', layout.cash).get(flow).op('f64.add').set(cash);
    if (tracing) f.f64(0).set(credit);
    plan.credit.forEach((_, k) => writeCredit(f, plan, layout, k, { p, cash, amount, traced: tracing ? credit : undefined, days }));
    if (tracing) f.get(p).get(credit).memory('f64.store', layout.creditMoney);
    if (gate !== undefined) {
      // cash below the highest threshold of the events not tried yet: try them in order, as each
      // event's own test says; then the highest threshold of those left
      f.get(cash).get(p).memory('f64.load', gate.below).op('f64.lt').if();
      plan.triggeredEvents.forEach((e, k) => {
        const at = layout.triggered[k]!;
        f.get(q).memory('i32.load', at.tried).op('i32.eqz').get(cash).f64(e.cashBelow).op('f64.lt').op('i32.and').if();
        f.get(q).i32(1).memory('i32.store', at.tried);
        f.get(p).memory('f64.load', layout.inputs[e.happensInput]!).f64(0).op('f64.ne').if();
        if (e.delayDays === 0) {
          f.get(cash).f64(e.sign).get(p).memory('f64.load', layout.inputs[e.amountInput]!).op('f64.mul');
          if (tracing) f.tee(amount).get(events).get(amount).op('f64.add').set(events);
          f.op('f64.add').set(cash);
          countLanded(f, layout, plan.datedEvents.length + k, alive);
        } else {
          f.get(t).i32(e.delayDays).op('i32.add').i32(plan.days).op('i32.lt_s').if();
          f.get(t).i32(e.delayDays).op('i32.add').set(landing);
          f.get(q).get(landing).memory('i32.store', at.lands);
          // the next landing: this one, if it comes before the one pending
          f.get(q).memory('i32.load', gate.next).set(soonest);
          f.get(q).get(landing).get(soonest).get(landing).get(soonest).op('i32.lt_s').op('select').memory('i32.store', gate.next);
          f.end();
        }
        f.end().end();
      });
      f.get(p).f64(-Infinity);
      plan.triggeredEvents.forEach((e, k) => {
        // max(highest, its threshold) while it is not tried
        f.set(highest);
        f.f64(e.cashBelow).get(highest).op('f64.max').get(highest).get(q).memory('i32.load', layout.triggered[k]!.tried).op('i32.eqz').op('select');
      });
      f.memory('f64.store', gate.below);
      f.end();
    }
    f.get(p).get(cash).memory('f64.store', layout.cash);
    if (tracing) f.get(p).get(events).memory('f64.store', layout.eventMoney);
    // 7. ruin: `lowest` is 0 while solvent, then the lowest cash since ruin, so one comparison finds both
    f.get(cash).get(p).memory('f64.load', layout.lowest).op('f64.lt').if();
    f.get(p).get(cash).memory('f64.store', layout.lowest);
    f.get(alive).if();
    f.get(i).i32(0).memory('i32.store8', layout.alive);
    f.get(p).get(cash).memory('f64.store', layout.atRuin);
    f.get(q).get(t).memory('i32.store', layout.ruinStep);
    f.get(ruined).i32(1).op('i32.add').set(ruined);
    f.end().end();
    // a checkpoint: cash at the end of the day, or on the ruin day once ruined
    f.get(column).i32(0).op('i32.ge_s').if();
    f.get(columnBase).get(p).op('i32.add');
    f.get(cash).get(p).memory('f64.load', layout.atRuin).get(i).memory('i32.load8_u', layout.alive).op('select');
    f.memory('f64.store', 0);
    f.end();
    // 8. management actions' rules on the day's end cash
    if (plan.rules.length > 0) writeRules(f, plan, layout, { t, p, q, i, cash, operating, window, days });
  });

  // ---- after the loop: the streams' position back ----
  if (streams > 0) f.i32(0).get(position).memory('i32.store', layout.position);
  f.get(ruined);
  if (NORMAL_BATCH < BLOCK_SIZE) throw new Error('bug: a pool refill must cover a block');
}

/**
 * The rules of the day for path i: the month's net burn moved on (on the last day of a complete
 * month, the month joins the last months kept), then each rule's condition on the end cash; a
 * rule that fires records the step its change applies from in its `pending` state, and counts
 * the firing when the path is still solvent.
 */
function writeRules(
  f: FunctionWriter,
  plan: Plan,
  layout: Layout,
  at: { t: number; p: number; q: number; i: number; cash: number; operating: number; window: number; days: readonly (number | undefined)[] },
): void {
  const { t, p, q, i, cash, window, days } = at;
  const burn = layout.burn;
  if (plan.burn !== undefined && burn !== undefined) {
    const monthEnd = days[plan.burn.monthEnd]!;
    addTo(f, p, burn.month, () => f.get(at.operating));
    f.get(monthEnd).f64(0).op('f64.ne').if();
    for (let k = burn.ring.length - 1; k > 0; k--) f.get(p).get(p).memory('f64.load', burn.ring[k - 1]!).memory('f64.store', burn.ring[k]!);
    f.get(p).get(p).memory('f64.load', burn.month).memory('f64.store', burn.ring[0]!);
    f.get(p).f64(0).memory('f64.store', burn.month);
    f.end();
    // the net flow of the months kept (newest first); burn = −window / counted
    f.get(p).memory('f64.load', burn.ring[0]!);
    for (let k = 1; k < burn.ring.length; k++) f.get(p).memory('f64.load', burn.ring[k]!).op('f64.add');
    f.set(window);
  }
  plan.rules.forEach((rule, k) => {
    const r = layout.rules[k]!;
    const pending = layout.states[rule.pending]!;
    // the condition
    if (rule.when === 'cash') f.get(cash).f64(rule.level).op('f64.lt');
    else {
      f.get(window).f64(0).op('f64.lt');
      f.get(cash).f64(rule.level).get(window).op('f64.neg').get(days[plan.burn!.counted]!).op('f64.div').op('f64.mul').op('f64.lt');
      f.op('i32.and');
    }
    f.if();
    // fires when armed and nothing is pending (pending ≤ t)
    f.get(q).memory('i32.load', r.armed).get(p).memory('f64.load', pending).get(t).op('f64.convert_i32_s').op('f64.le').op('i32.and').if();
    f.get(q).i32(0).memory('i32.store', r.armed);
    f.get(p).get(t).i32(1 + rule.delayDays).op('i32.add').op('f64.convert_i32_s').memory('f64.store', pending);
    f.get(i).memory('i32.load8_u', layout.alive).if();
    f.i32(0).i32(0).memory('f64.load', r.firings).f64(1).op('f64.add').memory('f64.store', r.firings);
    f.get(q).memory('i32.load', r.fired).op('i32.eqz').if();
    f.get(q).i32(1).memory('i32.store', r.fired);
    f.get(t).i32(3).op('i32.shl').get(t).i32(3).op('i32.shl').memory('f64.load', r.first).f64(1).op('f64.add').memory('f64.store', r.first);
    f.end().end().end();
    if (rule.repeat) {
      f.else();
      f.get(q).i32(1).memory('i32.store', r.armed);
    }
    f.end();
  });
}

/**
 * Credit line k at the end of the day for one path (the order in `CreditPlan`): interest paid on
 * a pay day, the balance repaid at maturity, a draw when cash is below its level or a repayment
 * when above, then a day's interest accrued on the closing balance. Each movement goes into cash,
 * the line's monthly money slots and (tracing) the day's credit money.
 */
function writeCredit(
  f: FunctionWriter,
  plan: Plan,
  layout: Layout,
  k: number,
  at: { p: number; cash: number; amount: number; traced: number | undefined; days: readonly (number | undefined)[] },
): void {
  const { p, cash, amount, traced, days } = at;
  const c = plan.credit[k]!;
  const { balance, accrued } = layout.credit[k]!;
  const slot = (part: number) => layout.monthMoney[plan.lines.length + CREDIT_PARTS.length * k + part]!;
  /** cash += sign × amount, and into the part's slot (and the traced money). */
  const move = (part: number, sign: 1 | -1) => {
    f.get(cash).get(amount).op(sign > 0 ? 'f64.add' : 'f64.sub').set(cash);
    addTo(f, p, slot(part), () => f.f64(sign).get(amount).op('f64.mul'));
    if (traced !== undefined) f.get(traced).f64(sign).get(amount).op('f64.mul').op('f64.add').set(traced);
  };
  const onDay = (table: number) => f.get(days[table]!).f64(0).op('f64.ne').if();
  // interest due
  onDay(c.payDay);
  f.get(p).memory('f64.load', accrued).set(amount);
  move(2, -1);
  f.get(p).f64(0).memory('f64.store', accrued);
  f.end();
  // maturity
  if (c.maturity !== undefined) {
    onDay(c.maturity);
    f.get(p).memory('f64.load', balance).set(amount);
    move(1, -1);
    f.get(p).f64(0).memory('f64.store', balance);
    f.end();
  }
  // a draw, or a repayment
  onDay(c.open);
  f.get(cash).f64(c.drawBelow).op('f64.lt').if();
  f.get(p).memory('f64.load', layout.inputs[c.limitInput]!).get(p).memory('f64.load', balance).op('f64.sub');
  f.f64(c.drawBelow).get(cash).op('f64.sub').op('f64.min').set(amount);
  f.get(amount).f64(0).op('f64.gt').if();
  move(0, 1);
  addTo(f, p, balance, () => f.get(amount));
  f.end();
  if (c.repayAbove !== undefined) {
    f.else();
    f.get(cash).f64(c.repayAbove).op('f64.gt').if();
    f.get(p).memory('f64.load', balance).get(cash).f64(c.repayAbove).op('f64.sub').op('f64.min').set(amount);
    f.get(amount).f64(0).op('f64.gt').if();
    move(1, -1);
    addTo(f, p, balance, () => f.get(amount), 'f64.sub');
    f.end().end();
  }
  f.end().end();
  // a day's interest on the closing balance
  addTo(f, p, accrued, () => f.get(p).memory('f64.load', balance).f64(c.dailyRate).op('f64.mul'));
}

/** A path's value at `at` (f64, address p + at) op= the value `push` leaves on the stack: at[p] = at[p] op value. */
function addTo(f: FunctionWriter, p: number, at: number, push: () => void, op: 'f64.add' | 'f64.sub' = 'f64.add'): void {
  f.get(p).get(p).memory('f64.load', at);
  push();
  f.op(op).memory('f64.store', at);
}

/** landed[event] += alive (the money moved before ruin). */
function countLanded(f: FunctionWriter, layout: Layout, event: number, alive: number): void {
  const at = layout.landed + 8 * event;
  f.i32(0).i32(0).memory('f64.load', at).get(alive).op('f64.convert_i32_u').op('f64.add').memory('f64.store', at);
}

/** The dated events' money landing on day t, into each path's eventFlow (and counted for paths still solvent). */
function scatterLandings(f: FunctionWriter, layout: Layout, t: number): void {
  const l = layout.landings;
  const k = f.local(I32);
  const end = f.local(I32);
  const path = f.local(I32);
  const record = f.local(I32);
  f.get(t).i32(2).op('i32.shl').memory('i32.load', l.dayStart).set(k);
  f.get(t).i32(2).op('i32.shl').memory('i32.load', l.dayStart + 4).set(end);
  f.block().get(k).get(end).op('i32.ge_s').brIf(0).loop();
  f.get(k).i32(4).op('i32.shl').set(record);
  f.get(record).memory('i32.load', l.records + 8).set(path);
  f.get(path).i32(3).op('i32.shl');
  f.get(path).i32(3).op('i32.shl').memory('f64.load', layout.eventFlow);
  f.get(record).memory('f64.load', l.records).op('f64.add');
  f.memory('f64.store', layout.eventFlow);
  // landed[event] += alive[path]
  f.get(record).memory('i32.load', l.records + 12).i32(3).op('i32.shl');
  f.get(record).memory('i32.load', l.records + 12).i32(3).op('i32.shl').memory('f64.load', layout.landed);
  f.get(path).memory('i32.load8_u', layout.alive).op('f64.convert_i32_u').op('f64.add');
  f.memory('f64.store', layout.landed);
  f.get(k).i32(1).op('i32.add').tee(k).get(end).op('i32.lt_s').brIf(0);
  f.end().end();
}
