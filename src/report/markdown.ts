import type { Comparison } from '../analysis/compare.js';
import type { Backtest } from '../run/backtest.js';
import { coverageText, sparkline, verdict } from './backtest.js';
import type { Result } from '../analysis/result.js';
import type { Sensitivity } from '../analysis/sensitivity.js';
import type { Solution } from '../analysis/solve.js';
import { scenarioLabels } from './compare.js';
import { integer, percent, signedPercent, usd } from './format.js';
import type { CheckSuite } from './junit.js';
import { varyText } from './solve.js';

/**
 * GitHub-flavoured Markdown for pull-request comments and `$GITHUB_STEP_SUMMARY`: the headline
 * first, then compact tables. Text from a scenario (names, files) is escaped so that it reads as
 * written and cannot add links, HTML or table cells.
 */

/** Escapes Markdown punctuation (`:` and `@` too, so that nothing becomes an autolink; `<`, `>`, `&` as entities) so that text renders as itself. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|~:@]/g, (ch) => `\\${ch}`).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A GFM table; `align` per column: l(eft) or r(ight). Cells are already Markdown. */
function table(head: readonly string[], align: string, rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rule = [...align].map((a) => (a === 'r' ? '--:' : ':--'));
  return [line(head), line(rule), ...rows.map(line)].join('\n');
}

/** `runway simulate --format markdown`: P(ruin) by the horizon first, then by each date, ruin dates, runway, cash. */
export function renderResultMarkdown(r: Result): string {
  const last = r.ruin.byDate[r.ruin.byDate.length - 1]!;
  const out = [
    `### ${escapeMarkdown(r.scenario.name)}`,
    '',
    `**P(ruin by ${last.date}) ${percent(last.probability)} ± ${percent(last.standardError)}** (95% interval ${percent(last.ci95.low)} – ${percent(last.ci95.high)}; ${integer(last.ruinedPaths)} of ${integer(r.run.paths)} paths)`,
    '',
    table(['by', 'P(ruin)', '± s.e.', '95% interval', 'ruined paths'], 'lrrrr', r.ruin.byDate.map((d) => [d.date, percent(d.probability), percent(d.standardError), `${percent(d.ci95.low)} – ${percent(d.ci95.high)}`, integer(d.ruinedPaths)])),
    '',
    r.ruin.dateQuantiles.length === 0 ? `No path ran out of cash by ${r.scenario.horizon}.` : `Ruin dates of the ruined paths: ${r.ruin.dateQuantiles.map((q) => `p${Math.round(q.q * 100)} ${q.date}`).join(' · ')}.`,
    `Expected runway ${r.runway.expectedMonths.toFixed(1)} months ± ${r.runway.standardError.toFixed(1)} of the ${r.runway.horizonMonths.toFixed(1)} simulated.`,
  ];
  if (r.shortfall !== null) out.push(`Bridge that would have kept the ruined paths solvent (deepest shortfall): median ${usd(r.shortfall.deepest.p50)}, p90 ${usd(r.shortfall.deepest.p90)}.`);
  out.push(
    '',
    '<details><summary>Cash by date</summary>',
    '',
    table(['date', 'p5', 'p25', 'median', 'p75', 'p95', 'below zero'], 'lrrrrrr', r.cash.map((c) => [c.date, usd(c.p5), usd(c.p25), usd(c.p50), usd(c.p75), usd(c.p95), percent(c.belowZero, 1)])),
    '',
    '</details>',
    '',
    footer(`${r.scenario.start} to ${r.scenario.horizon} · ${integer(r.run.paths)} paths · seed ${escapeMarkdown(r.run.seed)} · scenario sha256 ${r.scenario.sha256.slice(0, 12)} · runway ${r.tool.version}`),
  );
  return `${out.join('\n')}\n`;
}

