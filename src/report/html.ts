import { scenarioLabels } from './compare.js';
import type { Comparison } from '../analysis/compare.js';
import type { Result } from '../analysis/result.js';
import { flowTotals } from './flows.js';
import { integer, percent, usd } from './format.js';

/**
 * A self-contained HTML report of a Result: no scripts, no network, charts as inline SVG with
 * labelled axes. The headline P(ruin) with its interval, the cash fan with its legend and the zero
 * line, the survival curve, the ruin dates by month, the events' and actions' shares of paths, the assumptions'
 * values beside their sources, and the run's seed and hash.
 */
export function renderHtml(result: Result): string {
  const s = result.scenario;
  const last = result.ruin.byDate[result.ruin.byDate.length - 1]!;
  const rows = result.ruin.byDate
    .map((r) => `<tr><td>${r.date}</td><td>${percent(r.probability)}</td><td>± ${percent(r.standardError)}</td><td>${percent(r.ci95.low)} – ${percent(r.ci95.high)}</td><td>${integer(r.ruinedPaths)}</td></tr>`)
    .join('\n');
  const provenance = result.provenance
    .map((p) => `<tr><td><code>${esc(p.path)}</code></td><td>${esc(p.name)}</td><td>${esc(p.value ?? '')}</td><td>${esc(p.source ?? '')}</td><td>${esc(p.note ?? '')}</td></tr>`)
    .join('\n');
  const events = result.events
    .map((e) => `<tr><td>${esc(e.name)}</td><td>${percent(e.probability)}</td><td>± ${percent(e.standardError)}</td><td>${percent(e.ci95.low)} – ${percent(e.ci95.high)}</td></tr>`)
    .join('\n');
  const actions = result.actions
    .map(
      (a) =>
        `<tr><td>${esc(a.name)}</td><td>${percent(a.probability)}</td><td>± ${percent(a.standardError)}</td><td>${percent(a.ci95.low)} – ${percent(a.ci95.high)}</td><td>${a.firstDates.map((d) => d.date).join(' / ')}</td><td>${a.meanFirings.toFixed(2)}</td></tr>`,
    )
    .join('\n');
  return htmlPage(
    esc(s.name),
    `h1 { font-size: 1.5em; margin-bottom: .2em; } .meta { color: #57606a; font-size: .9em; }
.headline { font-size: 2.4em; font-weight: 700; margin: .3em 0 0; } .headline small { font-size: .4em; font-weight: 400; color: #57606a; }
table { border-collapse: collapse; margin: .5em 0 1.5em; } td, th { padding: .25em .8em; border-bottom: 1px solid #d0d7de; text-align: left; }
svg { display: block; margin: .5em 0 1.5em; } .axis { stroke: #57606a; } .zero { stroke: #cf222e; stroke-dasharray: 4 3; }
.band95 { fill: #b6d4fe; } .band50 { fill: #6ea8fe; } .median { stroke: #084298; fill: none; stroke-width: 2; }
.survival { stroke: #198754; fill: #d1e7dd; stroke-width: 2; } .bar { fill: #dc3545; } text { font-size: 11px; fill: #57606a; }
.legend { list-style: none; padding: 0; margin: 0; font-size: .9em; color: #57606a; } .legend li { display: inline-block; margin-right: 1.2em; }
.swatch { display: inline-block; width: 1.6em; height: .8em; vertical-align: middle; margin-right: .3em; }
`,
    `<h1>${esc(s.name)}</h1>
<p class="meta">${s.start} to ${s.horizon} (${integer(s.days)} days) · ${integer(result.run.paths)} paths · seed ${esc(result.run.seed)} · scenario sha256 <code>${s.sha256}</code> · runway ${esc(result.tool.version)}</p>
<p class="headline" id="headline">${percent(last.probability)} <small>probability of running out of cash by ${last.date} (95% interval ${percent(last.ci95.low)} – ${percent(last.ci95.high)})</small></p>
<h2>Probability of running out of cash</h2>
<table><thead><tr><th>by</th><th>P(ruin)</th><th>std error</th><th>95% interval</th><th>ruined paths</th></tr></thead><tbody>
${rows}
</tbody></table>
<p>Expected runway: ${result.runway.expectedMonths.toFixed(2)} months ± ${result.runway.standardError.toFixed(2)} of the ${result.runway.horizonMonths.toFixed(2)} simulated (a path solvent at the horizon counts them all).</p>
${shortfallTable(result)}
<h2>Cash at the end of the day</h2>
<ul class="legend" id="fan-legend"><li><span class="swatch" style="background:#084298;height:.2em"></span>median</li><li><span class="swatch" style="background:#6ea8fe"></span>half of the paths (p25–p75)</li><li><span class="swatch" style="background:#b6d4fe"></span>90% of the paths (p5–p95)</li><li><span class="swatch" style="border-top:2px dashed #cf222e;height:0"></span>zero: out of cash</li></ul>
${fanSvg(result)}
<h2>P(still solvent) by date</h2>
${survivalSvg(result)}
<h2>Ruin dates by month</h2>
${ruinHistogramSvg(result)}
${result.events.length === 0 ? '' : `<h2>Events</h2>
<p>Share of paths in which the event's money moved (before ruin and by the horizon).</p>
<table><thead><tr><th>event</th><th>share of paths</th><th>std error</th><th>95% interval</th></tr></thead><tbody>
${events}
</tbody></table>`}
${result.actions.length === 0 ? '' : `<h2>Management actions</h2>
<p>Share of paths on which the action's rule fired while the path was solvent, and the day it first fired (10%, 50% and 90% of those paths by then).</p>
<table id="actions"><thead><tr><th>action</th><th>share of paths</th><th>std error</th><th>95% interval</th><th>first fired p10 / p50 / p90</th><th>firings a path</th></tr></thead><tbody>
${actions}
</tbody></table>`}
<h2>Where the money goes</h2>
<p>Each line's money in each month, mean over paths: money in above zero, money out below (every month's mean and percentiles are in <code>--format csv</code> and <code>json</code>).</p>
${flowsLegend(result)}
${flowsSvg(result)}
${flowsTable(result)}
<h2>Assumptions and their sources</h2>
<table><thead><tr><th>field</th><th>name</th><th>value</th><th>source</th><th>note</th></tr></thead><tbody>
${provenance}
</tbody></table>
`,
  );
}

