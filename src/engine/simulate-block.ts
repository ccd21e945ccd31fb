import { type LinePlan, type Plan, Scaling, type TriggeredEventPlan } from '../model/plan.js';
import { type Allocator, Arena, HEAP } from './arena.js';
import { type DayKernel, buildDayKernel, kernelArena } from './day-kernel.js';
import { fastExp } from './fast-exp.js';
import { drawInputs } from './inputs.js';
import { Stream } from './random.js';
import { STATE_WORDS } from './xor4096.js';
import { POOL_SIZE } from './ziggurat.js';
import type { BlockSink } from './tally.js';
import type { TraceSink } from './trace.js';

/** Paths per block. Part of the algorithm: results depend on it, so it is fixed and reported. */
export const BLOCK_SIZE = 1024;

/**
 * Simulates the n paths of block `block` into `tally`.
 *
 * Order of a day (step t), for every path:
 *  1. users: log-trend += drift − vol²/2 + vol·Z (users/initial = exp(log-trend)·seasonal[t])
 *  2. GPU regime: one uniform decides the transition out of the current state
 *  3. each cost and revenue line: amount × period factor × growth × price × scale × noise
 *  4. dated events landing today, then triggered events whose delay ends today
 *  5. cash += revenue − costs ± events, for paths not yet ruined
 *  6. triggered events: the first day cash ends below the threshold, the event is tried once
 *  7. ruin: the first day that ends with cash < 0; ruin is absorbing (cash is frozen)
 *
 * Every stream draws for every path every day, ruined or not, so that the numbers a path sees
 * never depend on what happened to other paths (common random numbers across scenarios). The day
 * loop works on typed arrays over the block's paths and allocates nothing: the users level, the
 * GPU capacity and a line's noise meet in one exponent, exp(log users + log capacity + σZ − σ²/2),
 * so a noisy line that scales with users costs one exponential per path and day. With the fused
 * kernel (WebAssembly), the block's arrays live in the thread's kernel arena.
 */
export function simulateBlock(plan: Plan, block: number, n: number, tally: BlockSink, trace?: TraceSink, stepwise = false): void {
  const useKernel = trace === undefined && !stepwise;
  let alloc: Allocator = HEAP;
  if (useKernel) {
    const arena = kernelArena();
    arena.begin(arenaBytes(plan));
    alloc = arena;
  }
  const b = setUpBlock(plan, block, n, tally, alloc);
  // Normally one fused pass a day (`buildDayKernel`); with a ledger trace, pass by pass, so the
  // trace can see each line's money (both give the same numbers bit for bit).
  if (useKernel) kernelDays(b, tally, dayKernel(b));
  else stepwiseDays(b, tally, trace);
  tally.ruinStep.set(b.ruinStep);
  shortfalls(b, tally);
}

/**
 * A block's state for its day loop: per-path arrays (in the kernel arena, or on the heap for the
 * pass-by-pass day), streams, prepared lines and events.
 */
