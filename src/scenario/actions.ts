import type { Diagnostic } from '../util/diagnostic.js';
import { type LineRef, lineKey, lineNames } from './line-refs.js';
import type { Scenario } from './schema.js';

/** What an action changes, with its names expanded to lines. */
export interface ResolvedAction {
  readonly cut: readonly LineRef[];
  readonly stop: readonly LineRef[];
  readonly freeze: readonly LineRef[];
  readonly start: readonly LineRef[];
}

/**
 * The scenario's management actions (`actions:`) with the lines each one cuts, stops, freezes and
 * starts, and the problems the schema cannot see: one condition, something to change, a cut with
 * its lines, growth to freeze, a line started by one action only, unique names.
 */
export function resolveActions(s: Scenario): { actions: ResolvedAction[]; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const push = (code: string, path: (string | number)[], message: string) => problems.push({ code, severity: 'error', path, message });
  const { lineOf, expand } = lineNames(s);
  const names = new Set<string>();
  const startedBy = new Map<string, string>();
  const actions = (s.actions ?? []).map((a, i) => {
    const at = ['actions', i];
    if (names.has(a.name)) push('scenario.name.duplicate', [...at, 'name'], `duplicate name ${JSON.stringify(a.name)} in actions`);
    names.add(a.name);
    if ((a.when.cash_below === undefined) === (a.when.runway_below === undefined)) {
      push('scenario.action.when', [...at, 'when'], 'give exactly one of cash_below (an amount) or runway_below (months of runway)');
    }
    if (a.cut !== undefined && a.lines === undefined) push('scenario.action.cut', [...at, 'cut'], 'needs lines: the lines or groups to cut');
    if (a.lines !== undefined && a.cut === undefined) push('scenario.action.cut', [...at, 'lines'], 'applies only with cut: the share of their money to cut');
    if (a.cut?.type === 'constant' && !(a.cut.value > 0 && a.cut.value <= 1)) push('scenario.action.cut', [...at, 'cut'], `must be above 0% and at most 100% (got ${+(a.cut.value * 100).toFixed(6)}%)`);
    if (a.cut === undefined && a.lines === undefined && a.stop === undefined && a.freeze_growth === undefined && a.start === undefined) {
      push('scenario.action.change', at, 'give at least one change: cut (with lines), stop, freeze_growth or start');
    }
    const resolve = (field: 'lines' | 'stop' | 'freeze_growth' | 'start') => expand(a[field] ?? [], [...at, field], 'scenario.action', problems);
    const resolved: ResolvedAction = { cut: resolve('lines'), stop: resolve('stop'), freeze: resolve('freeze_growth'), start: resolve('start') };
    resolved.freeze.forEach((r) => {
      if (lineOf(r).growth === undefined) push('scenario.action.freeze', [...at, 'freeze_growth'], `${JSON.stringify(lineOf(r).name)} has no growth to freeze`);
    });
    resolved.start.forEach((r) => {
      const other = startedBy.get(lineKey(r));
      if (other !== undefined && other !== a.name) push('scenario.action.start', [...at, 'start'], `${JSON.stringify(lineOf(r).name)} is already started by action ${JSON.stringify(other)}; a line is started by one action`);
      startedBy.set(lineKey(r), a.name);
    });
    return resolved;
  });
  return { actions, problems };
}
