import type { DistSpec } from '../distributions/index.js';
import { dayOf } from '../util/calendar.js';
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

/** Where each input sits in the list, by the field it comes from (indices into `list`). */
export interface InputIndex {
  readonly cash: number;
  readonly usersDrift: number | undefined;
  readonly customers: { readonly new: number; readonly churn: number } | undefined;
  /** Per loan, in file order: its amount's input. */
  readonly loans: readonly number[];
  /** Per line, in file order within its section: its amount's input (a share line's share), its growth rate's. */
  readonly lines: Record<'costs' | 'revenue', readonly { readonly amount: number; readonly growth: number | undefined; readonly slips: readonly (number | undefined)[] }[]>;
  /** Per event, in file order (`date` only for dated events). */
  readonly events: readonly { readonly happens: number; readonly date: number | undefined; readonly amount: number }[];
  /** Per credit line, in file order: its limit's input. */
  readonly credit: readonly number[];
  /** Per action, in file order: its cut's input (undefined without a cut). */
  readonly actions: readonly (number | undefined)[];
}

/** The scenario's per-path inputs in a fixed order (the order of the file's sections), and where each field's input is. */
export function perPathInputs(s: Scenario): { readonly list: InputSpec[]; readonly index: InputIndex } {
  const list: InputSpec[] = [];
  const push = (spec: InputSpec) => list.push(spec) - 1;
  const value = (name: string, stream: string, spec: DistSpec, stride = 1, offset = 0) =>
    push({ name, stream, stride, offset, kind: 'value', spec, varies: spec.type !== 'constant' });
  const cash = value('cash.initial', 'cash/initial', s.cash.initial);
  const usersDrift = s.users === undefined ? undefined : value('users.growth.drift', 'users/drift', s.users.growth.drift);
  const customers = s.customers === undefined ? undefined : { new: value('customers.new', 'customers/new', s.customers.new), churn: value('customers.churn', 'customers/churn', s.customers.churn) };
  const lines = { costs: [] as InputIndex['lines']['costs'][number][], revenue: [] as InputIndex['lines']['revenue'][number][] };
  for (const section of ['costs', 'revenue'] as const) {
    for (const line of s[section]) {
      const key = `${section}/${line.name}`;
      // a share line's per-path draw is its share
      const amount = line.share !== undefined ? value(`${section}[${line.name}].share`, `${key}/share`, line.share) : value(`${section}[${line.name}].amount`, `${key}/amount`, line.amount!);
      const g = line.growth;
      const growth =
        g?.annual !== undefined
          ? value(`${section}[${line.name}].growth.annual`, `${key}/growth`, g.annual)
          : g?.monthly !== undefined
            ? value(`${section}[${line.name}].growth.monthly`, `${key}/growth`, g.monthly)
            : undefined;
      const slips = (line.plan ?? []).map((point, k) => (point.slip === undefined ? undefined : value(`${section}[${line.name}].plan[${k}].slip`, `${key}/plan/${k}/slip`, point.slip)));
      lines[section].push({ amount, growth, slips });
    }
  }
  const loans = (s.debt ?? []).map((d) => value(`debt[${d.name}].amount`, `debt/${d.name}/amount`, d.amount));
  const events = s.events.map((e) => {
    const stream = `events/${e.name}`;
    const uncertain = e.probability > 0 && e.probability < 1;
    if (e.date !== undefined) {
      const happens = push({ name: `events[${e.name}].happens`, stream, stride: 3, offset: 0, kind: 'happens', probability: e.probability, varies: uncertain });
      const date = push({ name: `events[${e.name}].date`, stream, stride: 3, offset: 1, kind: 'date', varies: dayOf(e.date.to) > dayOf(e.date.from) });
      return { happens, date, amount: value(`events[${e.name}].amount`, stream, e.amount, 3, 2) };
    }
    const happens = push({ name: `events[${e.name}].happens`, stream, stride: 2, offset: 0, kind: 'happens', probability: e.probability, varies: uncertain });
    return { happens, date: undefined, amount: value(`events[${e.name}].amount`, stream, e.amount, 2, 1) };
  });
  const credit = (s.credit_lines ?? []).map((c) => value(`credit_lines[${c.name}].limit`, `credit/${c.name}/limit`, c.limit));
  const actions = (s.actions ?? []).map((a) => (a.cut === undefined ? undefined : value(`actions[${a.name}].cut`, `actions/${a.name}/cut`, a.cut)));
  return { list, index: { cash, usersDrift, customers, lines, loans, events, credit, actions } };
}
