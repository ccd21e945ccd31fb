import { type Plan, Scaling } from '../model/plan.js';
import { Stream } from './random.js';
import type { Tally } from './tally.js';

/** Paths per block. Part of the algorithm: results depend on it, so it is fixed and reported. */
export const BLOCK_SIZE = 1024;

/**
 * Simulates paths [offset, offset + n) of block `block` and adds them to `tally`.
 *
 * Order of a day (step t), for every path still solvent:
 *  1. users: log-trend += drift − vol²/2 + vol·Z; users/initial = exp(log-trend)·seasonal[t]
 *  2. GPU regime: one uniform decides the transition out of the current state
 *  3. each cost and revenue line: amount × period factor × scale × price × growth × noise
 *  4. dated events landing today, then triggered events whose delay ends today
 *  5. cash += revenue − costs ± events
 *  6. triggered events: the first day cash ends below the threshold, the event is tried once
 *  7. ruin: the first day that ends with cash < 0; ruin is absorbing (cash is frozen)
 * Every stream draws for every path every day, ruined or not, so that the numbers a path sees
 * never depend on what happened to other paths (common random numbers across scenarios).
 */
export function simulateBlock(plan: Plan, block: number, offset: number, n: number, tally: Tally): void {
  const T = plan.days;
  const key = (k: string) => new Stream(plan.seed, block, k);

  // ---- per-path draws (one uniform per draw, in a fixed order per stream) ----
  const cash = new Float64Array(n);
  const cashStream = key('cash/initial');
  const cashDraw = () => cashStream.uniform();
  for (let i = 0; i < n; i++) cash[i] = plan.cashInitial.sample(cashDraw);

  const alive = new Uint8Array(n).fill(1);
  const users = new Float64Array(n).fill(1); // users / users.initial
  const logTrend = new Float64Array(n);
  const driftPerDay = new Float64Array(n);
  const userNoise = new Float64Array(n);
  const u = plan.users;
  const userStream = u === undefined ? undefined : key('users/noise');
  if (u !== undefined) {
    const s = key('users/drift');
    const draw = () => s.uniform();
    const v = u.volatilityPerDay;
    for (let i = 0; i < n; i++) driftPerDay[i] = u.drift.sample(draw) / u.periodDays - 0.5 * v * v;
  }

  const gpu = plan.gpu;
  const regime = new Int32Array(n).fill(gpu.initialState);
  const hasRegimes = gpu.capacity.length > 1;
  const gpuStream = hasRegimes ? key('gpu/availability') : undefined;
  const gpuUniform = new Float64Array(n);

  const lines = plan.lines.map((line) => {
    const s = key(`${line.key}/amount`);
    const draw = () => s.uniform();
    const base = new Float64Array(n);
    for (let i = 0; i < n; i++) base[i] = line.amount.sample(draw);
    let growthStep: Float64Array | undefined;
    if (line.growth !== undefined) {
      const g = key(`${line.key}/growth`);
      const draw = () => g.uniform();
      growthStep = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const rate = line.growth.rate.sample(draw);
        // simple rate per period, compounded daily; a rate of −100% or below ends the line
        growthStep[i] = rate <= -1 ? 0 : Math.pow(1 + rate, 1 / line.growth.periodDays);
      }
    }
    return {
      plan: line,
      base,
      growthStep,
      growth: new Float64Array(n).fill(1),
      noiseStream: line.volatility > 0 ? key(`${line.key}/noise`) : undefined,
    };
  });
  const noise = new Float64Array(n);

  // Dated events: one uniform each for "happens", the day and the amount, then sorted by landing
  // step so the day loop walks them with a cursor instead of scanning every path every day.
  const landings: { step: number; path: number; amount: number; event: number }[] = [];
  plan.datedEvents.forEach((e, k) => {
    const s = key(e.key);
    const draw = () => s.uniform();
    const span = e.lastStep - e.firstStep + 1;
    for (let i = 0; i < n; i++) {
      const happens = s.uniform() < e.probability;
      const step = e.firstStep + Math.min(span - 1, Math.floor(s.uniform() * span));
      const amount = e.sign * e.amount.sample(draw);
      if (happens && step < T) landings.push({ step, path: i, amount, event: k });
    }
  });
  landings.sort((a, b) => a.step - b.step || a.event - b.event || a.path - b.path);
  let nextLanding = 0;

  const triggered = plan.triggeredEvents.map((e, k) => {
    const s = key(e.key);
    const draw = () => s.uniform();
    const fires = new Uint8Array(n);
    const amount = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      fires[i] = s.uniform() < e.probability ? 1 : 0;
      amount[i] = e.sign * e.amount.sample(draw);
    }
    return { plan: e, fires, amount, tried: new Uint8Array(n), lands: new Int32Array(n).fill(-1), pending: 0, index: plan.datedEvents.length + k };
  });

  // Per-step multipliers shared by the lines: 1, users, served users, GPU price.
  const ones = new Float64Array(n).fill(1);
  const served = new Float64Array(n);
  const price = new Float64Array(n);
  const anyServed = plan.lines.some((l) => l.scaling === Scaling.ServedUsers);
  const anyPriced = plan.lines.some((l) => l.gpuPriced);

  // ---- the day loop ----
  const flow = new Float64Array(n);
  const checkpoints = plan.checkpoints;
  let nextCheckpoint = 0;
  for (let t = 0; t < T; t++) {
    if (u !== undefined) {
      userStream!.fillNormals(userNoise, n);
      const v = u.volatilityPerDay;
      const season = u.seasonal[t]!;
      for (let i = 0; i < n; i++) {
        logTrend[i] = logTrend[i]! + driftPerDay[i]! + v * userNoise[i]!;
        users[i] = Math.exp(logTrend[i]!) * season;
      }
    }
    if (gpuStream !== undefined) {
      gpuStream.fillUniforms(gpuUniform, n);
      for (let i = 0; i < n; i++) {
        const out = gpu.transitions[regime[i]!]!;
        const draw = gpuUniform[i]!;
        for (let j = 0; j < out.cumulative.length; j++) {
          if (draw < out.cumulative[j]!) {
            regime[i] = out.targets[j]!;
            break;
          }
        }
      }
    }
    if (anyServed) for (let i = 0; i < n; i++) served[i] = users[i]! * gpu.capacity[regime[i]!]!;
    if (anyPriced) for (let i = 0; i < n; i++) price[i] = gpu.priceFactor[regime[i]!]!;
    flow.fill(0);
    for (const line of lines) {
      const p = line.plan;
      if (line.noiseStream !== undefined) line.noiseStream.fillNormals(noise, n);
      const growth = line.growth;
      if (line.growthStep !== undefined && t > p.firstStep) {
        const step = line.growthStep;
        for (let i = 0; i < n; i++) growth[i] = growth[i]! * step[i]!;
      }
      const f = p.dailyFactor[t]!;
      if (f === 0) continue;
      const base = line.base;
      const scale = p.scaling === Scaling.Fixed ? ones : p.scaling === Scaling.Users ? users : served;
      const priced = p.gpuPriced ? price : ones;
      const signedF = p.sign * f;
      const sigma = p.volatility;
      if (sigma > 0) {
        const shift = -0.5 * sigma * sigma;
        for (let i = 0; i < n; i++) flow[i] = flow[i]! + signedF * base[i]! * growth[i]! * scale[i]! * priced[i]! * Math.exp(sigma * noise[i]! + shift);
      } else {
        for (let i = 0; i < n; i++) flow[i] = flow[i]! + signedF * base[i]! * growth[i]! * scale[i]! * priced[i]!;
      }
    }
    while (nextLanding < landings.length && landings[nextLanding]!.step === t) {
      const l = landings[nextLanding++]!;
      if (alive[l.path] === 1) {
        flow[l.path] = flow[l.path]! + l.amount;
        tally.eventLanded[l.event]!++;
      }
    }
    for (const e of triggered) {
      if (e.pending === 0) continue;
      for (let i = 0; i < n; i++) {
        if (e.lands[i] === t) {
          e.pending--;
          if (alive[i] === 1) {
            flow[i] = flow[i]! + e.amount[i]!;
            tally.eventLanded[e.index]!++;
          }
        }
      }
    }
    for (let i = 0; i < n; i++) if (alive[i] === 1) cash[i] = cash[i]! + flow[i]!;
    for (const e of triggered) {
      const threshold = e.plan.cashBelow;
      for (let i = 0; i < n; i++) {
        if (alive[i] === 0 || e.tried[i] === 1 || !(cash[i]! < threshold)) continue;
        e.tried[i] = 1;
        if (e.fires[i] === 0) continue;
        if (e.plan.delayDays === 0) {
          cash[i] = cash[i]! + e.amount[i]!;
          tally.eventLanded[e.index]!++;
        } else if (t + e.plan.delayDays < T) {
          e.lands[i] = t + e.plan.delayDays;
          e.pending++;
        }
      }
    }
    let ruinedToday = 0;
    for (let i = 0; i < n; i++) {
      if (alive[i] === 1 && cash[i]! < 0) {
        alive[i] = 0;
        ruinedToday++;
      }
    }
    tally.ruinCount[t] = tally.ruinCount[t]! + ruinedToday;
    if (nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint] === t) {
      tally.cashAt[nextCheckpoint]!.set(cash, offset);
      nextCheckpoint++;
    }
  }
}
