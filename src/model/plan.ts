import type { InputSpec } from '../scenario/inputs.js';
import type { Expr } from './expr.js';

/**
 * A compiled scenario: everything the engine needs, as plain data (numbers, typed arrays and
 * expression trees), made once per run and sent as it is to worker threads. Step t is the
 * calendar day `startDay + t`; there are `days` steps, start and horizon included. Every date of
 * the scenario is a step here.
 *
 * The simulated day, for every path (the engine's kernel follows this order):
 *  1. each stream gives its number of the day (`streams`): a standard normal, or a uniform;
 *  2. each Markov chain may change state (`chains`), by its stream's uniform;
 *  3. each per-path state takes its next value (`states`, in order, on the days its table says);
 *  4. each line's money (`lines`, in order) is summed into the day's flow;
 *  5. dated events landing today, then triggered events whose delay ends today, add to the flow;
 *  6. cash += flow; credit lines pay interest, mature, draw or repay (`credit`); triggered events
 *     are tried the first day cash ends below their threshold;
 *  7. ruin: the first day that ends with cash < 0 (absorbing; the ledger goes on for the shortfall);
 *  8. management actions' rules are checked on the day's end cash (`rules`): one that fires sets its
 *     state `pending` to the step its change applies from, and the action's states (which the
 *     lines' trees read) change on that step, in step 3.
 */
export interface Plan {
  readonly startDay: number;
  readonly days: number;
  readonly seed: string;
  /**
   * The per-path draws, each by inversion of one uniform; the model refers to them by index.
   * The engine draws them all first (then stratifies them with `sampling: lhs` and correlates
   * them through the copula).
   */
  readonly inputs: readonly InputPlan[];
  readonly sampling: 'random' | 'lhs';
  readonly correlation: CorrelationPlan | undefined;
  /** Input: initial cash. */
  readonly cashInput: number;
  /** Per-day tables (`day` leaves), each of `days` entries. */
  readonly tables: readonly Float64Array[];
  /** Random numbers drawn for every path every day (`normal` leaves, and the chains' uniforms). */
  readonly streams: readonly StreamPlan[];
  readonly chains: readonly ChainPlan[];
  readonly states: readonly StatePlan[];
  readonly lines: readonly LinePlan[];
  readonly datedEvents: readonly DatedEventPlan[];
  readonly triggeredEvents: readonly TriggeredEventPlan[];
  readonly credit: readonly CreditPlan[];
  readonly rules: readonly RulePlan[];
  /** Net burn for runway rules, when a rule needs it. */
  readonly burn: BurnPlan | undefined;
  /** What the Result's monthly flows report (each line and group, by calendar month). */
  readonly flows: FlowPlan;
  /** Steps at which cash is sampled for percentiles (month ends, report dates, horizon), ascending. */
  readonly checkpoints: Int32Array;
  /** Steps for which P(ruin by that day) is reported (report dates and the horizon), ascending. */
  readonly reportSteps: Int32Array;
  /** What a path's ledger shows besides money: users and the GPU regime. */
  readonly observed: ObservedPlan;
}

export interface CorrelationPlan {
  /** Indices of the correlated inputs. */
  readonly inputs: readonly number[];
  /** Lower Cholesky factor of their normal correlation matrix, row-major (k × k). */
  readonly factor: Float64Array;
}

/** A stream of one random number per path and day, keyed by `key` (with the seed and block). */
export interface StreamPlan {
  readonly key: string;
  readonly kind: 'normal' | 'uniform';
}

/**
 * A Markov chain over named states, one per path, starting in `initial`: each day the stream's
 * uniform u leaves state s for `targets[s·width + j]`, the first j with u < `cumulative[s·width + j]`,
 * when u < `leave[s]`. `values[k][s]` is value table k in state s (`regime` leaves).
 */
export interface ChainPlan {
  readonly stateNames: readonly string[];
  readonly initial: number;
  readonly stream: number;
  readonly width: number;
  readonly leave: Float64Array;
  readonly cumulative: Float64Array;
  readonly targets: Int32Array;
  readonly values: readonly Float64Array[];
}

/**
 * A per-path state: `init` at the start of the block (may use inputs and `pow`), then each day
 * on which table `when` is not 0 (every day without it), `next`.
 */
export interface StatePlan {
  readonly name: string;
  readonly init: Expr;
  readonly next?: Expr;
  readonly when?: number;
}

export interface LinePlan {
  /** Stream key prefix and identity, e.g. `costs/ChatGPT inference`. */
  readonly key: string;
  readonly name: string;
  /** Financing lines are a loan's draw, interest, repayments and fee. */
  readonly section: 'costs' | 'revenue' | 'financing';
  /** The line's money of the day, signed (costs negative): what cash moves by. */
  readonly flow: Expr;
  /** A day table that is 0 on the days the line pays nothing (its formula is then not evaluated). */
  readonly paysWhen: number | undefined;
}

