import { closest, distance } from 'fastest-levenshtein';
import type { Diagnostic } from '../util/diagnostic.js';
import type { Scenario } from './schema.js';

/** A cost or revenue line, by its section and index in the file. */
export interface LineRef {
  readonly section: 'costs' | 'revenue';
  readonly index: number;
}

export const SECTIONS = ['costs', 'revenue'] as const;

export const lineKey = (r: LineRef) => `${r.section}[${r.index}]`;

/**
 * The scenario's cost and revenue lines, and how a name in a list of lines (`of:` of a share, the
 * lines of an action) expands to them: a line's name (in either section), a group (`group:` on
 * lines), or `costs` or `revenue`, meaning every line of that section that is not a share. A name
 * that is none of these, or both a line and a group, is a problem at `path`.
 */
export function lineNames(s: Scenario) {
  const all: LineRef[] = SECTIONS.flatMap((section) => s[section].map((_, index) => ({ section, index })));
  const lineOf = (r: LineRef) => s[r.section][r.index]!;
  const byName = new Map<string, LineRef>();
  const groups = new Map<string, LineRef[]>();
  for (const r of all) {
    byName.set(lineOf(r).name, r);
    const g = lineOf(r).group;
    if (g !== undefined) groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  const expand = (names: readonly string[], path: readonly (string | number)[], code: string, problems: Diagnostic[]): LineRef[] => {
    const expanded: LineRef[] = [];
    names.forEach((name, k) => {
      const at = [...path, k];
      const asLine = byName.get(name);
      const asGroup = groups.get(name);
      if (asLine !== undefined && asGroup !== undefined) {
        problems.push({ code: `${code}.ambiguous`, severity: 'error', path: at, message: `${JSON.stringify(name)} names both a line and a group; rename one` });
      } else if (asLine !== undefined) expanded.push(asLine);
      else if (asGroup !== undefined) expanded.push(...asGroup);
      else if (name === 'costs' || name === 'revenue') expanded.push(...all.filter((x) => x.section === name && lineOf(x).share === undefined));
      else {
        const known = [...byName.keys(), ...groups.keys(), 'costs', 'revenue'];
        const suggestion = closest(name, known);
        const hint = distance(name, suggestion) <= Math.max(2, Math.floor(name.length / 3)) ? `did you mean ${suggestion}?` : `lines and groups: ${known.join(', ')}`;
        problems.push({ code: `${code}.unknown`, severity: 'error', path: at, message: `no line or group named ${JSON.stringify(name)}`, hint });
      }
    });
    return expanded;
  };
  return { all, lineOf, expand };
}