interface BlockState {
  readonly plan: Plan;
  readonly n: number;
  /** The ledger; it goes on after ruin. */
  readonly cash: Float64Array;
  /** 1 while solvent, 0 once ruined. */
  readonly alive: Uint8Array;
  /** Cash at the end of the ruin day (what the Result reports after ruin). */
  readonly atRuin: Float64Array;
  /** 0 while solvent, then the lowest cash since ruin: one comparison finds both. */
  readonly lowest: Float64Array;
  /** The step of ruin or −1; copied to the tally at the end. */
  readonly ruinStep: Int32Array;
  /** log(users/initial) without seasonality. */
  readonly logUsers: Float64Array;
  /** Per day, already less vol²/2. */
  readonly drift: Float64Array;
  /** Today's users' normals (pass by pass; stays 0 without users). */
  readonly userNoise: Float64Array;
  readonly userStream: Stream | undefined;
  readonly logSeason: Float64Array;
  readonly regime: Int32Array;
  readonly gpuStream: Stream | undefined;
  /** Today's GPU uniforms (pass by pass; stays 0 without regimes: no transition is taken). */
  readonly gpuUniform: Float64Array;
  readonly logCapacity: Float64Array;
  readonly priceFactor: Float64Array;
  /**
   * Transitions flattened: state s has its entries from s·maxOut (cumulative probability,
   * target); outTotal[s] is the probability of leaving s at all.
   */
  readonly outTotal: Float64Array;
  readonly outCumulative: Float64Array;
  readonly outTarget: Int32Array;
  readonly maxOut: number;
  readonly logServed: Float64Array;
  readonly price: Float64Array;
  readonly lines: PreparedLine[];
  /** Scratch for a line's normals (pass by pass). */
  readonly noise: Float64Array;
  /** Dated events' money, sorted by landing step: the day loop walks them with a cursor. */
  readonly landings: Landing[];
  nextLanding: number;
  readonly triggered: TriggeredState[];
  /** The day's money of every line (and events), per path. */
  readonly flow: Float64Array;
  /** The kernel's per-line parameters of the day (see `KernelState`). */
  readonly params: Float64Array;
}

interface Landing {
  readonly step: number;
  readonly path: number;
  readonly amount: number;
  readonly event: number;
}

function setUpBlock(plan: Plan, block: number, n: number, tally: BlockSink, alloc: Allocator): BlockState {
  const T = plan.days;
  const key = (k: string) => new Stream(plan.seed, block, k, alloc);
  // arrays over the block's paths: room for a whole block, so that every block of a run has the
  // same arena layout (and the same compiled kernel)
  const perPath = (value = 0) => alloc.f64(n, BLOCK_SIZE).fill(value);

  // ---- per-path draws: every input's value for every path ----
  const inputs = drawInputs(plan, block, n);
  if (tally.inputs !== undefined) inputs.forEach((values, j) => tally.inputs![j]!.set(values));
  const cash = perPath();
  cash.set(inputs[plan.cashInput]!);
  const alive = alloc.u8(n, BLOCK_SIZE).fill(1);
  const atRuin = perPath();
  const lowest = perPath();
  const ruinStep = alloc.i32(n, BLOCK_SIZE).fill(-1);

  const zeros = perPath(0);
  const ones = perPath(1);
  const u = plan.users;
  const logUsers = perPath();
  const drift = perPath();
  const userNoise = perPath();
  const userStream = u === undefined ? undefined : key('users/noise');
  if (u !== undefined) dailyDrift(inputs[u.driftInput]!, u.periodDays, u.volatilityPerDay, drift, n);
  const logSeason = u === undefined ? new Float64Array(T) : Float64Array.from(u.seasonal, Math.log);

  const gpu = plan.gpu;
  const regime = alloc.i32(n, BLOCK_SIZE).fill(gpu.initialState);
  const gpuStream = gpu.capacity.length > 1 ? key('gpu/availability') : undefined;
  const gpuUniform = perPath();
  const states = gpu.capacity.length;
  const logCapacity = alloc.f64(states);
  logCapacity.set(gpu.capacity.map(Math.log));
  const priceFactor = alloc.f64(states);
  priceFactor.set(gpu.priceFactor);
  const maxOut = maxTransitions(plan);
  const outTotal = alloc.f64(states);
  outTotal.set(gpu.transitions.map((o) => (o.cumulative.length === 0 ? 0 : o.cumulative[o.cumulative.length - 1]!)));
  const outCumulative = alloc.f64(states * maxOut);
  const outTarget = alloc.i32(states * maxOut);
  gpu.transitions.forEach((o, state) => {
    outCumulative.set(o.cumulative, state * maxOut);
    outTarget.set(o.targets, state * maxOut);
  });
  const logServed = perPath();
  const price = perPath(1);

  const lines = mergeConstantLines(
    plan.lines.map((line) => prepareLine(line, n, key, inputs, alloc, { zeros, ones, logUsers, logServed, price })),
    n,
    alloc,
  );
  const noise = perPath();
  const landings = datedLandings(plan, inputs, n);
  const triggered: TriggeredState[] = plan.triggeredEvents.map((e, k) => {
    const amount = Float64Array.from(inputs[e.amountInput]!, (a) => e.sign * a);
    return { plan: e, fires: inputs[e.happensInput]!, amount, tried: new Uint8Array(n), lands: new Int32Array(n).fill(-1), pending: 0, index: plan.datedEvents.length + k };
  });
  const flow = perPath();
  const params = alloc.f64(3 * lines.length);
  return {
    plan,
    n,
    cash,
    alive,
    atRuin,
    lowest,
    ruinStep,
    logUsers,
    drift,
    userNoise,
    userStream,
    logSeason,
    regime,
    gpuStream,
    gpuUniform,
    logCapacity,
    priceFactor,
    outTotal,
    outCumulative,
    outTarget,
    maxOut,
    logServed,
    price,
    lines,
    noise,
    landings,
    nextLanding: 0,
    triggered,
    flow,
    params,
  };
}

