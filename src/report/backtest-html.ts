import type { Backtest, TargetScore } from '../run/backtest.js';
import { coverageText, verdict } from './backtest.js';
import { integer, percent, usd } from './format.js';
import { esc, htmlPage } from './html.js';

/**
 * A self-contained HTML calibration report of a backtest (no scripts, no network): per series,
 * the PIT histogram against the flat line a calibrated forecast gives (with the band that 95% of
 * calibrated histograms' bars fall in), and the coverage of the 50% and 90% bands; with a
 * threshold, the reliability diagram of "cash below it".
 */
export function renderBacktestHtml(b: Backtest): string {
  const sections = b.targets
    .map((s) => {
      return `<section class="series"><h2>${esc(s.target)}</h2>
<p>${integer(s.n)} forecasts · in the 50% band ${coverageText(s.coverage50)} · in the 90% band ${coverageText(s.coverage90)} · KS p ${s.uniformity.n < 5 ? '-' : s.uniformity.p.toFixed(2)} · <strong>${esc(verdict(s, b))}</strong></p>
${pitSvg(s)}</section>`;
    })
    .join('\n');
  return htmlPage(
    `Backtest of ${esc(b.file)}`,
    `h1 { font-size: 1.5em; } .meta { color: #57606a; font-size: .9em; }
section.series { display: inline-block; width: 440px; vertical-align: top; margin-right: 1em; } section.series h2 { font-size: 1.1em; } section.series p { font-size: .9em; }
svg { display: block; margin: .5em 0 1.5em; } .axis { stroke: #57606a; } .bar { fill: #6ea8fe; } .flat { stroke: #084298; stroke-dasharray: 4 3; }
.band { fill: #d0d7de; opacity: .6; } .diagonal { stroke: #57606a; stroke-dasharray: 4 3; } .dot { fill: #dc3545; } text { font-size: 11px; fill: #57606a; }
`,
    `<h1>Backtest of ${esc(b.file)}</h1>
<p class="meta">${b.mode === 'fit' ? `${integer(b.cutoffs.length)} forecasts, each fitted on the rows up to its cut-off` : 'one scenario, from its start'} · ${b.horizon} ${b.period}s ahead · ${integer(b.paths)} paths each · seed ${b.seed}</p>
<p>The PIT of an outcome is the share of simulated paths below it. A calibrated forecast's PITs are spread evenly from 0 to 1 (the dashed line; the grey band is where about 95% of a calibrated forecast's bars would fall, counting each cut-off once). A U shape means the bands are too narrow, a hump that they are too wide, a slope that the forecasts are biased.</p>
${sections}
${b.brier === undefined || b.threshold === undefined ? '' : reliabilitySvg(b)}
`,
  );
}

const W = 420;
const H = 200;
const PAD = { left: 40, right: 10, top: 10, bottom: 30 };

function pitSvg(s: TargetScore): string {
  const n = s.pitHistogram.reduce((a, c) => a + c, 0);
  const expected = n / 10;
  // a bar's share of the PITs has variance 0.1·0.9 over the independent outcomes (each cut-off once)
  const sd = n * Math.sqrt((0.1 * 0.9) / Math.max(1, s.coverage90.independent));
  const top = Math.max(...s.pitHistogram, expected + 2 * sd, 1);
  const x = (i: number) => PAD.left + (i / 10) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);
  const bars = s.pitHistogram.map((c, i) => `<rect class="bar" x="${x(i) + 1}" y="${y(c)}" width="${x(1) - x(0) - 2}" height="${y(0) - y(c)}"><title>${c} of ${n}</title></rect>`).join('');
  const band = `<rect class="band" x="${x(0)}" y="${y(expected + 2 * sd)}" width="${x(10) - x(0)}" height="${y(Math.max(0, expected - 2 * sd)) - y(expected + 2 * sd)}"/>`;
  return `<svg role="img" aria-label="PIT histogram of ${esc(s.target)}" viewBox="0 0 ${W} ${H}" width="${W}">
${band}${bars}<line class="flat" x1="${x(0)}" y1="${y(expected)}" x2="${x(10)}" y2="${y(expected)}"/>
<line class="axis" x1="${x(0)}" y1="${PAD.top}" x2="${x(0)}" y2="${y(0)}"/><line class="axis" x1="${x(0)}" y1="${y(0)}" x2="${x(10)}" y2="${y(0)}"/>
<text x="${x(0)}" y="${H - 12}" text-anchor="middle">0</text><text x="${x(5)}" y="${H - 12}" text-anchor="middle">PIT</text><text x="${x(10)}" y="${H - 12}" text-anchor="middle">1</text>
<text x="${x(0) - 4}" y="${y(top) + 10}" text-anchor="end">${Math.round(top)}</text><text x="${x(0) - 4}" y="${y(0)}" text-anchor="end">0</text>
</svg>`;
}

function reliabilitySvg(b: Backtest): string {
  const brier = b.brier!;
  const size = 260;
  const at = (v: number) => PAD.left + v * (size - PAD.left - PAD.right);
  const up = (v: number) => size - PAD.bottom - v * (size - PAD.top - PAD.bottom);
  const dots = brier.reliability.map((r) => `<circle class="dot" cx="${at(r.forecast)}" cy="${up(r.observed)}" r="${3 + Math.sqrt(r.n)}"><title>${r.n} forecasts near ${percent(r.forecast, 0)}: it happened ${percent(r.observed, 0)} of the time</title></circle>`).join('');
  return `<section><h2>Cash below ${esc(usd(b.threshold!))} within ${b.horizon} ${b.period}s</h2>
<p>Brier score ${brier.score.toFixed(3)} over ${integer(brier.n)} forecasts (always forecasting the rate it happened at: ${brier.reference.toFixed(3)}). A calibrated forecast's dots lie on the diagonal: of the times it said p, the event happened p of the time.</p>
<svg role="img" aria-label="reliability diagram" viewBox="0 0 ${size} ${size}" width="${size}">
<line class="diagonal" x1="${at(0)}" y1="${up(0)}" x2="${at(1)}" y2="${up(1)}"/>
<line class="axis" x1="${at(0)}" y1="${up(1)}" x2="${at(0)}" y2="${up(0)}"/><line class="axis" x1="${at(0)}" y1="${up(0)}" x2="${at(1)}" y2="${up(0)}"/>
${dots}
<text x="${at(0.5)}" y="${size - 8}" text-anchor="middle">forecast probability</text><text x="${at(0) - 4}" y="${up(1) + 10}" text-anchor="end">1</text><text x="${at(0) - 4}" y="${up(0)}" text-anchor="end">0</text>
</svg></section>`;
}
