import { BURN_MONTHS, type Plan, flowSlots } from '../model/plan.js';
import { hoistedExps, normalsOutsideExps } from './hoist.js';
import { FI, FRACTION, GUIDE, KI, POWER, REJECTED_CUMULATIVE, WI } from './tables.js';
import { GROUP_STATE_BYTES, POOL_SIZE, SEED_MIXES, STATE_WORDS } from './random-code.js';
import type { TableAddresses } from './random-code.js';

/** A dated event's landing (`Layout.landings.records`): amount at +0, path at +8, event at +12. */
export const LANDING_BYTES = 16;

/** Paths per block. Part of the algorithm: results depend on it, so it is fixed and reported. */
export const BLOCK_SIZE = 1024;

const ALIGN = 64;

/**
 * Where everything a plan's blocks use sits in its kernel's memory: the constant tables (written
 * once), then a block's arrays (rewritten by every block, at the same addresses, so that one
 * compiled kernel serves every block of the plan). Each array has room for a whole block.
 * Addresses are byte offsets; the kernel's code has them as constants.
 */
export class Layout {
  /** Bytes the memory needs. */
  bytes = 0;

  readonly tables: TableAddresses;
  /** Per day table of the plan. */
  readonly dayTables: number[];
  /** Per day: the checkpoint column index written that day, or −1 (i32). */
  readonly columnOfDay: number;
  /** Per chain: leave, cumulative, targets (i32), then each value table. */
  readonly chains: { readonly leave: number; readonly cumulative: number; readonly targets: number; readonly values: number[]; readonly state: number }[];

  /** Per input: its values for the block's paths (f64). */
  readonly inputs: number[];
  /** Per state: its values (f64). */
  readonly states: number[];
  /** Per stream group of four: X interleaved (512 i32), then the Weyl words (4 i32). The shared position (i32). */
  readonly groups: { readonly words: number; readonly weyl: number }[];
  readonly position: number;
  /** Per normal stream: its slow stream's state, its pool, its counts [read, made]. */
  readonly normals: { readonly stream: number; readonly spare: number; readonly pool: number; readonly counts: number }[];
  readonly cash: number;
  readonly atRuin: number;
  readonly lowest: number;
  /** 1 while solvent (u8). */
  readonly alive: number;
  readonly ruinStep: number;
  /**
   * Dated events' money of the day per path (f64), and the block's landings by day (CSR): the
   * first landing of each day (i32, days + 1), the next free slot of each day while they are
   * placed (i32, days, then a spare slot past the landings for the paths that do not land), and the landings, one record each (`LANDING_BYTES`: the signed amount (f64), the
   * path (i32), the event (i32)), so that placing one touches one cache line.
   */
  readonly eventFlow: number;
  /** Scratch for an event's amounts: the addresses of the paths to make (i32). */
  readonly paths: number;
  /**
   * Scratch for normal and lognormal quantiles (`input-code.ts`), by position in `paths`: the
   * uniforms (f64), their values (f64), and the byte offsets of those outside AS241's central region (i32).
   */
  readonly quantiles: { readonly u: number; readonly z: number; readonly tails: number };
  readonly landings: { readonly dayStart: number; readonly next: number; readonly records: number; readonly capacity: number };
  /** Per event (dated, then triggered): paths in which its money moved before ruin (f64). */
  readonly landed: number;
  /** Per triggered event: tried (i32, 0/1) and its landing step (i32, −1: none). */
  readonly triggered: { readonly tried: number; readonly lands: number }[];
  /**
   * With triggered events, per path: the highest threshold of those not tried yet (f64, −Infinity
   * when none is left) and the step of the next landing of one (i32, the horizon's days when
   * none): a day on which cash stays above the one and that is not the other checks no event.
   */
  readonly triggerGate: { readonly below: number; readonly next: number } | undefined;
  /**
   * Net burn for runway rules (`BurnPlan`): each path's operating money of the month so far, and of
   * the last complete months, newest first (f64).
   */
  readonly burn: { readonly month: number; readonly ring: readonly number[] } | undefined;
  /**
   * Per rule: armed (i32, 1 at first), fired before (i32, 0/1), the count of paths first firing on
   * each step (f64 × days), and the firings of paths still solvent (f64).
   */
  readonly rules: { readonly armed: number; readonly fired: number; readonly first: number; readonly firings: number }[];
  /** Per flow slot (`flowSlots`: each line, then each credit line's parts): its money so far this month, per path (f64; `block.ts` reads and clears it at each month's end). */
  readonly monthMoney: number[];
  /** Per line: its money so far this month when it is the same on every path (`fixed-lines.ts`; f64, the kernel keeps it once, `block.ts` fills the line's monthly column from it). */
  readonly monthFixed: number;
  /** Per credit line: each path's balance and interest accrued (f64). */
  readonly credit: { readonly balance: number; readonly accrued: number }[];
  /** Per checkpoint: each path's cash (or cash on its ruin day), f64. */
  readonly columns: number;
  /** Per line: the line's money today, per path (f64; written by the tracing kernel only). */
  readonly lineFlow: number;
  /** Events' money today, per path (f64; written by the tracing kernel only). */
  readonly eventMoney: number;
  /** Credit lines' money today, per path (f64; written by the tracing kernel only). */
  readonly creditMoney: number;
  /** Per hoisted exponential (`hoist.ts`): its argument, then its value, per path (f64). */
  readonly exps: number[];
  /** Per stream whose normals a line uses outside its exponentials: the day's normal per path (f64). */
  readonly keptNormals: Map<number, number>;
  /** Scratch for input draws: a stream's state, four streams' state (interleaved), the addresses of the columns they fill, BLOCK_SIZE uniforms. */
  readonly scratchStream: number;
  readonly scratchGroup: number;
  /** Scratch for seeding four streams: their texts' characters (`seedCharacters`). */
  readonly scratchChars: number;
  readonly scratchColumns: number;
  readonly scratch: number;

