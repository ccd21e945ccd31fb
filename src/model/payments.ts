import type { Line } from '../scenario/schema.js';
import { civilDate, dayOf, daysInMonth, MONTH_KEYS } from '../util/calendar.js';

/** A line's payment schedule, as the scenario gives it (`paid:`). */
export type Schedule = NonNullable<Line['paid']>;

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Day of the week of a day number: 0 Sunday … 6 Saturday (1970-01-01 was a Thursday). */
export function weekday(dayNo: number): number {
  return (((dayNo + 4) % 7) + 7) % 7;
}

/** Whether `dayNo` is a nominal payment day of the schedule (before any weekend rule). */
function nominal(s: Schedule, dayNo: number): boolean {
  if (s.weekday !== undefined) return weekday(dayNo) === WEEKDAYS.indexOf(s.weekday);
  if (s.every !== undefined) {
    const step = s.every.days;
    return (((dayNo - dayOf(s.from!)) % step) + step) % step === 0;
  }
  const { year, month, day } = civilDate(dayNo);
  if (s.months !== undefined && !s.months.includes(MONTH_KEYS[month - 1]!)) return false;
  const last = daysInMonth(year, month);
  return day === (s.day === 'last' ? last : Math.min(s.day!, last));
}

/**
 * The payment days of a schedule from `firstDay` to `lastDay` (day numbers, inclusive), ascending:
 * each nominal day, moved by the weekend rule (a Saturday or Sunday to the Friday before, or to the
 * Monday after) when there is one.
 */
export function paymentDays(s: Schedule, firstDay: number, lastDay: number): number[] {
  const out: number[] = [];
  // look 3 days around the range so that a nominal day moved into it is found
  for (let d = firstDay - 3; d <= lastDay + 3; d++) {
    if (!nominal(s, d)) continue;
    const w = weekday(d);
    let paid = d;
    if (s.weekend === 'before' && (w === 0 || w === 6)) paid = d - (w === 6 ? 1 : 2);
    else if (s.weekend === 'after' && (w === 0 || w === 6)) paid = d + (w === 6 ? 2 : 1);
    if (paid >= firstDay && paid <= lastDay && out[out.length - 1] !== paid) out.push(paid);
  }
  return out.sort((a, b) => a - b);
}

/**
 * Per simulated day t, what the line pays that day as a multiple of its amount: on a payment day,
 * the sum of `share(d)` over the days d it covers (the days after the previous payment day, up to
 * and including this one, within the line's active window [first, last]); 0 on other days. The
 * cycle before the first payment of the run is counted in full, from the schedule's previous
 * payment day before the start (a payroll paid on the 25th pays a whole month on the first 25th).
 * Days after the last payment day in the horizon are not paid within it.
 */
export function paidFactors(s: Schedule, share: (dayNo: number) => number, startDay: number, days: number, active: { from: number; until: number }): Float64Array {
  const factors = new Float64Array(days);
  const lookBack = 400; // every schedule pays at least once a year
  const paydays = paymentDays(s, startDay - lookBack, startDay + days - 1);
  let previous = paydays.filter((d) => d < startDay).at(-1) ?? startDay - lookBack;
  for (const payday of paydays) {
    if (payday < startDay) continue;
    let sum = 0;
    for (let d = Math.max(previous + 1, active.from); d <= Math.min(payday, active.until); d++) sum += share(d);
    factors[payday - startDay] = sum;
    previous = payday;
  }
  return factors;
}
