import { civilDate, dayNumber, daysInMonth } from '../util/calendar.js';

/** A loan's terms (the scenario's `debt:` entry, dates as day numbers). */
export interface LoanTerms {
  readonly drawDay: number;
  /** Annual interest rate, simple, accrued daily. */
  readonly rate: number;
  /** Days in the year for the daily interest: 365 (actual/365) or 360 (actual/360). */
  readonly dayCount: 365 | 360;
  /** Monthly payments of interest only, then `amortize` payments of equal principal (0: all of it with the last interest payment). */
  readonly interestOnly: number;
  readonly amortize: number;
  /** Day of the month of the payments (the month's last day if shorter). */
  readonly payDay: number;
  /** Paid with the last payment, as a share of the principal. */
  readonly finalFee: number;
}

/** A loan's cash flows per unit of principal, by day number: draw (+1), interest, principal and fee (as positive amounts). */
export interface LoanFlows {
  readonly draw: Map<number, number>;
  readonly interest: Map<number, number>;
  readonly principal: Map<number, number>;
  readonly fee: Map<number, number>;
}

/**
 * The schedule of a loan of 1: drawn on its day; interest accrues each day the balance is
 * outstanding (from the draw day, up to the day before a payment) at rate/dayCount, and is paid
 * monthly on the pay day, from the first pay day after the draw; after `interestOnly` payments,
 * `amortize` payments each repay 1/amortize of the principal (with `amortize` 0, the whole
 * principal goes with the last interest payment: a bullet), and the last payment adds the fee.
 * The balance after a payment earns interest from that day.
 */
export function loanSchedule(t: LoanTerms): LoanFlows {
  const flows: LoanFlows = { draw: new Map([[t.drawDay, 1]]), interest: new Map(), principal: new Map(), fee: new Map() };
  const count = t.amortize === 0 ? t.interestOnly : t.interestOnly + t.amortize;
  let balance = 1;
  let accruedFrom = t.drawDay;
  let { year, month } = civilDate(t.drawDay);
  for (let k = 1; k <= count; k++) {
    // the k-th pay day: the first on or after the day after the draw, then monthly
    let payday = dayNumber({ year, month, day: Math.min(t.payDay, daysInMonth(year, month)) });
    if (k === 1 && payday <= t.drawDay) {
      month += 1;
      if (month > 12) [year, month] = [year + 1, 1];
      payday = dayNumber({ year, month, day: Math.min(t.payDay, daysInMonth(year, month)) });
    }
    flows.interest.set(payday, (balance * t.rate * (payday - accruedFrom)) / t.dayCount);
    accruedFrom = payday;
    const last = k === count;
    const repay = t.amortize === 0 ? (last ? balance : 0) : k > t.interestOnly ? (last ? balance : 1 / t.amortize) : 0;
    if (repay > 0) flows.principal.set(payday, repay);
    balance -= repay;
    if (last && t.finalFee > 0) flows.fee.set(payday, t.finalFee);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return flows;
}