// The loops of a block are small functions of their own: V8 optimises each quickly, where one
// large function holding them all took it a few hundred milliseconds in every thread, on the
// cores that simulate.

/** drift[i] ← the daily log drift of path i, less vol²/2. */
function dailyDrift(rate: Float64Array, periodDays: number, v: number, drift: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) drift[i] = rate[i]! / periodDays - 0.5 * v * v;
}

/** The dated events' money that lands within the horizon, sorted by step, then event, then path. */
function datedLandings(plan: Plan, inputs: readonly Float64Array[], n: number): Landing[] {
  const landings: Landing[] = [];
  plan.datedEvents.forEach((e, k) => {
    const happens = inputs[e.happensInput]!;
    const step = inputs[e.dateInput]!;
    const amount = inputs[e.amountInput]!;
    for (let i = 0; i < n; i++) if (happens[i] === 1 && step[i]! < plan.days) landings.push({ step: step[i]!, path: i, amount: e.sign * amount[i]!, event: k });
  });
  return landings.sort((a, b) => a.step - b.step || a.event - b.event || a.path - b.path);
}

/** The block's fused day kernel, over its arrays in the kernel arena. */
function dayKernel(b: BlockState): DayKernel {
  return buildDayKernel(
    {
      n: b.n,
      logUsers: b.logUsers,
      drift: b.drift,
      userStream: b.userStream?.normals,
      regime: b.regime,
      gpuStream: b.gpuStream?.words,
      outTotal: b.outTotal,
      outCumulative: b.outCumulative,
      outTarget: b.outTarget,
      maxOut: b.maxOut,
      logCapacity: b.logCapacity,
      priceFactor: b.priceFactor,
      cash: b.cash,
      alive: b.alive,
      atRuin: b.atRuin,
      lowest: b.lowest,
      ruinStep: b.ruinStep,
      flow: b.flow,
      params: b.params,
    },
    b.lines.map((line) => ({
      base: line.base,
      growth: line.growthStep === undefined ? undefined : line.growth,
      growthStep: line.growthStep,
      gpuPriced: line.plan.gpuPriced,
      logScale: !line.exponential || line.plan.scaling === Scaling.Fixed ? 'none' : line.plan.scaling === Scaling.Users ? 'users' : 'served',
      exponential: line.exponential,
      sigma: line.plan.volatility,
      noise: line.noiseStream?.normals,
      alwaysActive: line.plan.dailyFactor.every((f) => f !== 0),
    })),
  );
}

/** Whether money of events moves on day t (or may: cash-triggered events are checked every day). */
function eventsOn(b: BlockState, t: number): boolean {
  return b.triggered.length > 0 || (b.nextLanding < b.landings.length && b.landings[b.nextLanding]!.step === t);
}

