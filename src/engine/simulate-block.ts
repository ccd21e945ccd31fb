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
  for (let i = 0; i < n; i++) cash[i] = plan.cashInitial.quantile(cashStream.uniform());

  const alive = new Uint8Array(n).fill(1);
  const users = new Float64Array(n).fill(1); // users / users.initial
  const logTrend = new Float64Array(n);
  const driftPerDay = new Float64Array(n);
  const userNoise = new Float64Array(n);
  const u = plan.users;
  const userStream = u === undefined ? undefined : key('users/noise');
  if (u !== undefined) {
    const s = key('users/drift');
    const v = u.volatilityPerDay;
    for (let i = 0; i < n; i++) driftPerDay[i] = u.drift.quantile(s.uniform()) / u.periodDays - 0.5 * v * v;
  }

  const gpu = plan.gpu;
  const regime = new Int32Array(n).fill(gpu.initialState);
  const hasRegimes = gpu.capacity.length > 1;
  const gpuStream = hasRegimes ? key('gpu/availability') : undefined;
  const gpuUniform = new Float64Array(n);

  const lines = plan.lines.map((line) => {
    const s = key(`${line.key}/amount`);
    const base = new Float64Array(n);
    for (let i = 0; i < n; i++) base[i] = line.amount.quantile(s.uniform());
    let growthStep: Float64Array | undefined;
    if (line.growth !== undefined) {
      const g = key(`${line.key}/growth`);
      growthStep = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const rate = line.growth.rate.quantile(g.uniform());
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

  const dated = plan.datedEvents.map((e, k) => {
    const s = key(e.key);
    const step = new Int32Array(n);
    const amount = new Float64Array(n);
    const span = e.lastStep - e.firstStep + 1;
    for (let i = 0; i < n; i++) {
      const happens = s.uniform() < e.probability;
      const day = e.firstStep + Math.min(span - 1, Math.floor(s.uniform() * span));
      amount[i] = e.sign * e.amount.quantile(s.uniform());
      step[i] = happens ? day : -1;
    }
    return { step, amount, index: k };
  });
  const triggered = plan.triggeredEvents.map((e, k) => {
    const s = key(e.key);
    const fires = new Uint8Array(n);
    const amount = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      fires[i] = s.uniform() < e.probability ? 1 : 0;
      amount[i] = e.sign * e.amount.quantile(s.uniform());
    }
    return { plan: e, fires, amount, tried: new Uint8Array(n), lands: new Int32Array(n).fill(-1), index: plan.datedEvents.length + k };
  });

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
    flow.fill(0);
    for (const line of lines) {
      const p = line.plan;
      const sigma = p.volatility;
      if (line.noiseStream !== undefined) line.noiseStream.fillNormals(noise, n);
      const f = p.dailyFactor[t]!;
      if (line.growthStep !== undefined && t > p.firstStep) {
        const g = line.growth;
        const step = line.growthStep;
        for (let i = 0; i < n; i++) g[i] = g[i]! * step[i]!;
      }
      if (f === 0) continue;
      const base = line.base;
      const growth = line.growth;
      for (let i = 0; i < n; i++) {
        if (alive[i] === 0) continue;
        let amount = base[i]! * f * growth[i]!;
        if (p.scaling === Scaling.Users) amount *= users[i]!;
        else if (p.scaling === Scaling.ServedUsers) amount *= users[i]! * gpu.capacity[regime[i]!]!;
        if (p.gpuPriced) amount *= gpu.priceFactor[regime[i]!]!;
        if (sigma > 0) amount *= Math.exp(sigma * noise[i]! - 0.5 * sigma * sigma);
        flow[i] = flow[i]! + p.sign * amount;
      }
    }
    for (const e of dated) {
      for (let i = 0; i < n; i++) {
        if (e.step[i] === t && alive[i] === 1) {
          flow[i] = flow[i]! + e.amount[i]!;
          tally.eventLanded[e.index]!++;
        }
      }
    }
    for (const e of triggered) {
      for (let i = 0; i < n; i++) {
        if (e.lands[i] === t && alive[i] === 1) {
          flow[i] = flow[i]! + e.amount[i]!;
          tally.eventLanded[e.index]!++;
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
        } else {
          e.lands[i] = t + e.plan.delayDays;
        }
      }
    }
    for (let i = 0; i < n; i++) {
      if (alive[i] === 1 && cash[i]! < 0) {
        alive[i] = 0;
        tally.ruinCount[t]!++;
      }
    }
    if (nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint] === t) {
      tally.cashAt[nextCheckpoint]!.set(cash, offset);
      nextCheckpoint++;
    }
  }
}
