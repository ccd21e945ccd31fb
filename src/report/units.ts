import { percent, usd } from './format.js';

/** What a scenario field's number means, by its path: money, a rate, days or a count. */
export type Unit = 'money' | 'rate' | 'days' | 'count';

/**
 * The unit of a field or per-path input named by its path (`costs[fees].share`,
 * `customers.churn`, `debt[loan].amount`), for showing its values.
 * @example unitOf('customers.churn') // 'rate'
 */
export function unitOf(path: string): Unit {
  if (/(\.probability|\.growth\.(annual|monthly)|\.drift|volatility|\.price|\.capacity|\.share|\.cut|\.churn|\.rate|\.final_fee)$/.test(path)) return 'rate';
  if (/(\.slip|\.delay_days)$/.test(path)) return 'days';
  if (/(^customers\.(new|initial)|^users\.initial|\.level)$/.test(path)) return 'count';
  return 'money';
}

/**
 * A value of the field or input at `path` in its unit: a rate in % (to `rateDigits` decimals),
 * days to a tenth, a count to four significant digits, else dollars.
 * @example inUnit('customers.churn', 0.031, 1) // '3.1%'
 */
export function inUnit(path: string, value: number, rateDigits: number): string {
  const unit = unitOf(path);
  if (unit === 'rate') return percent(value, rateDigits);
  if (unit === 'days') return `${Number(value.toFixed(1))} days`;
  if (unit === 'count') return String(Number(value.toPrecision(4)));
  return usd(value);
}
