import type { Plan } from '../model/plan.js';
import type { Kernel } from './kernel.js';
import { BLOCK_SIZE } from './layout.js';

/**
 * A path's ledger, as the engine computes it: for chosen paths of a block, one row per period
 * (a day, or the days up to each row end) with the cash at its end, users and served users at its
 * end, the GPU state at its end, and the costs, revenue, event and financing money (loans' and
 * credit lines' draws, interest, repayments and fees) of the period. The ledger
 * goes on after ruin (as if the money had been found), with `ruined` set from the ruin day.
 */
export const TRACE_FIELDS = ['cash', 'users', 'servedUsers', 'costs', 'revenue', 'events', 'gpu', 'ruined', 'financing'] as const;
const F = TRACE_FIELDS.length;

export interface BlockTrace {
  readonly block: number;
  /** Block-local path indices, ascending. */
  readonly paths: Int32Array;
  /** Step at which each row ends. */
  readonly rowEnds: Int32Array;
  /** data[(p·rows + r)·fields + f]. */
  readonly data: Float64Array;
  /** With per-line money: lines[(p·rows + r)·L + l], line l's money of the row (costs as positive outflows). */
  readonly lines?: Float64Array;
}

/**
 * Collects the ledger of chosen paths from the tracing kernel: after each day it adds the paths'
 * money of the day (each line's, and the events') and, on a row's last day, writes the row.
 */
export class TraceSink {
  readonly data: Float64Array;
  private readonly costs: Float64Array;
  private readonly revenue: Float64Array;
  private readonly events: Float64Array;
  private readonly financing: Float64Array;
  /** Per-line money of the row so far (with `perLine`), [(p·rows + r)·L + l]. */
  private readonly lines: Float64Array | undefined;
  private row = 0;

  constructor(
    readonly block: number,
    readonly paths: Int32Array,
    readonly rowEnds: Int32Array,
    private readonly plan: Plan,
    perLine = false,
  ) {
    const k = paths.length;
    this.lines = perLine ? new Float64Array(k * rowEnds.length * plan.lines.length) : undefined;
    this.data = new Float64Array(k * rowEnds.length * F);
    this.costs = new Float64Array(k);
    this.revenue = new Float64Array(k);
    this.events = new Float64Array(k);
    this.financing = new Float64Array(k);
  }

  /** After day t of the tracing kernel. */
  afterDay(t: number, kernel: Kernel): void {
    const { plan, paths } = this;
    const { layout, memory } = kernel;
    const buffer = memory.buffer;
    const lineFlow = new Float64Array(buffer, layout.lineFlow, BLOCK_SIZE * plan.lines.length);
    const eventMoney = new Float64Array(buffer, layout.eventMoney, BLOCK_SIZE);
    const creditMoney = new Float64Array(buffer, layout.creditMoney, BLOCK_SIZE);
    // days after the last row's end belong to no row
    const lines = this.row < this.rowEnds.length ? this.lines : undefined;
    for (let p = 0; p < paths.length; p++) {
      const i = paths[p]!;
      const lineAt = (p * this.rowEnds.length + this.row) * plan.lines.length;
      plan.lines.forEach((line, L) => {
        const money = lineFlow[L * BLOCK_SIZE + i]!;
        if (lines !== undefined) lines[lineAt + L] = lines[lineAt + L]! + (line.section === 'costs' ? -money : money);
        if (line.section === 'costs') this.costs[p] = this.costs[p]! - money;
        else if (line.section === 'revenue') this.revenue[p] = this.revenue[p]! + money;
        else this.financing[p] = this.financing[p]! + money;
      });
      this.events[p] = this.events[p]! + eventMoney[i]!;
      if (plan.credit.length > 0) this.financing[p] = this.financing[p]! + creditMoney[i]!;
    }
    if (this.row >= this.rowEnds.length || this.rowEnds[this.row] !== t) return;
    const cash = new Float64Array(buffer, layout.cash, BLOCK_SIZE);
    const alive = new Uint8Array(buffer, layout.alive, BLOCK_SIZE);
    const users = plan.observed.users;
    const logUsers = users === undefined ? undefined : new Float64Array(buffer, layout.states[users.logUsers]!, BLOCK_SIZE);
    const gpu = plan.observed.gpu;
    const regime = gpu.chain === undefined ? undefined : new Int32Array(buffer, layout.chains[gpu.chain]!.state, BLOCK_SIZE);
    const rows = this.rowEnds.length;
    for (let p = 0; p < paths.length; p++) {
      const i = paths[p]!;
      const at = (p * rows + this.row) * F;
      const d = this.data;
      const state = regime === undefined ? 0 : regime[i]!;
      const logU = logUsers === undefined ? 0 : logUsers[i]!;
      const season = users === undefined ? 0 : users.logSeason[t]!;
      const initial = users?.initial ?? 0;
      d[at] = cash[i]!;
      d[at + 1] = initial * Math.exp(logU + season);
      d[at + 2] = initial * Math.exp(logU + gpu.logCapacity[state]! + season);
      d[at + 3] = this.costs[p]!;
      d[at + 4] = this.revenue[p]!;
      d[at + 5] = this.events[p]!;
      d[at + 6] = state;
      d[at + 7] = alive[i] === 1 ? 0 : 1;
      d[at + 8] = this.financing[p]!;
      this.costs[p] = 0;
      this.revenue[p] = 0;
      this.events[p] = 0;
      this.financing[p] = 0;
    }
    this.row++;
  }

  result(): BlockTrace {
    return { block: this.block, paths: this.paths, rowEnds: this.rowEnds, data: this.data, ...(this.lines === undefined ? {} : { lines: this.lines }) };
  }
}