/** The day loop with the fused kernel: a pass a day, and the events' part in JavaScript on days with event money. */
function kernelDays(b: BlockState, tally: BlockSink, kernel: DayKernel): void {
  const plan = b.plan;
  const v = plan.users === undefined ? 0 : plan.users.volatilityPerDay;
  const checkpoints = plan.checkpoints;
  let nextCheckpoint = 0;
  for (let t = 0; t < plan.days; t++) {
    dayParams(b.lines, t, b.logSeason[t]!, b.params);
    const eventsToday = eventsOn(b, t);
    let ruinedToday = kernel.day(t, v, !eventsToday);
    if (eventsToday) ruinedToday = applyFlows(b, t, tally, undefined);
    tally.ruinCount[t] = tally.ruinCount[t]! + ruinedToday;
    if (nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint] === t) checkpointCash(b, tally.columns[nextCheckpoint++]!);
  }
}

/** The day loop pass by pass: users and GPU, each line (seen by the trace), events, cash and ruin. */
function stepwiseDays(b: BlockState, tally: BlockSink, trace: TraceSink | undefined): void {
  const plan = b.plan;
  const n = b.n;
  const v = plan.users === undefined ? 0 : plan.users.volatilityPerDay;
  const checkpoints = plan.checkpoints;
  let nextCheckpoint = 0;
  for (let t = 0; t < plan.days; t++) {
    if (b.userStream !== undefined) b.userStream.fillNormals(b.userNoise, n);
    if (b.gpuStream !== undefined) b.gpuStream.fillUniforms(b.gpuUniform, n);
    stepUsersAndGpu(n, v, b.logUsers, b.drift, b.userNoise, b.regime, b.gpuUniform, b.outTotal, b.outCumulative, b.outTarget, b.maxOut, b.logServed, b.logCapacity, b.price, b.priceFactor);
    b.flow.fill(0);
    trace?.beginDay();
    for (const line of b.lines) {
      addLine(line, t, n, b.flow, b.noise, b.logSeason[t]!);
      trace?.afterLine(b.flow, line.sign);
    }
    tally.ruinCount[t] = tally.ruinCount[t]! + applyFlows(b, t, tally, trace);
    if (nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint] === t) checkpointCash(b, tally.columns[nextCheckpoint++]!);
    trace?.endDay(t, b.cash, b.alive, b.logUsers, b.logServed, b.regime, b.logSeason[t]!);
  }
}

/** The kernel's per-line parameters of day t: k = sign × period factor, the exponent's shift, whether growth steps. */
function dayParams(lines: readonly PreparedLine[], t: number, logSeason: number, params: Float64Array): void {
  for (let L = 0; L < lines.length; L++) {
    const line = lines[L]!;
    const p = line.plan;
    params[3 * L] = line.sign * p.dailyFactor[t]!;
    params[3 * L + 1] = (p.scaling === Scaling.Fixed ? 0 : logSeason) - 0.5 * p.volatility * p.volatility;
    params[3 * L + 2] = line.growthStep !== undefined && t > p.firstStep ? 1 : 0;
  }
}

/** A checkpoint's column: each path's cash at the end of today, or at its ruin day once ruined. */
function checkpointCash(b: BlockState, column: Float64Array): void {
  const { n, alive, cash, atRuin } = b;
  for (let i = 0; i < n; i++) {
    // both loads every time: V8 optimises this loop before any path is ruined, and code without
    // feedback for the second load was thrown away (and compiled again) at the first ruin
    const solvent = cash[i]!;
    const ruined = atRuin[i]!;
    column[i] = alive[i] === 1 ? solvent : ruined;
  }
}

/** The shortfall columns after the checkpoints: NaN for paths never ruined. */
function shortfalls(b: BlockState, tally: BlockSink): void {
  const { n, alive, atRuin, lowest } = b;
  const deficit = tally.columns[b.plan.checkpoints.length]!;
  const deepest = tally.columns[b.plan.checkpoints.length + 1]!;
  for (let i = 0; i < n; i++) {
    deficit[i] = alive[i] === 1 ? NaN : -atRuin[i]!;
    deepest[i] = alive[i] === 1 ? NaN : -lowest[i]!;
  }
}