  constructor(plan: Plan) {
    // one cache line more than a block needs: arrays of 8 KB laid end to end would all start at
    // the same address modulo 4 KB, and a load that follows a store to another array at the same
    // offset then waits for it ("4K aliasing"), which made a wide scenario's day several times slower
    const perPath = (bytesPerPath: number) => this.take(bytesPerPath * BLOCK_SIZE + ALIGN);
    this.tables = {
      ki: this.take(4 * KI.length),
      wi: this.take(8 * WI.length),
      fi: this.take(8 * FI.length),
      cumulative: this.take(4 * REJECTED_CUMULATIVE.length),
      guide: this.take(4 * GUIDE.length),
      power: this.take(8 * POWER.length),
      fraction: this.take(8 * FRACTION.length),
    };
    this.dayTables = plan.tables.map(() => this.take(8 * plan.days));
    this.columnOfDay = this.take(4 * plan.days);
    this.chains = plan.chains.map((c) => ({
      leave: this.take(8 * c.leave.length),
      cumulative: this.take(8 * c.cumulative.length),
      targets: this.take(4 * c.targets.length),
      values: c.values.map((v) => this.take(8 * v.length)),
      state: perPath(4),
    }));
    this.inputs = plan.inputs.map(() => perPath(8));
    this.states = plan.states.map(() => perPath(8));
    this.groups = Array.from({ length: Math.ceil(plan.streams.length / 4) }, () => ({ words: this.take(16 * 128), weyl: this.take(16) }));
    this.position = this.take(4);
    this.normals = plan.streams.flatMap((s, stream) =>
      s.kind === 'normal' ? [{ stream, spare: this.take(4 * STATE_WORDS), pool: this.take(8 * POOL_SIZE), counts: this.take(8) }] : [],
    );
    this.cash = perPath(8);
    this.atRuin = perPath(8);
    this.lowest = perPath(8);
    this.alive = perPath(1);
    this.ruinStep = perPath(4);
    this.eventFlow = perPath(8);
    this.paths = perPath(4);
    this.quantiles = { u: perPath(8), z: perPath(8), tails: perPath(4) };
    const capacity = plan.datedEvents.length * BLOCK_SIZE;
    this.landings = { dayStart: this.take(4 * (plan.days + 1)), next: this.take(4 * (plan.days + 1)), records: this.take(LANDING_BYTES * (capacity + 1)), capacity };
    this.landed = this.take(8 * (plan.datedEvents.length + plan.triggeredEvents.length));
    this.triggered = plan.triggeredEvents.map(() => ({ tried: perPath(4), lands: perPath(4) }));
    this.triggerGate = plan.triggeredEvents.length === 0 ? undefined : { below: perPath(8), next: perPath(4) };
    this.burn = plan.burn === undefined ? undefined : { month: perPath(8), ring: Array.from({ length: BURN_MONTHS }, () => perPath(8)) };
    this.rules = plan.rules.map(() => ({ armed: perPath(4), fired: perPath(4), first: this.take(8 * plan.days), firings: this.take(8) }));
    this.monthMoney = Array.from({ length: flowSlots(plan) }, () => perPath(8));
    this.monthFixed = this.take(8 * plan.lines.length);
    this.credit = plan.credit.map(() => ({ balance: perPath(8), accrued: perPath(8) }));
    this.columns = this.take(8 * BLOCK_SIZE * plan.checkpoints.length);
    this.lineFlow = this.take(8 * BLOCK_SIZE * plan.lines.length);
    this.eventMoney = perPath(8);
    this.creditMoney = perPath(8);
    this.exps = hoistedExps(plan).map(() => perPath(8));
    this.keptNormals = new Map(normalsOutsideExps(plan).map((stream) => [stream, perPath(8)]));
    this.scratchStream = this.take(4 * STATE_WORDS);
    this.scratchGroup = this.take(GROUP_STATE_BYTES);
    this.scratchChars = this.take(16 * SEED_MIXES);
    this.scratchColumns = this.take(16 * Math.max(1, ...plan.inputs.map((input) => input.stride)));
    this.scratch = perPath(8);
  }

