/**
 * A path's ledger, as the engine computes it: for chosen paths of a block, one row per period
 * (a day, or the days up to each row end) with the cash at its end, users and served users at its
 * end, the GPU state at its end, and the costs, revenue and event money of the period. The ledger
 * goes on after ruin (as if the money had been found), with `ruined` set from the ruin day.
 */
export const TRACE_FIELDS = ['cash', 'users', 'servedUsers', 'costs', 'revenue', 'events', 'gpu', 'ruined'] as const;
const F = TRACE_FIELDS.length;

export interface BlockTrace {
  readonly block: number;
  /** Block-local path indices, ascending. */
  readonly paths: Int32Array;
  /** Step at which each row ends. */
  readonly rowEnds: Int32Array;
  /** data[(p·rows + r)·fields + f]. */
  readonly data: Float64Array;
}

export class TraceSink {
  readonly data: Float64Array;
  private readonly before: Float64Array;
  private readonly costs: Float64Array;
  private readonly revenue: Float64Array;
  private row = 0;
  /** slot[i]: the traced index of block path i, or −1. */
  private readonly slot: Int32Array;
  private readonly events: Float64Array;

  constructor(
    readonly block: number,
    readonly paths: Int32Array,
    readonly rowEnds: Int32Array,
    private readonly usersInitial: number,
  ) {
    const k = paths.length;
    this.data = new Float64Array(k * rowEnds.length * F);
    this.before = new Float64Array(k);
    this.costs = new Float64Array(k);
    this.revenue = new Float64Array(k);
    this.events = new Float64Array(k);
    this.slot = new Int32Array(paths.length === 0 ? 0 : paths[paths.length - 1]! + 1).fill(-1);
    paths.forEach((i, p) => (this.slot[i] = p));
  }

  /** Event money `amount` moved on block path i today. */
  event(i: number, amount: number): void {
    const p = i < this.slot.length ? this.slot[i]! : -1;
    if (p >= 0) this.events[p] = this.events[p]! + amount;
  }

  /** Start of a day: no line has added anything yet. */
  beginDay(): void {
    this.before.fill(0);
  }

  /** After one line was added to `flow`: its amount for each traced path. */
  afterLine(flow: Float64Array, sign: number): void {
    const into = sign < 0 ? this.costs : this.revenue;
    for (let p = 0; p < this.paths.length; p++) {
      const now = flow[this.paths[p]!]!;
      into[p] = into[p]! + sign * (now - this.before[p]!);
      this.before[p] = now;
    }
  }

  /** End of day t: a row ends on its last day. */
  endDay(t: number, cash: Float64Array, alive: Uint8Array, logUsers: Float64Array, logServed: Float64Array, regime: Int32Array, logSeason: number): void {
    const rows = this.rowEnds.length;
    if (this.row >= rows) return;
    for (let p = 0; p < this.paths.length; p++) {
      const i = this.paths[p]!;
      const at = (p * rows + this.row) * F;
      const d = this.data;
      if (this.rowEnds[this.row] !== t) continue;
      d[at] = cash[i]!;
      d[at + 1] = this.usersInitial * Math.exp(logUsers[i]! + logSeason);
      d[at + 2] = this.usersInitial * Math.exp(logServed[i]! + logSeason);
      d[at + 3] = this.costs[p]!;
      d[at + 4] = this.revenue[p]!;
      d[at + 5] = this.events[p]!;
      d[at + 6] = regime[i]!;
      d[at + 7] = alive[i] === 1 ? 0 : 1;
      this.costs[p] = 0;
      this.revenue[p] = 0;
      this.events[p] = 0;
    }
    if (this.rowEnds[this.row] === t) this.row++;
  }

  result(): BlockTrace {
    return { block: this.block, paths: this.paths, rowEnds: this.rowEnds, data: this.data };
  }
}