/** The rest of day t once the lines' money is in `flow`: events, cash, ruin. Returns the paths ruined. */
function applyFlows(b: BlockState, t: number, tally: BlockSink, trace: TraceSink | undefined): number {
  const { n, flow, alive, cash, landings, triggered } = b;
  while (b.nextLanding < landings.length && landings[b.nextLanding]!.step === t) {
    const l = landings[b.nextLanding++]!;
    flow[l.path] = flow[l.path]! + l.amount;
    if (alive[l.path] === 1) tally.eventLanded[l.event]!++;
    trace?.event(l.path, l.amount);
  }
  for (const e of triggered) {
    if (e.pending === 0) continue;
    for (let i = 0; i < n; i++) {
      if (e.lands[i] === t) {
        e.pending--;
        flow[i] = flow[i]! + e.amount[i]!;
        if (alive[i] === 1) tally.eventLanded[e.index]!++;
        trace?.event(i, e.amount[i]!);
      }
    }
  }
  addFlow(cash, flow, n);
  if (triggered.length > 0) applyTriggers(triggered, cash, alive, n, t, b.plan.days, tally, trace);
  return checkRuin(cash, alive, b.atRuin, b.lowest, b.ruinStep, n, t);
}

/** into[i] += values[i]. */
function addFlow(into: Float64Array, values: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) into[i] = into[i]! + values[i]!;
}

/**
 * Users and GPU regime for one day, pass by pass (the fused kernel does the same per path): log
 * users move by drift and noise, the regime may change by the cumulative table, and the log of
 * served users and the price factor follow.
 */
function stepUsersAndGpu(
  n: number,
  v: number,
  logUsers: Float64Array,
  drift: Float64Array,
  userNoise: Float64Array,
  regime: Int32Array,
  gpuUniform: Float64Array,
  outTotal: Float64Array,
  outCumulative: Float64Array,
  outTarget: Int32Array,
  maxOut: number,
  logServed: Float64Array,
  logCapacity: Float64Array,
  price: Float64Array,
  priceFactor: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const logU = logUsers[i]! + drift[i]! + v * userNoise[i]!;
    logUsers[i] = logU;
    let state = regime[i]!;
    const draw = gpuUniform[i]!;
    if (draw < outTotal[state]!) {
      // a transition (rare: its probability per day); which one, by the cumulative table
      for (let j = state * maxOut; ; j++) {
        if (draw < outCumulative[j]!) {
          state = outTarget[j]!;
          break;
        }
      }
    }
    regime[i] = state;
    logServed[i] = logU + logCapacity[state]!;
    price[i] = priceFactor[state]!;
  }
}

interface TriggeredState {
  readonly plan: TriggeredEventPlan;
  /** 1 if the event happens when triggered, else 0. */
  readonly fires: Float64Array;
  readonly amount: Float64Array;
  readonly tried: Uint8Array;
  readonly lands: Int32Array;
  pending: number;
  readonly index: number;
}

/**
 * Triggered events at the end of the day, before the ruin check: each is tried the first day a
 * path's cash ends below its threshold (landing at once, or after its delay). Ruined paths go on
 * in the ledger (for the shortfall) but their events are not counted.
 */
function applyTriggers(
  triggered: TriggeredState[],
  cash: Float64Array,
  alive: Uint8Array,
  n: number,
  t: number,
  T: number,
  tally: BlockSink,
  trace: TraceSink | undefined,
): void {
  for (const e of triggered) {
    const threshold = e.plan.cashBelow;
    for (let i = 0; i < n; i++) {
      if (e.tried[i] === 1 || !(cash[i]! < threshold)) continue;
      e.tried[i] = 1;
      if (e.fires[i] === 0) continue;
      if (e.plan.delayDays === 0) {
        cash[i] = cash[i]! + e.amount[i]!;
        if (alive[i] === 1) tally.eventLanded[e.index]!++;
        trace?.event(i, e.amount[i]!);
      } else if (t + e.plan.delayDays < T) {
        e.lands[i] = t + e.plan.delayDays;
        e.pending++;
      }
    }
  }
}