/** `runway compare --format markdown`: the gate's verdict first (with a gate), then ΔP by each date, then the horizon. */
export function renderComparisonMarkdown(c: Comparison): string {
  const labels = scenarioLabels(c).map(escapeMarkdown);
  const out: string[] = [];
  const gate = c.gate;
  if (gate !== undefined) {
    const count = (d: string) => gate.cases.filter((g) => g.decision === d).length;
    const verdict = count('breach') > 0 ? '❌ breached' : count('undecided') > 0 ? '⚠️ inconclusive' : '✅ passed';
    out.push(`### Gate ${verdict}: ΔP(ruin) ≤ +${percent(gate.maxIncrease)}`, '');
    out.push(
      table(
        ['scenario', 'by', 'ΔP', `${percent(gate.confidence, 0)} interval`, 'verdict'],
        'llrrl',
        gate.cases.map((g) => [labels[g.scenario]!, g.date, signedPercent(g.difference), `${signedPercent(g.low)} to ${signedPercent(g.high)}`, g.decision === 'pass' ? 'pass' : g.decision === 'breach' ? '**BREACH**' : 'inconclusive']),
      ),
      '',
    );
  }
  out.push(`### Comparison on common random numbers`, '');
  const dates = c.dates;
  out.push(
    table(
      ['scenario', ...dates.flatMap((d) => [`P(ruin by ${d})`, 'ΔP (95%)'])],
      `l${'rr'.repeat(dates.length)}`,
      c.scenarios.map((s, k) => [
        k === 0 ? `${labels[k]} (baseline)` : labels[k]!,
        ...dates.flatMap((d) => {
          const row = s.ruin.find((r) => r.date === d)!;
          const delta = row.delta === undefined ? '' : `${signedPercent(row.delta.difference)} (${signedPercent(row.delta.ci95.low)} to ${signedPercent(row.delta.ci95.high)})`;
          return [`${percent(row.probability)} ± ${percent(row.standardError)}`, delta];
        }),
      ]),
    ),
    '',
    table(
      ['scenario', 'median ruin', `p5 cash ${c.calendar.horizon}`, `p50 cash ${c.calendar.horizon}`],
      'llrr',
      c.scenarios.map((s, k) => [labels[k]!, s.medianRuinDate ?? 'none ruined', usd(s.horizonCash.p5), usd(s.horizonCash.p50)]),
    ),
    '',
    footer(`${integer(c.run.paths)} paths · seed ${escapeMarkdown(c.run.seed)} · ${c.calendar.start} to ${c.calendar.horizon} · ΔP paired path by path (Newcombe) · runway ${c.tool.version}`),
  );
  return `${out.join('\n')}\n`;
}

/** `runway check --format markdown`: the counts first, then one row per limit. */
export function renderCheckMarkdown(suites: readonly CheckSuite[]): string {
  const cases = suites.flatMap((s) => s.cases.map((c) => ({ file: s.file, ...c })));
  const count = (v: string) => cases.filter((c) => c.verdict === v).length;
  const verdict = count('breach') > 0 ? '❌' : count('inconclusive') > 0 ? '⚠️' : '✅';
  return `${[
    `### ${verdict} runway check: ${count('pass')} passed, ${count('breach')} breached, ${count('inconclusive')} inconclusive`,
    '',
    table(['scenario', 'limit', 'verdict', 'detail'], 'llll', cases.map((c) => [escapeMarkdown(c.file), escapeMarkdown(c.name), c.verdict === 'breach' ? '**BREACH**' : c.verdict, escapeMarkdown(c.message)])),
  ].join('\n')}\n`;
}

/** `runway sensitivity --format markdown`: the inputs that move P(ruin) most, by their swing. */
export function renderSensitivityMarkdown(s: Sensitivity, top?: number): string {
  const rows = top === undefined ? s.inputs : s.inputs.slice(0, top);
  const out = [`### Sensitivity of P(ruin by ${s.by}): ${escapeMarkdown(s.scenario.name)}`, '', `P(ruin by ${s.by}) ${percent(s.ruin.probability)} ± ${percent(s.ruin.standardError)} over ${integer(s.run.paths)} paths.`, ''];
  if (rows.length === 0 || s.ruin.probability === 0 || s.ruin.probability === 1) out.push('Nothing to rank: no input varies between paths, or no path (or every path) was ruined by the date.');
  else {
    out.push(
      table(
        ['input', 'P(ruin), low decile', 'P(ruin), high decile', 'swing (95% interval)', 'rank corr.'],
        'lrrrr',
        rows.map((r) => [escapeMarkdown(r.name), percent(r.low.probability), percent(r.high.probability), `${signedPercent(r.swing.difference)} (${signedPercent(r.swing.ci95.low)} to ${signedPercent(r.swing.ci95.high)})`, r.rankCorrelation.rho.toFixed(3)]),
      ),
    );
    if (rows.length < s.inputs.length) out.push('', `${s.inputs.length - rows.length} more inputs with smaller swings.`);
  }
  return `${out.join('\n')}\n`;
}

