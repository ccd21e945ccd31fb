import { Chalk } from 'chalk';
import type { Sensitivity } from '../analysis/sensitivity.js';
import { formatIsoDate, parseIsoDate } from '../util/calendar.js';
import { type FitColumn, fitTable, wrapProse } from './fit-table.js';
import { integer, percent } from './format.js';
import { inUnit } from './units.js';

type Row = Sensitivity['inputs'][number];

/** An input's value as a reader wants it: a date, yes/no, a rate in %, days, a count, or dollars. */
function valueText(s: Sensitivity, row: Row, v: number): string {
  if (row.kind === 'date') return formatIsoDate((parseIsoDate(s.scenario.start) as { day: number }).day + v);
  if (row.kind === 'happens') return v === 1 ? 'yes' : 'no';
  return inUnit(row.name, v, 1);
}

function range(s: Sensitivity, row: Row, group: Row['low']): string {
  const a = valueText(s, row, group.valueLow);
  const b = valueText(s, row, group.valueHigh);
  return a === b ? a : `${a} – ${b}`;
}

function signed(p: number): string {
  return `${p >= 0 ? '+' : '−'}${percent(Math.abs(p))}`;
}

/** The sensitivity table and, with a width, the tornado chart under it. */
export function renderSensitivityTable(s: Sensitivity, options: { color: boolean; chartWidth?: number; top?: number; width?: number }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const rows = options.top === undefined ? s.inputs : s.inputs.slice(0, options.top);
  const out: string[] = [];
  out.push(c.bold(`Sensitivity of P(ruin by ${s.by}) — ${s.scenario.name}`));
  const decile = s.inputs[0]?.low.paths ?? Math.floor(s.run.paths / 10);
  out.push(
    `${integer(s.run.paths)} paths · seed ${s.run.seed} · P(ruin by ${s.by}) ${percent(s.ruin.probability)} ± ${percent(s.ruin.standardError)} · each decile ${integer(decile)} paths of the same run`,
  );
  out.push('');
  if (rows.length === 0) {
    out.push('No input varies between paths: nothing to rank.');
    return `${wrapProse(out.join('\n'), options.width)}\n`;
  }
  if (s.ruin.probability === 0 || s.ruin.probability === 1) {
    out.push(`${s.ruin.probability === 0 ? 'No path was ruined' : 'Every path was ruined'} by ${s.by}, so no input moves P(ruin): nothing to rank. Try another --by date (or more paths).`);
    return `${wrapProse(out.join('\n'), options.width)}\n`;
  }
  const columns: FitColumn[] = [
    { head: 'input', align: 'left', shrinkTo: 16 },
    { head: 'low decile', align: 'right', dropRank: 2 },
    { head: 'P(ruin)', align: 'right', dropRank: 4 },
    { head: 'high decile', align: 'right', dropRank: 3 },
    { head: 'P(ruin)', align: 'right', dropRank: 5 },
    { head: 'swing (95% interval)', align: 'right' },
    { head: 'rank corr.', align: 'right', dropRank: 1 },
  ];
  const cells = rows.map((r) => [
    r.name,
    range(s, r, r.low),
    percent(r.low.probability),
    range(s, r, r.high),
    percent(r.high.probability),
    `${c.bold(signed(r.swing.difference))} (${signed(r.swing.ci95.low)} to ${signed(r.swing.ci95.high)})`,
    `${r.rankCorrelation.rho >= 0 ? '+' : '−'}${Math.abs(r.rankCorrelation.rho).toFixed(3)}`,
  ]);
  out.push(fitTable(columns, cells, options.width, (h) => c.bold(h)));
  out.push('swing: P(ruin | high decile) − P(ruin | low decile); rank corr.: Spearman with the ruin day (± ' + `${(1.96 * (rows[0]!.rankCorrelation.standardError)).toFixed(3)} at 95%; a negative value: higher input, earlier ruin)`);
  if (s.inputs.length > rows.length) out.push(`(${s.inputs.length - rows.length} more inputs with smaller swings; --top to show more)`);
  if (options.chartWidth !== undefined) {
    out.push('');
    out.push(tornado(s, rows, options.chartWidth));
  }
  return `${wrapProse(out.join('\n'), options.width)}\n`;
}

/**
 * The tornado: one bar per input from P(ruin | low decile) to P(ruin | high decile) on a shared
 * axis, the low-decile side drawn ░ and the high-decile side █ from the overall P(ruin) (│),
 * with the swing and its 95% half-width at the end.
 */
export function tornado(s: Sensitivity, rows: readonly Row[], width: number): string {
  const w = Math.max(50, Math.min(width, 200));
  const nameWidth = Math.min(36, Math.max(...rows.map((r) => r.name.length)));
  const tailWidth = 18;
  const columns = Math.max(10, w - nameWidth - tailWidth - 3);
  const lo = Math.min(s.ruin.probability, ...rows.map((r) => Math.min(r.low.probability, r.high.probability)));
  const hi = Math.max(s.ruin.probability, ...rows.map((r) => Math.max(r.low.probability, r.high.probability)));
  const span = hi - lo || 1;
  const col = (p: number) => Math.min(columns - 1, Math.max(0, Math.round(((p - lo) / span) * (columns - 1))));
  const base = col(s.ruin.probability);
  const lines = [`P(ruin by ${s.by}): ░ low decile  █ high decile  │ all paths ${percent(s.ruin.probability)}`];
  for (const r of rows) {
    const cells = Array<string>(columns).fill(' ');
    const paint = (p: number, glyph: string) => {
      const to = col(p);
      for (let x = Math.min(base, to); x <= Math.max(base, to); x++) cells[x] = glyph;
    };
    paint(r.low.probability, '░');
    paint(r.high.probability, '█');
    cells[base] = '│';
    const name = r.name.length > nameWidth ? `${r.name.slice(0, nameWidth - 1)}…` : r.name.padEnd(nameWidth);
    const half = (r.swing.ci95.high - r.swing.ci95.low) / 2;
    lines.push(`${name} ${cells.join('')}  ${signed(r.swing.difference).padStart(7)} ±${percent(half)}`);
  }
  lines.push(`${' '.repeat(nameWidth + 1)}${percent(lo, 1)}${' '.repeat(Math.max(1, columns - percent(lo, 1).length - percent(hi, 1).length))}${percent(hi, 1)}`);
  return lines.join('\n');
}