/**
 * A self-contained page: the head every runway page has (the body's font and width), the page's
 * title (escaped) and style, then its body.
 */
export function htmlPage(title: string, style: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — runway</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em; color: #1b1f24; }
${style}</style>
</head>
<body>
${body}</body>
</html>
`;
}

/** Colour k of the flows chart: the ten of Tableau 10, then hues a golden angle apart. */
const colorOf = (k: number) => ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'][k] ?? `hsl(${Math.round((k * 137.5) % 360)} 55% 45%)`;
const lineSeries = (result: Result) => result.flows.series.filter((s) => s.kind === 'line');

function flowsLegend(result: Result): string {
  const items = lineSeries(result).map((s, k) => `<li><span class="swatch" style="background:${colorOf(k)}"></span>${esc(s.name)}</li>`);
  return `<ul class="legend" id="flows-legend">${items.join('')}</ul>`;
}

/** Monthly means of every line as stacked bars: positive money stacked up from zero, negative down. */
function flowsSvg(result: Result): string {
  const { months } = result.flows;
  const lines = lineSeries(result);
  const stack = (m: number, sign: 1 | -1) => lines.reduce((acc, s) => acc + (Math.sign(s.monthly[m]!.mean) === sign ? s.monthly[m]!.mean : 0), 0);
  const high = Math.max(0, ...months.map((_, m) => stack(m, 1)));
  const low = Math.min(0, ...months.map((_, m) => stack(m, -1)));
  const y = (v: number) => PAD.top + ((high - v) / (high - low || 1)) * (H - PAD.top - PAD.bottom);
  const width = (W - PAD.left - PAD.right) / months.length;
  const bars = months.flatMap((month, m) => {
    let [up, down] = [0, 0];
    return lines.flatMap((s, k) => {
      const v = s.monthly[m]!.mean;
      if (v === 0) return [];
      const [from, to] = v > 0 ? [up, (up += v)] : [down, (down += v)];
      const [top, bottom] = [y(Math.max(from, to)), y(Math.min(from, to))];
      return [`<rect x="${(PAD.left + m * width + 1).toFixed(1)}" y="${top.toFixed(1)}" width="${Math.max(1, width - 2).toFixed(1)}" height="${Math.max(0.5, bottom - top).toFixed(1)}" fill="${colorOf(k)}"><title>${month.month} · ${esc(s.name)}: ${usd(v)}</title></rect>`];
    });
  });
  const zero = `<line class="zero" x1="${PAD.left}" y1="${y(0).toFixed(1)}" x2="${W - PAD.right}" y2="${y(0).toFixed(1)}"/>`;
  return frame(`${bars.join('\n')}\n${zero}`, 'monthly money in and out by line, mean over paths', usd(high), usd(low), months[0]!.month, months[months.length - 1]!.month, { x: 'month', y: 'money a month (USD)' });
}

/** The flows by period (as in the terminal table), lines then groups. */
function flowsTable(result: Result): string {
  const { periods, rows } = flowTotals(result);
  const body = rows.map((r) => `<tr><td>${esc(r.name)}</td>${r.totals.map((v) => `<td>${usd(v)}</td>`).join('')}<td>${usd(r.total)}</td></tr>`);
  return `<table id="flows"><thead><tr><th></th>${periods.map((p) => `<th>${esc(p)}</th>`).join('')}<th>total</th></tr></thead><tbody>
${body.join('\n')}
</tbody></table>`;
}

const W = 900;
const H = 260;
const PAD = { left: 70, right: 10, top: 10, bottom: 30 };

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function frame(inner: string, label: string, yTop: string, yBottom: string, xFirst: string, xLast: string, axes: { x: string; y: string } = { x: 'date', y: '' }): string {
  const x0 = PAD.left;
  const y1 = H - PAD.bottom;
  const titles = `<text class="axis-title" x="${(x0 + W - PAD.right) / 2}" y="${H - 8}" text-anchor="middle">${esc(axes.x)}</text>${axes.y === '' ? '' : `<text class="axis-title" transform="translate(12 ${(PAD.top + y1) / 2}) rotate(-90)" text-anchor="middle">${esc(axes.y)}</text>`}`;
  return `<svg role="img" aria-label="${esc(label)}" viewBox="0 0 ${W} ${H}" width="100%">
${titles}
<line class="axis" x1="${x0}" y1="${PAD.top}" x2="${x0}" y2="${y1}"/><line class="axis" x1="${x0}" y1="${y1}" x2="${W - PAD.right}" y2="${y1}"/>
<text x="${x0 - 6}" y="${PAD.top + 10}" text-anchor="end">${esc(yTop)}</text><text x="${x0 - 6}" y="${y1}" text-anchor="end">${esc(yBottom)}</text>
<text x="${x0}" y="${H - 8}">${xFirst}</text><text x="${W - PAD.right}" y="${H - 8}" text-anchor="end">${xLast}</text>
${inner}
</svg>`;
}

function scaleX(i: number, n: number): number {
  return PAD.left + (n <= 1 ? 0 : (i / (n - 1)) * (W - PAD.left - PAD.right));
}

function fanSvg(result: Result): string {
  const rows = result.cash;
  const low = Math.min(0, ...rows.map((r) => r.p5));
  const high = Math.max(0, ...rows.map((r) => r.p95));
  const y = (v: number) => PAD.top + ((high - v) / (high - low || 1)) * (H - PAD.top - PAD.bottom);
  const x = (i: number) => scaleX(i, rows.length);
  const band = (a: 'p5' | 'p25', b: 'p95' | 'p75') =>
    [...rows.map((r, i) => `${x(i).toFixed(1)},${y(r[b]).toFixed(1)}`), ...rows.map((r, i) => `${x(i).toFixed(1)},${y(r[a]).toFixed(1)}`).reverse()].join(' ');
  const median = rows.map((r, i) => `${x(i).toFixed(1)},${y(r.p50).toFixed(1)}`).join(' ');
  const inner = `<polygon class="band95" points="${band('p5', 'p95')}"/><polygon class="band50" points="${band('p25', 'p75')}"/>
<polyline class="median" points="${median}"/><line class="zero" x1="${PAD.left}" y1="${y(0).toFixed(1)}" x2="${W - PAD.right}" y2="${y(0).toFixed(1)}"/>`;
  return frame(inner, 'cash fan: median, p25–p75 and p5–p95 at each cash date, with the zero line', usd(high), usd(low), rows[0]!.date, rows[rows.length - 1]!.date, { x: 'date', y: 'cash at the end of the day (USD)' });
}

function survivalSvg(result: Result): string {
  const s = result.survival;
  const floor = Math.max(0, Math.floor((s[s.length - 1]!.probability - 0.02) * 20) / 20);
  const y = (p: number) => PAD.top + ((1 - p) / (1 - floor || 1)) * (H - PAD.top - PAD.bottom);
  const points = s.map((d, i) => `${scaleX(i, s.length).toFixed(1)},${y(d.probability).toFixed(1)}`).join(' ');
  const base = (H - PAD.bottom).toFixed(1);
  const inner = `<polygon class="survival" points="${PAD.left},${base} ${points} ${W - PAD.right},${base}"/>`;
  return frame(inner, 'survival curve: probability of still being solvent by date', percent(1, 0), percent(floor, 0), s[0]!.date, s[s.length - 1]!.date, { x: 'date', y: 'P(still solvent)' });
}

function ruinHistogramSvg(result: Result): string {
  // ruined paths per calendar month, from the survival curve (1 − S(t) is the share ruined by t)
  const s = result.survival;
  const months = new Map<string, number>();
  let previous = 1;
  for (const d of s) {
    const month = d.date.slice(0, 7);
    months.set(month, (months.get(month) ?? 0) + (previous - d.probability));
    previous = d.probability;
  }
  const entries = [...months];
  const top = Math.max(1e-12, ...entries.map(([, v]) => v));
  const width = (W - PAD.left - PAD.right) / entries.length;
  const bars = entries
    .map(([month, v], i) => {
      const h = (v / top) * (H - PAD.top - PAD.bottom);
      return `<rect class="bar" x="${(PAD.left + i * width + 1).toFixed(1)}" y="${(H - PAD.bottom - h).toFixed(1)}" width="${Math.max(1, width - 2).toFixed(1)}" height="${h.toFixed(1)}"><title>${month}: ${percent(v)}</title></rect>`;
    })
    .join('\n');
  return frame(bars, 'share of paths ruined in each month', percent(top), '0%', entries[0]![0], entries[entries.length - 1]![0], { x: 'month', y: 'ruined that month' });
}

/**
 * The HTML report of a comparison: the ΔP table and the survival curves of every scenario on
 * shared axes (one line each), self-contained like `renderHtml`.
 */
export function renderComparisonHtml(c: Comparison, results: readonly Result[]): string {
  const colors = ['#084298', '#cf222e', '#198754', '#8250df', '#bf8700', '#0a7ea4', '#57606a'];
  const label = scenarioLabels(c);
  const rows = c.scenarios
    .flatMap((s, k) =>
      s.ruin.map((r) => {
        const d = r.delta;
        const delta = d === undefined ? 'baseline' : `${percent(d.difference)} (${percent(d.ci95.low)} to ${percent(d.ci95.high)})`;
        return `<tr><td>${esc(label[k]!)}</td><td>${r.date}</td><td>${percent(r.probability)}</td><td>± ${percent(r.standardError)}</td><td>${delta}</td></tr>`;
      }),
    )
    .join('\n');
  const lowest = Math.min(...results.map((r) => r.survival[r.survival.length - 1]!.probability));
  const floor = Math.max(0, Math.floor((lowest - 0.02) * 20) / 20);
  const y = (p: number) => PAD.top + ((1 - p) / (1 - floor || 1)) * (H - PAD.top - PAD.bottom);
  const lines = results
    .map((r, k) => {
      const points = r.survival.map((d, i) => `${scaleX(i, r.survival.length).toFixed(1)},${y(d.probability).toFixed(1)}`).join(' ');
      return `<polyline class="line" stroke="${colors[k % colors.length]}" points="${points}"><title>${esc(label[k]!)}</title></polyline>`;
    })
    .join('\n');
  const legend = c.scenarios.map((s, k) => `<li><span style="color:${colors[k % colors.length]}">■</span> ${esc(label[k]!)}${s.baseline ? ' (baseline)' : ''}</li>`).join('');
  const first = results[0]!.survival;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>runway comparison</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em; color: #1b1f24; }
table { border-collapse: collapse; margin: .5em 0 1.5em; } td, th { padding: .25em .8em; border-bottom: 1px solid #d0d7de; text-align: left; }
.axis { stroke: #57606a; } .line { fill: none; stroke-width: 2; } text { font-size: 11px; fill: #57606a; } ul { list-style: none; padding: 0; }
</style>
</head>
<body>
<h1>Comparison on common random numbers</h1>
<p>${integer(c.run.paths)} paths · seed ${esc(c.run.seed)} · ${c.calendar.start} to ${c.calendar.horizon} · ΔP paired path by path, 95% interval by Newcombe's paired score method</p>
<table><thead><tr><th>scenario</th><th>by</th><th>P(ruin)</th><th>std error</th><th>ΔP vs baseline (95%)</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>P(still solvent) by date</h2>
<ul>${legend}</ul>
${frame(lines, 'survival curves of every scenario on shared axes', percent(1, 0), percent(floor, 0), first[0]!.date, first[first.length - 1]!.date, { x: 'date', y: 'P(still solvent)' })}
</body>
</html>
`;
}

/** The shortfall of ruined paths, or nothing when no path was ruined. */
function shortfallTable(result: Result): string {
  const sf = result.shortfall;
  if (sf === null) return '';
  const row = (label: string, x: NonNullable<Result['shortfall']>['atRuin']) => `<tr><td>${label}</td><td>${usd(x.p10)}</td><td>${usd(x.p50)}</td><td>${usd(x.p90)}</td><td>${usd(x.mean)}</td></tr>`;
  return `<h2>Shortfall of the ${integer(sf.ruinedPaths)} ruined paths</h2>
<table><thead><tr><th></th><th>p10</th><th>p50</th><th>p90</th><th>mean</th></tr></thead><tbody>
${row('below zero on the ruin day', sf.atRuin)}
${row('deepest by the horizon = bridge needed', sf.deepest)}
</tbody></table>`;
}