/**
 * The end-of-day ruin check: a solvent path whose cash ends below zero is ruined today; a ruined
 * path's lowest cash is kept up to date. `lowest` is 0 while a path is solvent, so one comparison
 * serves both. Returns the paths ruined today.
 */
function checkRuin(cash: Float64Array, alive: Uint8Array, atRuin: Float64Array, lowest: Float64Array, ruinStep: Int32Array, n: number, t: number): number {
  let ruined = 0;
  for (let i = 0; i < n; i++) {
    const c = cash[i]!;
    if (c < lowest[i]!) {
      lowest[i] = c;
      if (alive[i] === 1) {
        alive[i] = 0;
        atRuin[i] = c;
        ruinStep[i] = t;
        ruined++;
      }
    }
  }
  return ruined;
}

interface PreparedLine {
  readonly plan: LinePlan;
  /** +1 revenue, −1 cost. */
  readonly sign: number;
  readonly base: Float64Array;
  /** Growth factor so far and its daily step (ones when the line does not grow). */
  readonly growth: Float64Array;
  readonly growthStep: Float64Array | undefined;
  readonly noiseStream: Stream | undefined;
  /** Log of the scale: zeros (fixed), log users or log served users. */
  readonly logScale: Float64Array;
  readonly price: Float64Array;
  /** Whether the line needs an exponential: it scales with users or has noise. */
  readonly exponential: boolean;
}

function prepareLine(
  line: LinePlan,
  n: number,
  key: (k: string) => Stream,
  inputs: readonly Float64Array[],
  alloc: Allocator,
  shared: { zeros: Float64Array; ones: Float64Array; logUsers: Float64Array; logServed: Float64Array; price: Float64Array },
): PreparedLine {
  const base = alloc.f64(n, BLOCK_SIZE);
  base.set(inputs[line.amountInput]!);
  let growthStep: Float64Array | undefined;
  if (line.growth !== undefined) {
    const rates = inputs[line.growth.rateInput]!;
    growthStep = alloc.f64(n, BLOCK_SIZE);
    for (let i = 0; i < n; i++) {
      const rate = rates[i]!;
      // simple rate per period, compounded daily; a rate of −100% or below ends the line
      growthStep[i] = rate <= -1 ? 0 : Math.pow(1 + rate, 1 / line.growth.periodDays);
    }
  }
  const logScale = line.scaling === Scaling.Users ? shared.logUsers : line.scaling === Scaling.ServedUsers ? shared.logServed : shared.zeros;
  return {
    plan: line,
    sign: line.sign,
    base,
    growth: growthStep === undefined ? shared.ones : alloc.f64(n, BLOCK_SIZE).fill(1),
    growthStep,
    noiseStream: line.volatility > 0 ? key(`${line.key}/noise`) : undefined,
    logScale,
    price: line.gpuPriced ? shared.price : shared.ones,
    exponential: line.scaling !== Scaling.Fixed || line.volatility > 0,
  };
}

/**
 * Lines without randomness over time (fixed scale, no noise, no growth, not GPU-priced) and with
 * the same calendar add the same multiple of their per-path amount every day: they are summed
 * into one line per calendar and direction (costs apart from revenue, so that a path's ledger
 * can tell them apart), so that the day loop makes one pass for all of them.
 */
