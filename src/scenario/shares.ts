import { closest, distance } from 'fastest-levenshtein';
import type { Diagnostic } from '../util/diagnostic.js';
import type { Scenario } from './schema.js';

/** A cost or revenue line, by its section and index in the file. */
export interface LineRef {
  readonly section: 'costs' | 'revenue';
  readonly index: number;
}

const SECTIONS = ['costs', 'revenue'] as const;

/**
 * Lines that are a share of other lines (`share: 2.9%, of: [card sales]`): what each `of` names,
 * expanded to lines, and an order of all lines in which every line comes after the lines it is a
 * share of (the file's order wherever that already holds). `of` names lines (in either section),
 * groups (`group:` on lines), or `costs` and `revenue`, meaning every line of that section that is
 * not itself a share. A loop is a problem naming it.
 */
export function resolveShares(s: Scenario): { refs: Map<string, LineRef[]>; order: LineRef[]; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const all: LineRef[] = SECTIONS.flatMap((section) => s[section].map((_, index) => ({ section, index })));
  const lineOf = (r: LineRef) => s[r.section][r.index]!;
  const key = (r: LineRef) => `${r.section}[${r.index}]`;
  const byName = new Map<string, LineRef>();
  const groups = new Map<string, LineRef[]>();
  for (const r of all) {
    byName.set(lineOf(r).name, r);
    const g = lineOf(r).group;
    if (g !== undefined) groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  const refs = new Map<string, LineRef[]>();
  for (const r of all) {
    const l = lineOf(r);
    if (l.share === undefined || l.of === undefined) continue;
    const expanded: LineRef[] = [];
    l.of.forEach((name, k) => {
      const path = [r.section, r.index, 'of', k];
      const asLine = byName.get(name);
      const asGroup = groups.get(name);
      if (asLine !== undefined && asGroup !== undefined) {
        problems.push({ code: 'scenario.share.ambiguous', severity: 'error', path, message: `${JSON.stringify(name)} names both a line and a group; rename one` });
      } else if (asLine !== undefined) expanded.push(asLine);
      else if (asGroup !== undefined) expanded.push(...asGroup);
      else if (name === 'costs' || name === 'revenue') expanded.push(...all.filter((x) => x.section === name && lineOf(x).share === undefined));
      else {
        const known = [...byName.keys(), ...groups.keys(), 'costs', 'revenue'];
        const suggestion = closest(name, known);
        const hint = distance(name, suggestion) <= Math.max(2, Math.floor(name.length / 3)) ? `did you mean ${suggestion}?` : `lines and groups: ${known.join(', ')}`;
        problems.push({ code: 'scenario.share.unknown', severity: 'error', path, message: `no line or group named ${JSON.stringify(name)}`, hint });
      }
    });
    refs.set(key(r), expanded);
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