/** `runway solve --format markdown`: the answer with its interval, then where it leaves P(ruin). */
export function renderSolveMarkdown(s: Solution): string {
  const a = s.answer;
  const signedValue = s.vary.how === 'add';
  return `${[
    `### Solve: ${escapeMarkdown(s.target.text)} by moving \`${s.vary.path}\` (${s.vary.how})`,
    '',
    `**Answer: ${escapeMarkdown(varyText(s, a.value, signedValue))}** (95% interval ${escapeMarkdown(varyText(s, a.ci95.low, signedValue))} to ${escapeMarkdown(varyText(s, a.ci95.high, signedValue))})`,
    '',
    `P(ruin by ${s.target.date}) at the answer: ${percent(a.probability)} ± ${percent(a.standardError)}. ${s.evaluations.length} trials of ${integer(s.run.paths)} paths on common random numbers; monotone: ${s.monotone.ok ? 'yes' : 'no'}.`,
    '',
    footer(`${escapeMarkdown(s.scenario.name)} · seed ${escapeMarkdown(s.run.seed)}`),
  ].join('\n')}\n`;
}

function footer(text: string): string {
  return `<sub>${text}</sub>`;
}

/** `runway backtest --format markdown`: how many series are calibrated first, then a row per series. */
export function renderBacktestMarkdown(b: Backtest): string {
  const verdicts = b.targets.map((t) => verdict(t, b));
  const calibrated = verdicts.filter((v) => v === 'calibrated').length;
  const out = [
    `### Backtest of ${escapeMarkdown(b.file)}`,
    '',
    `**${calibrated} of ${b.targets.length} series calibrated** over ${integer(b.cutoffs.length)} ${b.mode === 'fit' ? 'cut-offs' : 'cut-off'}, ${b.horizon} ${b.period}s ahead, ${integer(b.paths)} paths each`,
    '',
    table(
      ['series', 'forecasts', 'in 50% band', 'in 90% band', 'PIT 0→1', 'KS p', 'verdict'],
      'lrrrlrl',
      b.targets.map((t, k) => [escapeMarkdown(t.target), integer(t.n), coverageText(t.coverage50), coverageText(t.coverage90), sparkline(t.pitHistogram), t.uniformity.n < 5 ? '–' : t.uniformity.p.toFixed(2), verdicts[k]!]),
    ),
  ];
  if (b.brier !== undefined && b.threshold !== undefined && b.brier.n > 0) {
    out.push('', `Brier score of "cash below ${escapeMarkdown(usd(b.threshold))} within ${b.horizon} ${b.period}s": ${b.brier.score.toFixed(3)} over ${integer(b.brier.n)} forecasts (the base rate scores ${b.brier.reference.toFixed(3)}).`);
  }
  return `${out.join('\n')}\n`;
}