export interface DatedEventPlan {
  readonly key: string;
  readonly name: string;
  readonly sign: 1 | -1;
  /** Inputs: whether it happens (1 or 0), its step, its amount. */
  readonly happensInput: number;
  readonly dateInput: number;
  readonly amountInput: number;
}

export interface TriggeredEventPlan {
  readonly key: string;
  readonly name: string;
  readonly sign: 1 | -1;
  /** Inputs: whether it happens when triggered (1 or 0), its amount. */
  readonly happensInput: number;
  readonly amountInput: number;
  readonly cashBelow: number;
  readonly delayDays: number;
}

/**
 * A management action's rule, checked at the end of every day on every path: it fires when its
 * condition holds, it is armed (always before the first firing; with `repeat`, again once the
 * condition has stopped holding) and no earlier firing is still waiting for its day. Firing sets
 * state `pending` to t + 1 + `delayDays`, the step its change applies from (the state starts at −1).
 */
export interface RulePlan {
  readonly key: string;
  readonly name: string;
  /**
   * `cash`: cash at the end of the day < `level`. `runway`: cash < `level` × the average monthly
   * net burn (`BurnPlan`), the burn being above 0 and at least one complete month counted.
   */
  readonly when: 'cash' | 'runway';
  readonly level: number;
  readonly delayDays: number;
  readonly repeat: boolean;
  readonly pending: number;
}

/** Months of net burn that a runway rule averages (the last complete calendar months). */
export const BURN_MONTHS = 3;

/**
 * The average monthly net burn of a path: the costs and revenue lines' money (not debt or events)
 * summed per calendar month, and on the last day of each complete month the last BURN_MONTHS
 * complete months' sums kept; burn = −(their sum) / `counted[t]` (day tables: `monthEnd` is 1 on
 * the last day of a complete month, `counted` is how many complete months are kept from that day).
 */
export interface BurnPlan {
  readonly monthEnd: number;
  readonly counted: number;
}

/**
 * The monthly flows the Result reports: a series per line (costs, revenue, then financing, each in
 * file order) and per group of lines (`group:`, in order of first use), each the sum of its lines'
 * money over a calendar month (the first and last months of the run may be partial).
 */
export interface FlowPlan {
  readonly series: readonly FlowSeries[];
  /** The last step of each month of the run, ascending (the horizon ends the last). */
  readonly monthEnds: Int32Array;
}

export interface FlowSeries {
  readonly name: string;
  readonly kind: 'line' | 'group';
  /** A line's section, or for a group the section of its lines when they share one. */
  readonly section: 'costs' | 'revenue' | 'financing' | undefined;
  /** Money slots (`flowSlots`): the line, or the group's lines. */
  readonly slots: readonly number[];
}

/** A credit line's money, each a flow slot of its own: draws (in), repayments and interest (out). */
export const CREDIT_PARTS = ['draw', 'repayment', 'interest'] as const;

/** The money the monthly flows add up: slot L for line L, then for credit line k, slot lines + 3k + part. */
export function flowSlots(plan: Pick<Plan, 'lines' | 'credit'>): number {
  return plan.lines.length + CREDIT_PARTS.length * plan.credit.length;
}

/**
 * A revolving credit line, settled at the end of each day after cash += flow, in this order: on a
 * `payDay`, the interest accrued so far is paid; on the `maturity` day the balance is repaid; on
 * an `open` day, cash below `drawBelow` draws min(limit − balance, drawBelow − cash), or else cash
 * above `repayAbove` repays min(balance, cash − repayAbove); then interest accrues on the closing
 * balance at `dailyRate`. Per path: the balance and the interest accrued (both from 0).
 */
export interface CreditPlan {
  readonly key: string;
  readonly name: string;
  readonly limitInput: number;
  readonly drawBelow: number;
  readonly repayAbove: number | undefined;
  readonly dailyRate: number;
  /** Day tables (1 or 0): interest pay days; days on which it draws and repays; the maturity day (absent: none within the run). */
  readonly payDay: number;
  readonly open: number;
  readonly maturity: number | undefined;
}

/**
 * A per-path input ready to draw (`InputSpec`: its name, stream, kind, distribution or
 * probability), with a date input's window of steps (its value is the landing step).
 */
export interface InputPlan extends InputSpec {
  readonly firstStep: number;
  readonly lastStep: number;
}

/**
 * Users (when the scenario has them): users = initial · e^(state `logUsers` + logSeason[t]);
 * served users also add log capacity of the GPU chain's state. The GPU chain's state names.
 */
export interface ObservedPlan {
  readonly users: { readonly initial: number; readonly logUsers: number; readonly logSeason: Float64Array } | undefined;
  readonly gpu: { readonly stateNames: readonly string[]; readonly chain: number | undefined; readonly logCapacity: Float64Array };
}
