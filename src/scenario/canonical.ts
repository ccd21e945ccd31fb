import { createHash } from 'node:crypto';
import { formatNumber } from '../distributions/index.js';
import { describeDist } from '../distributions/describe.js';
import { formatPath } from '../util/diagnostic.js';
import type { Scenario } from './schema.js';

/** JSON with object keys sorted at every level and undefined fields left out. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/**
 * SHA-256 of the normalised scenario's canonical JSON: equal for a YAML file and its JSON
 * translation, and for files that differ only in comments, layout or how a number is written.
 */
export function scenarioHash(s: Scenario): string {
  return createHash('sha256').update(canonicalJson(s)).digest('hex');
}

/** Where an assumption came from (echoed in the result's `provenance`). */
export interface Provenance {
  readonly path: string;
  readonly name: string;
  readonly source?: string;
  readonly note?: string;
  /** The assumption itself, in the scenario's compact text (`500k to 900k a day`). */
  readonly value?: string;
}

const pct = (x: number) => `${Number((x * 100).toPrecision(4))}%`;

/**
 * Where each assumption came from: every driver, line, event, loan, credit line and action with a `source` or `note`,
 * with its value as the scenario states it.
 */
export function provenanceOf(s: Scenario): Provenance[] {
  const out: Provenance[] = [];
  const add = (path: (string | number)[], name: string, item: { source?: string | undefined; note?: string | undefined } | undefined, value: () => string) => {
    if (item === undefined || (item.source === undefined && item.note === undefined)) return;
    out.push({ path: formatPath(path), name, ...(item.source === undefined ? {} : { source: item.source.trim() }), ...(item.note === undefined ? {} : { note: item.note.trim() }), value: value() });
  };
  const n = formatNumber;
  add(['cash'], 'cash', s.cash, () => `initial ${describeDist(s.cash.initial)}`);
  add(['users'], 'users', s.users, () => {
    const u = s.users!;
    return `initial ${n(u.initial)}; drift ${describeDist(u.growth.drift)} and volatility ${pct(u.growth.volatility)} a ${u.growth.per}`;
  });
  add(['customers'], 'customers', s.customers, () => {
    const c = s.customers!;
    return `initial ${n(c.initial)}; new ${describeDist(c.new)} and churn ${describeDist(c.churn)} a ${c.per}`;
  });
  add(['gpu'], 'gpu', s.gpu, () =>
    Object.entries(s.gpu!.availability.states)
      .map(([name, st]) => `${name}: capacity ${pct(st.capacity)}${st.price === 0 ? '' : `, price ${st.price > 0 ? '+' : ''}${pct(st.price)}`}`)
      .join('; '),
  );
  for (const section of ['costs', 'revenue'] as const) {
    s[section].forEach((l, i) =>
      add([section, i], l.name, l, () => (l.share !== undefined ? `${describeDist(l.share)} of ${(l.of ?? []).join(', ')}` : `${describeDist(l.amount!)} a ${l.per}${l.scales_with === 'fixed' ? '' : ` (scales with ${l.scales_with.replace('_', ' ')})`}`)),
    );
  }
  s.events.forEach((e, i) =>
    add(['events', i], e.name, e, () => {
      const when = e.date !== undefined ? (e.date.from === e.date.to ? `on ${e.date.from}` : `between ${e.date.from} and ${e.date.to}`) : `when cash < ${n(e.when!.cash_below)}`;
      return `${describeDist(e.amount)} ${e.direction}, ${when}${e.probability < 1 ? `, ${pct(e.probability)} chance` : ''}`;
    }),
  );
  (s.debt ?? []).forEach((d, i) => add(['debt', i], d.name, d, () => `${describeDist(d.amount)} drawn ${d.date} at ${pct(d.rate)} a year`));
  (s.credit_lines ?? []).forEach((c, i) =>
    add(['credit_lines', i], c.name, c, () => `limit ${describeDist(c.limit)}, drawn below ${n(c.draw_below)}${c.repay_above === undefined ? '' : `, repaid above ${n(c.repay_above)}`}, at ${pct(c.rate)} a year`),
  );
  (s.actions ?? []).forEach((a, i) =>
    add(['actions', i], a.name, a, () => {
      const when = a.when.runway_below !== undefined ? `runway < ${n(a.when.runway_below)} months` : `cash < ${n(a.when.cash_below!)}`;
      const changes = [
        a.cut === undefined ? undefined : `cut ${describeDist(a.cut)} of ${(a.lines ?? []).join(', ')}`,
        a.stop === undefined ? undefined : `stop ${a.stop.join(', ')}`,
        a.freeze_growth === undefined ? undefined : `freeze the growth of ${a.freeze_growth.join(', ')}`,
        a.start === undefined ? undefined : `start ${a.start.join(', ')}`,
      ].filter((x) => x !== undefined);
      return `when ${when}${a.delay_days > 0 ? `, after ${a.delay_days} days` : ''}: ${changes.join('; ')}${a.repeat ? ' (each time)' : ''}`;
    }),
  );
  return out;
}
