import type { Distribution } from '../distributions/index.js';
import type { Correlation } from '../scenario/correlations.js';
import type { InputSpec } from '../scenario/inputs.js';

/**
 * A compiled scenario: everything the engine needs, as numbers and typed arrays indexed by step.
 * Step t is the calendar day `startDay + t`; there are `days` steps, start and horizon included.
 */
export interface Plan {
  readonly startDay: number;
  readonly days: number;
  readonly seed: string;
  /**
   * The per-path draws, each by inversion of one uniform; the parts below name theirs by index.
   * The engine draws them all first (then stratifies them with `sampling: lhs` and correlates
   * them through the copula), so each part reads a ready value.
   */
  readonly inputs: readonly InputPlan[];
  readonly sampling: 'random' | 'lhs';
  readonly correlation: Correlation | undefined;
  /** Input: initial cash. */
  readonly cashInput: number;
  readonly users: UsersPlan | undefined;
  readonly gpu: GpuPlan;
  readonly lines: readonly LinePlan[];
  readonly datedEvents: readonly DatedEventPlan[];
  readonly triggeredEvents: readonly TriggeredEventPlan[];
  /** Steps at which cash is sampled for percentiles (month ends, report dates, horizon), ascending. */
  readonly checkpoints: Int32Array;
  /** Steps for which P(ruin by that day) is reported (report dates and the horizon), ascending. */
  readonly reportSteps: Int32Array;
}

export interface UsersPlan {
  /** Users on the start date (the model works with users relative to it). */
  readonly initial: number;
  /** Input: the expected log-growth per `periodDays` days (continuous rate). */
  readonly driftInput: number;
  readonly periodDays: number;
  /** Volatility of log users per day: volatility / sqrt(periodDays). */
  readonly volatilityPerDay: number;
  /** s(month of step t) / s(month of the start date), s = 1 + seasonality. */
  readonly seasonal: Float64Array;
}

export interface GpuPlan {
  readonly stateNames: readonly string[];
  readonly initialState: number;
  readonly capacity: Float64Array;
  /** Multiplier of GPU-priced lines in each state (1 + price). */
  readonly priceFactor: Float64Array;
  /** For state i: cumulative probabilities and targets of its transitions, in file order. */
  readonly transitions: readonly { readonly cumulative: Float64Array; readonly targets: Int32Array }[];
}

/** What a line's amount is multiplied by: nothing, users relative to the start, or served users. */
export const Scaling = { Fixed: 0, Users: 1, ServedUsers: 2 } as const;
export type Scaling = (typeof Scaling)[keyof typeof Scaling];

export interface LinePlan {
  /** Stream key, e.g. `costs/ChatGPT inference`. */
  readonly key: string;
  readonly name: string;
  readonly sign: 1 | -1;
  /** Input: the amount per period. */
  readonly amountInput: number;
  /** Per step: 1/(days in the line's period containing step t), or 0 outside the active window. */
  readonly dailyFactor: Float64Array;
  /** Equal for lines with equal `dailyFactor` (same period and window). */
  readonly calendarKey: string;
  readonly scaling: Scaling;
  readonly gpuPriced: boolean;
  /** Input: the growth rate per `periodDays` (simple rate, compounded daily). */
  readonly growth: { readonly rateInput: number; readonly periodDays: number } | undefined;
  /** First active step: growth is counted from here. */
  readonly firstStep: number;
  readonly volatility: number;
}

export interface DatedEventPlan {
  readonly key: string;
  readonly name: string;
  readonly sign: 1 | -1;
  /** Inputs: whether it happens (1 or 0), its step, its amount. */
  readonly happensInput: number;
  readonly dateInput: number;
  readonly amountInput: number;
  /** Step of the first and last possible day (may lie beyond the horizon). */
  readonly firstStep: number;
  readonly lastStep: number;
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
 * A per-path input (see `perPathInputs`) ready to draw: a value input's distribution, a happens
 * input's probability, a date input's window (its value is the landing step).
 */
export interface InputPlan extends InputSpec {
  readonly dist: Distribution | undefined;
  readonly firstStep: number;
  readonly lastStep: number;
}
