import { dayOf as day, type IsoDate } from '../util/calendar.js';
import type { Diagnostic } from '../util/diagnostic.js';
import { correlationOf } from './correlations.js';
import { MAX_DATED_EVENTS, MAX_DAYS, MAX_LINES, MAX_REPORT_DATES, MAX_TRIGGERED_EVENTS, type Scenario, firstControlCharacter } from './schema.js';
import { resolveShares } from './shares.js';
import { resolveActions } from './actions.js';

/**
 * Cross-field rules, run after the schema has accepted every field. Each pushes diagnostics with
 * the path of the field at fault; none throws.
 */
export function checkRules(s: Scenario): Diagnostic[] {
  const out: Diagnostic[] = [];
  const push = (code: string, path: (string | number)[], message: string, hint?: string) =>
    out.push({ code, severity: 'error', path, message, ...(hint === undefined ? {} : { hint }) });
  const start = day(s.start);
  const horizon = day(s.horizon);

  if (s.step !== 'day') push('scenario.step.unsupported', ['step'], `step ${s.step} is not supported yet (only day)`);
  if (horizon < start) push('scenario.horizon.order', ['horizon'], `must not be before start ${s.start} (got ${s.horizon})`);
  else if (horizon - start + 1 > MAX_DAYS) push('scenario.horizon.length', ['horizon'], `at most ${MAX_DAYS} days from start to horizon are supported (got ${horizon - start + 1} days)`);

  if (s.report.by.length > MAX_REPORT_DATES) push('scenario.report.count', ['report', 'by'], `at most ${MAX_REPORT_DATES} report dates (each is a cash column over every path; got ${s.report.by.length})`);
  const inWindow = (text: IsoDate) => day(text) >= start && day(text) <= horizon;
  s.report.by.forEach((d, i) => {
    if (!inWindow(d)) push('scenario.report.date', ['report', 'by', i], `must lie between start ${s.start} and horizon ${s.horizon} (got ${d})`);
  });

  s.expect.forEach((e, i) => {
    const r = e.ruin_probability;
    const path = ['expect', i, 'ruin_probability'];
    if (!inWindow(r.by)) push('scenario.expect.date', [...path, 'by'], `must lie between start ${s.start} and horizon ${s.horizon} (got ${r.by})`);
    if (r.max === undefined && r.min === undefined) push('scenario.expect.bound', path, 'give max, min or both');
    if (r.max !== undefined && r.min !== undefined && r.min > r.max) push('scenario.expect.bound', [...path, 'min'], `must not be above max (got min ${r.min}, max ${r.max})`);
  });

  const needsUsers = [...s.costs, ...s.revenue].some((l) => l.scales_with !== 'fixed');
  (['costs', 'revenue'] as const).forEach((section) => {
    const seen = new Set<string>();
    s[section].forEach((line, i) => {
      if (seen.has(line.name)) push('scenario.name.duplicate', [section, i, 'name'], `duplicate name ${JSON.stringify(line.name)} in ${section}`);
      seen.add(line.name);
      if (line.share === undefined) {
        if (line.of !== undefined) push('scenario.share.of', [section, i, 'of'], 'applies only with share');
      } else {
        if (line.of === undefined) push('scenario.share.of', [section, i, 'share'], 'needs of: the lines or groups it is a share of');
        const alone = { amount: line.amount !== undefined, per: line.per !== undefined, paid: line.paid !== undefined, prepaid: line.prepaid !== undefined, growth: line.growth !== undefined, volatility: line.volatility > 0, noise: (line.noise ?? 0) > 0, plan: line.plan !== undefined, scales_with: line.scales_with !== 'fixed', gpu_priced: line.gpu_priced };
        for (const [key, given] of Object.entries(alone)) {
          if (given) push('scenario.share.alone', [section, i, key], 'does not go with share: a share moves with the lines it is a share of, on their days');
        }
      }
      if (line.scales_with === 'customers' && s.customers === undefined) {
        push('scenario.customers.missing', [section, i, 'scales_with'], 'scales with customers but the scenario has no customers section');
      }
      if ((line.scales_with === 'users' || line.scales_with === 'served_users') && s.users === undefined) {
        push('scenario.users.missing', [section, i, 'scales_with'], `scales with ${line.scales_with} but the scenario has no users section`);
      }
      if (line.prepaid !== undefined) {
        if (line.scales_with !== 'customers') push('scenario.prepaid.customers', [section, i, 'prepaid'], 'applies only to a line that scales with customers (scales_with: customers)');
        if (line.paid !== undefined) push('scenario.prepaid.paid', [section, i, 'paid'], 'does not go with prepaid: a prepaid line is paid when each customer signs or renews');
        if (line.noise !== undefined) push('scenario.prepaid.noise', [section, i, 'noise'], 'does not go with prepaid (use volatility for noise around the payments)');
      }
      if (line.gpu_priced && s.gpu === undefined) push('scenario.gpu.missing', [section, i, 'gpu_priced'], 'is GPU-priced but the scenario has no gpu section');
      if (line.growth !== undefined && (line.growth.annual === undefined) === (line.growth.monthly === undefined)) {
        push('scenario.growth.rate', [section, i, 'growth'], 'give exactly one of annual or monthly');
      }
      line.plan?.forEach((point, k) => {
        const previous = line.plan![k - 1];
        if (previous !== undefined && day(point.date) < day(previous.date)) push('scenario.plan.order', [section, i, 'plan', k, 'date'], `must not be before the previous point's ${previous.date} (got ${point.date})`);
        if (k === 0 && point.ramp) push('scenario.plan.ramp', [section, i, 'plan', 0, 'ramp'], 'the first point has nothing to ramp from');
      });
      const paid = line.paid;
      if (paid !== undefined) {
        const kinds = [paid.day !== undefined && 'day', paid.weekday !== undefined && 'weekday', paid.every !== undefined && 'every'].filter(Boolean);
        if (kinds.length !== 1) push('scenario.paid.kind', [section, i, 'paid'], `give exactly one of day (of the month), weekday or every (got ${kinds.length === 0 ? 'none' : kinds.join(' and ')})`);
        if (paid.months !== undefined && paid.day === undefined) push('scenario.paid.months', [section, i, 'paid', 'months'], 'applies only with day (a day of the month)');
        if (paid.every !== undefined && paid.from === undefined) push('scenario.paid.from', [section, i, 'paid'], 'every needs from: a date on which a payment falls');
        if (paid.from !== undefined && paid.every === undefined) push('scenario.paid.from', [section, i, 'paid', 'from'], 'applies only with every');
      }
      if (line.from !== undefined && line.until !== undefined && day(line.until) < day(line.from)) {
        push('scenario.window.order', [section, i, 'until'], `must not be before from ${line.from} (got ${line.until})`);
      }
    });
  });
  void needsUsers;

  const loanNames = new Set<string>();
  (s.debt ?? []).forEach((d, i) => {
    if (loanNames.has(d.name)) push('scenario.name.duplicate', ['debt', i, 'name'], `duplicate name ${JSON.stringify(d.name)} in debt`);
    loanNames.add(d.name);
    if (d.interest_only + d.amortize === 0) push('scenario.debt.term', ['debt', i], 'give interest_only, amortize or both: the number of monthly payments');
    if (!inWindow(d.date)) push('scenario.debt.date', ['debt', i, 'date'], `must lie between start ${s.start} and horizon ${s.horizon} (got ${d.date})`);
  });

  const creditNames = new Set<string>(loanNames);
  (s.credit_lines ?? []).forEach((c, i) => {
    const at = ['credit_lines', i];
    if (creditNames.has(c.name)) push('scenario.name.duplicate', [...at, 'name'], `duplicate name ${JSON.stringify(c.name)} in debt and credit lines`);
    creditNames.add(c.name);
    if (c.repay_above !== undefined && c.repay_above < c.draw_below) push('scenario.credit.levels', [...at, 'repay_above'], `must not be below draw_below ${c.draw_below} (got ${c.repay_above})`);
    for (const key of ['from', 'until'] as const) {
      const d = c[key];
      if (d !== undefined && !inWindow(d)) push('scenario.credit.date', [...at, key], `must lie between start ${s.start} and horizon ${s.horizon} (got ${d})`);
    }
    if (c.from !== undefined && c.until !== undefined && day(c.until) <= day(c.from)) push('scenario.credit.date', [...at, 'until'], `must be after from ${c.from} (got ${c.until})`);
    if (c.limit.type === 'constant' && c.limit.value < 0) push('scenario.credit.limit', [...at, 'limit'], `must be at least 0 (got ${c.limit.value})`);
  });

  const lineCount = s.costs.length + s.revenue.length;
  if (lineCount > MAX_LINES) push('scenario.lines.count', [s.costs.length > 0 ? 'costs' : 'revenue'], `at most ${MAX_LINES} cost and revenue lines together (each is code in the simulated day; got ${lineCount})`);
  const dated = s.events.filter((e) => e.date !== undefined).length;
  const triggered = s.events.length - dated;
  if (dated > MAX_DATED_EVENTS) push('scenario.events.count', ['events'], `at most ${MAX_DATED_EVENTS} dated events (each is three draws a path; got ${dated})`);
  if (triggered > MAX_TRIGGERED_EVENTS) push('scenario.events.count', ['events'], `at most ${MAX_TRIGGERED_EVENTS} triggered events (each is checked on every path every day; got ${triggered})`);

  const eventNames = new Set<string>();
  s.events.forEach((e, i) => {
    if (eventNames.has(e.name)) push('scenario.name.duplicate', ['events', i, 'name'], `duplicate name ${JSON.stringify(e.name)} in events`);
    eventNames.add(e.name);
    if ((e.date === undefined) === (e.when === undefined)) {
      push('scenario.event.timing', ['events', i], 'give exactly one of date (a dated event) or when (a triggered event)');
    }
    if (e.date !== undefined) {
      if (day(e.date.to) < day(e.date.from)) push('scenario.date.order', ['events', i, 'date'], `range must not end before it starts (got ${e.date.from} to ${e.date.to})`);
      else if (day(e.date.from) < start) push('scenario.event.before-start', ['events', i, 'date'], `must not be before start ${s.start} (got ${e.date.from})`);
      else if (day(e.date.to) > horizon) {
        const when = day(e.date.from) > horizon ? `is after the horizon ${s.horizon}: its money never arrives in the run` : `runs past the horizon ${s.horizon}: on paths whose day falls after it the money never arrives`;
        out.push({ code: 'scenario.event.after-horizon', severity: 'warning', path: ['events', i, 'date'], message: when });
      }
      if (e.delay_days !== 0) push('scenario.event.delay', ['events', i, 'delay_days'], 'applies only to triggered events (when)');
    }
  });

  if (s.gpu !== undefined) {
    const a = s.gpu.availability;
    const names = Object.keys(a.states);
    for (const state of names) {
      if (firstControlCharacter(state) >= 0) push('scenario.name.control', ['gpu', 'availability', 'states', state], 'a state name must not contain control characters');
    }
    if (names.length === 0) push('scenario.gpu.states', ['gpu', 'availability', 'states'], 'needs at least one state');
    if (names.length > 0 && !names.includes(a.initial)) {
      push('scenario.gpu.initial', ['gpu', 'availability', 'initial'], `is not one of the states ${names.join(', ')} (got ${a.initial})`);
    }
    const outgoing = new Map<string, number>();
    for (const [key, p] of Object.entries(a.transitions)) {
      const m = /^\s*([^\s>-][^>]*?)\s*->\s*(\S.*?)\s*$/.exec(key);
      const path = ['gpu', 'availability', 'transitions', key];
      if (!m) {
        push('scenario.gpu.transition', path, 'expected a key of the form from->to');
        continue;
      }
      const [from, to] = [m[1]!, m[2]!];
      for (const state of [from, to]) if (!names.includes(state)) push('scenario.gpu.transition', path, `${state} is not one of the states ${names.join(', ')}`);
      if (from === to) push('scenario.gpu.transition', path, 'a transition must go to another state');
      outgoing.set(from, (outgoing.get(from) ?? 0) + p);
    }
    for (const [from, total] of outgoing) {
      if (total > 1 + 1e-12) push('scenario.gpu.transition', ['gpu', 'availability', 'transitions'], `probabilities out of ${from} add up to more than 100% (got ${+(total * 100).toFixed(6)}%)`);
    }
  }
  out.push(...resolveShares(s).problems);
  out.push(...resolveActions(s).problems);
  out.push(...correlationOf(s).problems);
  return out;
}