function mergeConstantLines(lines: PreparedLine[], n: number, alloc: Allocator): PreparedLine[] {
  const out: PreparedLine[] = [];
  const groups = new Map<string, { first: PreparedLine; base: Float64Array }>();
  for (const line of lines) {
    const p = line.plan;
    const constant = !line.exponential && line.growthStep === undefined && !p.gpuPriced;
    if (!constant) {
      out.push(line);
      continue;
    }
    const groupKey = `${p.sign}:${p.calendarKey}`;
    const group = groups.get(groupKey);
    if (group === undefined) {
      const base = alloc.f64(n, BLOCK_SIZE);
      const merged: PreparedLine = {
        plan: line.plan,
        sign: p.sign,
        base,
        growth: line.growth,
        growthStep: line.growthStep,
        noiseStream: line.noiseStream,
        logScale: line.logScale,
        price: line.price,
        exponential: line.exponential,
      };
      groups.set(groupKey, { first: merged, base });
      out.push(merged);
    }
    addFlow(groups.get(groupKey)!.base, line.base, n);
  }
  return out;
}

/** Adds one line's amounts for day t to `flow`. `noise` is scratch space for its normals. */
function addLine(line: PreparedLine, t: number, n: number, flow: Float64Array, noise: Float64Array, logSeason: number): void {
  const p = line.plan;
  const sigma = p.volatility;
  const z = line.noiseStream === undefined ? undefined : noise;
  if (line.noiseStream !== undefined) line.noiseStream.fillNormals(noise, n);
  const growth = line.growth;
  if (line.growthStep !== undefined && t > p.firstStep) {
    const step = line.growthStep;
    for (let i = 0; i < n; i++) growth[i] = growth[i]! * step[i]!;
  }
  const f = p.dailyFactor[t]!;
  if (f === 0) return;
  const k = line.sign * f;
  const base = line.base;
  const price = line.price;
  if (!line.exponential) {
    for (let i = 0; i < n; i++) flow[i] = flow[i]! + k * base[i]! * growth[i]! * price[i]!;
    return;
  }
  const logScale = line.logScale;
  const shift = (p.scaling === Scaling.Fixed ? 0 : logSeason) - 0.5 * sigma * sigma;
  if (z === undefined) {
    for (let i = 0; i < n; i++) flow[i] = flow[i]! + k * base[i]! * growth[i]! * price[i]! * fastExp(logScale[i]! + shift);
  } else {
    for (let i = 0; i < n; i++) flow[i] = flow[i]! + k * base[i]! * growth[i]! * price[i]! * fastExp(logScale[i]! + sigma * z[i]! + shift);
  }
}

/** The most transitions out of any GPU state (at least 1): the width of the flattened transition table. */
function maxTransitions(plan: Plan): number {
  return Math.max(1, ...plan.gpu.transitions.map((o) => o.targets.length));
}

/**
 * Room a block needs in the kernel arena, counted from what `simulateBlock` allocates: per-path
 * arrays (15 for the block, up to 3 a line), the streams (users, GPU, a noisy line's: state words,
 * the slow stream's, normal pool, counts, and room for the kernel's interleaved copy, generously
 * one group each),
 * the regime tables and the day's line parameters.
 */
function arenaBytes(plan: Plan): number {
  const lines = plan.lines.length;
  const states = plan.gpu.capacity.length;
  const perPath = 8 * BLOCK_SIZE;
  const streams = 2 + lines;
  return Arena.bytesFor([
    ...Array<number>(15 + 3 * lines).fill(perPath),
    4 * BLOCK_SIZE, // regime
    4 * BLOCK_SIZE, // ruin step
    BLOCK_SIZE, // alive
    ...Array<number>(2 * streams).fill(4 * STATE_WORDS), // a stream's state and its normals' slow stream
    ...Array<number>(streams).fill(8 * POOL_SIZE),
    ...Array<number>(streams).fill(8),
    ...Array<number>(streams).fill(4 * 4 * 128 + 16), // the kernel's interleaved copies of the streams (day-kernel.ts)
    4,
    ...Array<number>(3).fill(8 * states),
    8 * states * maxTransitions(plan),
    4 * states * maxTransitions(plan),
    24 * lines,
  ]);
}
