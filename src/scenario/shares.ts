import type { Diagnostic } from '../util/diagnostic.js';
import { type LineRef, lineKey as key, lineNames } from './line-refs.js';
import type { Scenario } from './schema.js';

export type { LineRef } from './line-refs.js';

/**
 * Lines that are a share of other lines (`share: 2.9%, of: [card sales]`): what each `of` names,
 * expanded to lines (`line-refs.ts`), and an order of all lines in which every line comes after
 * the lines it is a share of (the file's order wherever that already holds). A loop is a problem
 * naming it.
 */
export function resolveShares(s: Scenario): { refs: Map<string, LineRef[]>; order: LineRef[]; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const { all, lineOf, expand } = lineNames(s);
  const refs = new Map<string, LineRef[]>();
  for (const r of all) {
    const l = lineOf(r);
    if (l.share === undefined || l.of === undefined) continue;
    refs.set(key(r), expand(l.of, [r.section, r.index, 'of'], 'scenario.share', problems));
  }
  // depth-first order; a line met again while it is being visited closes a loop
  const order: LineRef[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (r: LineRef, trail: LineRef[]): void => {
    const k = key(r);
    if (state.get(k) === 'done') return;
    if (state.get(k) === 'visiting') {
      const loop = [...trail.slice(trail.findIndex((x) => key(x) === k)), r].map((x) => lineOf(x).name).join(' → ');
      problems.push({ code: 'scenario.share.loop', severity: 'error', path: [r.section, r.index, 'of'], message: `a share cannot depend on itself: ${loop}` });
      return;
    }
    state.set(k, 'visiting');
    for (const dep of refs.get(k) ?? []) visit(dep, [...trail, r]);
    state.set(k, 'done');
    order.push(r);
  };
  for (const r of all) visit(r, []);
  return { refs, order, problems };
}
