import type { DistSpec } from '../distributions/index.js';
import { parseIsoDate } from '../util/calendar.js';
import type { Scenario } from './schema.js';

/**
 * What a per-path input is: a value drawn from a distribution, whether an event happens
 * (uniform < probability), or the day a dated event lands within its window.
 */
export type InputKind = 'value' | 'happens' | 'date';

/**
 * A quantity drawn once per path, by inversion of one uniform. Its name is the scenario path of
 * the field it comes from, in `--set` syntax (`cash.initial`, `costs[inference].amount`,
 * `revenue[API].growth.annual`), or for events `events[name].happens` and `events[name].date`.
 *
 * Each input reads its uniforms from a stream, `stride` per path at position `offset`: a dated
 * event's three draws (happens, date, amount) share the event's stream, in that order.
 */
export interface InputSpec {
  readonly name: string;
  readonly stream: string;
  readonly stride: number;
  readonly offset: number;
  readonly kind: InputKind;
  /** The distribution of a value input. */
  readonly spec?: DistSpec;
  /** The probability of a happens input. */
  readonly probability?: number;
  /** Whether the draw can differ between paths (not a constant, a certain event or a one-day window). */
  readonly varies: boolean;
}

const dayNumber = (text: string) => (parseIsoDate(text) as { day: number }).day;

/** The scenario's per-path inputs, in a fixed order (the order of the file's sections). */
export function perPathInputs(s: Scenario): InputSpec[] {
  const out: InputSpec[] = [];
  const value = (name: string, stream: string, spec: DistSpec, stride = 1, offset = 0) =>
    out.push({ name, stream, stride, offset, kind: 'value', spec, varies: spec.type !== 'constant' });
  value('cash.initial', 'cash/initial', s.cash.initial);
  if (s.users !== undefined) value('users.growth.drift', 'users/drift', s.users.growth.drift);
  for (const section of ['costs', 'revenue'] as const) {
    for (const line of s[section]) {
      const key = `${section}/${line.name}`;
      value(`${section}[${line.name}].amount`, `${key}/amount`, line.amount);
      const g = line.growth;
      if (g?.annual !== undefined) value(`${section}[${line.name}].growth.annual`, `${key}/growth`, g.annual);
      else if (g?.monthly !== undefined) value(`${section}[${line.name}].growth.monthly`, `${key}/growth`, g.monthly);
    }
  }
  for (const e of s.events) {
    const stream = `events/${e.name}`;
    const uncertain = e.probability > 0 && e.probability < 1;
    if (e.date !== undefined) {
      out.push({ name: `events[${e.name}].happens`, stream, stride: 3, offset: 0, kind: 'happens', probability: e.probability, varies: uncertain });
      out.push({ name: `events[${e.name}].date`, stream, stride: 3, offset: 1, kind: 'date', varies: dayNumber(e.date.to) > dayNumber(e.date.from) });
      value(`events[${e.name}].amount`, stream, e.amount, 3, 2);
    } else {
      out.push({ name: `events[${e.name}].happens`, stream, stride: 2, offset: 0, kind: 'happens', probability: e.probability, varies: uncertain });
      value(`events[${e.name}].amount`, stream, e.amount, 2, 1);
    }
  }
  return out;
}
