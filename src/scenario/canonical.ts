import { createHash } from 'node:crypto';
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
}

/** Where each assumption came from: every driver, line and event with a `source` or `note`. */
export function provenanceOf(s: Scenario): Provenance[] {
  const out: Provenance[] = [];
  const add = (path: (string | number)[], name: string, item: { source?: string | undefined; note?: string | undefined } | undefined) => {
    if (item === undefined || (item.source === undefined && item.note === undefined)) return;
    out.push({ path: formatPath(path), name, ...(item.source === undefined ? {} : { source: item.source.trim() }), ...(item.note === undefined ? {} : { note: item.note.trim() }) });
  };
  add(['cash'], 'cash', s.cash);
  add(['users'], 'users', s.users);
  add(['gpu'], 'gpu', s.gpu);
  s.costs.forEach((l, i) => add(['costs', i], l.name, l));
  s.revenue.forEach((l, i) => add(['revenue', i], l.name, l));
  s.events.forEach((e, i) => add(['events', i], e.name, e));
  return out;
}