  /** Writes the constant tables into `memory` (once, before the first block). */
  writeTables(memory: ArrayBuffer, plan: Plan): void {
    const t = this.tables;
    new Int32Array(memory, t.ki, KI.length).set(KI);
    new Float64Array(memory, t.wi, WI.length).set(WI);
    new Float64Array(memory, t.fi, FI.length).set(FI);
    new Int32Array(memory, t.cumulative, REJECTED_CUMULATIVE.length).set(REJECTED_CUMULATIVE);
    new Int32Array(memory, t.guide, GUIDE.length).set(GUIDE);
    new Float64Array(memory, t.power, POWER.length).set(POWER);
    new Float64Array(memory, t.fraction, FRACTION.length).set(FRACTION);
    plan.tables.forEach((table, k) => new Float64Array(memory, this.dayTables[k]!, plan.days).set(table));
    const columnOfDay = new Int32Array(memory, this.columnOfDay, plan.days).fill(-1);
    plan.checkpoints.forEach((t, k) => (columnOfDay[t] = k));
    plan.chains.forEach((c, k) => {
      const at = this.chains[k]!;
      new Float64Array(memory, at.leave, c.leave.length).set(c.leave);
      new Float64Array(memory, at.cumulative, c.cumulative.length).set(c.cumulative);
      new Int32Array(memory, at.targets, c.targets.length).set(c.targets);
      c.values.forEach((v, j) => new Float64Array(memory, at.values[j]!, v.length).set(v));
    });
  }

  private take(bytes: number): number {
    const at = Math.ceil(this.bytes / ALIGN) * ALIGN;
    this.bytes = at + bytes;
    return at;
  }
}
