import { asIsoDate } from '../util/calendar.js';
import type { Diagnostic, Outcome } from '../util/diagnostic.js';
import { checkRules } from './rules.js';
import { MAX_PATHS, type Scenario } from './schema.js';

/** Run settings given on the command line; each replaces the scenario's own. */
export interface Overrides {
  readonly paths?: string | undefined;
  readonly seed?: string | undefined;
  /** Replaces `report.by` (the horizon is always reported). */
  readonly by?: readonly string[] | undefined;
}

/**
 * Applies command-line run settings to a validated scenario and checks them with the same rules
 * as the file. Diagnostics name the flag (`--paths`) as their path.
 */
export function applyOverrides(s: Scenario, o: Overrides): Outcome<Scenario> {
  const problems: Diagnostic[] = [];
  const bad = (flag: string, message: string) => problems.push({ code: 'usage.flag', severity: 'error', path: [flag], message });
  let paths = s.paths;
  if (o.paths !== undefined) {
    const n = Number(o.paths);
    if (!/^\d+$/.test(o.paths.trim()) || !Number.isSafeInteger(n) || n < 1 || n > MAX_PATHS) bad('--paths', `expected a whole number from 1 to ${MAX_PATHS} (got ${o.paths})`);
    else paths = n;
  }
  let seed = s.seed;
  if (o.seed !== undefined) {
    const text = o.seed.trim();
    if (text === '' || text.length > 200) bad('--seed', `expected a whole number or a text of 1 to 200 characters (got ${JSON.stringify(o.seed)})`);
    else if (/^\d+$/.test(text) && !Number.isSafeInteger(Number(text))) bad('--seed', `whole-number seeds must be at most 2^53-1 (got ${text}); quote it in the file or pass a text to use it as text`);
    else seed = /^\d+$/.test(text) ? String(Number(text)) : text;
  }
  let by = s.report.by;
  if (o.by !== undefined && o.by.length > 0) {
    by = o.by.flatMap((d) => {
      const checked = asIsoDate(d);
      if (checked.ok) return [checked.date];
      bad('--by', checked.error);
      return [];
    });
  }
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  const next: Scenario = { ...s, paths, seed, report: { ...s.report, by } };
  const ruled = checkRules(next).map((d) => (d.path[0] === 'report' ? { ...d, path: ['--by'] } : d));
  if (ruled.some((d) => d.severity === 'error')) return { ok: false, diagnostics: ruled };
  return { ok: true, value: next, warnings: [] };
}
