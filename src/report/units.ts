/** What a scenario field's number means, by its path: money, a rate, days or a count. */
export type Unit = 'money' | 'rate' | 'days' | 'count';

/**
 * The unit of a field or per-path input named by its path (`costs[fees].share`,
 * `customers.churn`, `debt[loan].amount`), for showing its values.
 * @example unitOf('customers.churn') // 'rate'
 */
export function unitOf(path: string): Unit {
  if (/(\.probability|\.growth\.(annual|monthly)|\.drift|volatility|\.price|\.capacity|\.share|\.churn|\.rate|\.final_fee)$/.test(path)) return 'rate';
  if (/(\.slip|\.delay_days)$/.test(path)) return 'days';
  if (/(^customers\.(new|initial)|^users\.initial|\.level)$/.test(path)) return 'count';
  return 'money';
}
