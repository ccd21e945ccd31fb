import { Chalk } from 'chalk';
import type { Decision } from '../analysis/check.js';
import type { Comparison } from '../analysis/compare.js';
import { toCsv } from './csv.js';
import { type FitColumn, fitTable, wrap, wrapProse } from './fit-table.js';
import { integer, percent, signedPercent, usd } from './format.js';
import { type CheckCase, renderJunit, verdictWord } from './junit.js';
import type { TextOptions } from './table.js';

/**
 * The comparison as tables: one block per report date with each scenario's P(ruin) and its paired
 * difference from the baseline, then one block at the horizon with the median ruin date and cash.
 * Rows are labelled by the scenarios' names (with the file where two share a name).
 */
export function renderComparisonTable(c: Comparison, options: TextOptions): string {
  const k = new Chalk({ level: options.color ? 1 : 0 });
  const label = scenarioLabels(c);
  const bold = (s: string) => k.bold(s);
  const out: string[] = [];
  out.push(k.bold(wrap(`Comparison on common random numbers: ${integer(c.run.paths)} paths, seed ${c.run.seed}, ${c.calendar.start} to ${c.calendar.horizon}`, options.width)));
  out.push(wrap(`ΔP = P(ruin) − P(ruin of the baseline, ${label[0]}), paired path by path; 95% interval by Newcombe's paired score method`, options.width));
  for (const date of c.dates) {
    out.push('', k.bold(`By ${date}`));
    const columns: FitColumn[] = [
      { head: 'scenario', align: 'left', shrinkTo: 16 },
      { head: 'P(ruin)', align: 'right' },
      { head: '± s.e.', align: 'right', dropRank: 1 },
      { head: 'ΔP', align: 'right' },
      { head: 'ΔP 95% interval', align: 'right' },
    ];
    const rows = c.scenarios.map((s, i) => {
      const row = s.ruin.find((r) => r.date === date)!;
      const d = row.delta;
      return [i === 0 ? `${label[i]} (baseline)` : label[i]!, percent(row.probability), percent(row.standardError), d === undefined ? '' : signedPercent(d.difference), d === undefined ? '' : `${signedPercent(d.ci95.low)} to ${signedPercent(d.ci95.high)}`];
    });
    out.push(fitTable(columns, rows, options.width, bold));
  }
  out.push('', k.bold(`At the horizon, ${c.calendar.horizon}`));
  const columns: FitColumn[] = [{ head: 'scenario', align: 'left', shrinkTo: 16 }, { head: 'median ruin', align: 'left', dropRank: 2 }, { head: 'p5 cash', align: 'right', dropRank: 1 }, { head: 'p50 cash', align: 'right' }];
  out.push(fitTable(columns, c.scenarios.map((s, i) => [i === 0 ? `${label[i]} (baseline)` : label[i]!, s.medianRuinDate ?? 'none ruined', usd(s.horizonCash.p5), usd(s.horizonCash.p50)]), options.width, bold));
  return `${wrapProse(out.join('\n'), options.width)}\n`;
}

/**
 * Each scenario's label: its name, with its file when another scenario has the same name and
 * different overrides, and with its `--set` overrides when it has any.
 */
export function scenarioLabels(c: Comparison): string[] {
  const changes = (s: Comparison['scenarios'][number]) => (s.overrides.length === 0 ? '' : ` with ${s.overrides.join(', ')}`);
  const keys = c.scenarios.map((s) => `${s.name}${changes(s)}`);
  return c.scenarios.map((s, k) => (keys.indexOf(keys[k]!) === keys.lastIndexOf(keys[k]!) ? keys[k]! : `${s.name} (${s.file})${changes(s)}`));
}

/** A gate case's verdict as `check` names it, and why when it is not a pass. */
function gateVerdict(decision: Decision): { verdict: CheckCase['verdict']; why: string } {
  if (decision === 'pass') return { verdict: 'pass', why: '' };
  return decision === 'breach' ? { verdict: 'breach', why: ': wholly above the limit' } : { verdict: 'inconclusive', why: ': straddles the limit at the cap of paths (raise --max-paths)' };
}

/** The gate's verdicts, one line per candidate and date, and the counts. */
export function renderGate(c: Comparison, width?: number): string {
  const gate = c.gate!;
  const labels = scenarioLabels(c);
  const level = percent(gate.confidence, 0);
  const out = [`Gate: ΔP ≤ +${percent(gate.maxIncrease)} by each date, decided on ${level} paired intervals (${integer(c.run.paths)} paths)`];
  for (const g of gate.cases) {
    const { verdict, why } = gateVerdict(g.decision);
    const detail = `ΔP ${signedPercent(g.difference)}, ${level} interval ${signedPercent(g.low)} to ${signedPercent(g.high)}`;
    out.push(`  ${verdictWord(verdict)}  ${labels[g.scenario]} by ${g.date}: ${detail}${why}`);
  }
  const count = (d: string) => gate.cases.filter((g) => g.decision === d).length;
  out.push(`${count('pass')} passed, ${count('breach')} breached, ${count('undecided')} inconclusive`);
  return `${wrapProse(out.join('\n'), width)}\n`;
}

/** The comparison as CSV (RFC 4180): one row per scenario and report date. */
export function renderComparisonCsv(c: Comparison): string {
  const header = ['file', 'name', 'baseline', 'date', 'probability', 'standard_error', 'ci95_low', 'ci95_high', 'delta', 'delta_standard_error', 'delta_ci95_low', 'delta_ci95_high', 'unpaired_standard_error', 'median_ruin_date', 'horizon_cash_p5', 'horizon_cash_p50'];
  const rows = c.scenarios.flatMap((s) =>
    s.ruin.map((r) => [s.file, s.name, s.baseline, r.date, r.probability, r.standardError, r.ci95.low, r.ci95.high, r.delta?.difference ?? '', r.delta?.standardError ?? '', r.delta?.ci95.low ?? '', r.delta?.ci95.high ?? '', r.delta?.unpairedStandardError ?? '', s.medianRuinDate ?? '', s.horizonCash.p5, s.horizonCash.p50]),
  );
  return toCsv([header, ...rows]);
}

/** The gate as JUnit XML: one suite per candidate, one case per date. */
export function renderGateJunit(c: Comparison): string {
  const labels = scenarioLabels(c);
  const gate = c.gate!;
  const limit = percent(gate.maxIncrease);
  const level = percent(gate.confidence, 0);
  return renderJunit(
    c.scenarios.slice(1).map((s, k) => ({
      file: labels[k + 1]!,
      cases: gate.cases
        .filter((g) => g.scenario === k + 1)
        .map((g) => {
          const { verdict, why } = gateVerdict(g.decision);
          return { name: `ΔP(ruin by ${g.date}) ≤ +${limit} (${s.file})`, verdict, message: `ΔP ${percent(g.difference)}, ${level} interval ${percent(g.low)} – ${percent(g.high)}${why}` };
        }),
    })),
    'runway compare',
  );
}
