import { readFileSync } from 'node:fs';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../helpers.js';

/** Renders GitHub-flavoured Markdown with micromark (CommonMark and the GFM extensions), as a pull-request comment would show it. */
const html = (markdown: string) => micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });

/** The text of each cell of each row of the n-th table, tags stripped. */
function cells(page: string, n = 0): string[][] {
  const t = page.split('<table>')[n + 1]!.split('</table>')[0]!;
  return [...t.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '')));
}

const OPENAI = 'scenarios/openai-2024.yaml';

async function run(argv: string[], files: Record<string, string> = {}) {
  const cli = memoryIo(files);
  const code = await cli.run(argv);
  return { code, page: html(cli.stdout()), text: cli.stdout() };
}

describe('--format markdown, rendered by a CommonMark/GFM renderer', () => {
  it('simulate: the headline first, a ruin table, cash in a details block', async () => {
    const r = await run(['simulate', OPENAI, '--paths', '2000', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.page.startsWith('<h3>OpenAI runway to the end of 2024</h3>\n<p><strong>P(ruin by 2024-12-31) ')).toBe(true);
    const ruin = cells(r.page, 0);
    expect(ruin[0]).toEqual(['by', 'P(ruin)', '± s.e.', '95% interval', 'ruined paths']);
    expect(ruin.length).toBe(1 + 3); // the header and the three report dates
    expect(r.page).toContain('<details><summary>Cash by date</summary>');
    expect(cells(r.page, 1)[0]).toEqual(['date', 'p5', 'p25', 'median', 'p75', 'p95', 'below zero']);
  });

  it('escapes what a scenario says: a name with table pipes, HTML and emphasis renders as written', async () => {
    const text = readFileSync(OPENAI, 'utf8').replace(/^name: .*$/m, 'name: "a | b <b>bold</b> *x* [l](http://e)"');
    const r = await run(['simulate', 's.yaml', '--paths', '1000', '--format', 'markdown'], { 's.yaml': text });
    expect(r.page).toContain('<h3>a | b &lt;b&gt;bold&lt;/b&gt; *x* [l](http://e)</h3>');
    expect(r.page).not.toMatch(/<b>|<em>|<a /);
  });

  it('compare with a gate: the verdict first, then ΔP by date and the horizon', async () => {
    const r = await run(['compare', OPENAI, '--set', 'costs[ChatGPT inference].amount=300k', '--max-increase', '1pp', '--paths', '2000', '--by', '2024-12-31', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.page).toMatch(/^<h3>Gate ✅ passed: ΔP\(ruin\) ≤ \+1\.00%<\/h3>/);
    expect(cells(r.page, 0)[1]![0]).toBe('OpenAI runway to the end of 2024 with costs[ChatGPT inference].amount=300k');
    expect(cells(r.page, 1)[0]).toEqual(['scenario', 'P(ruin by 2024-12-31)', 'ΔP (95%)']);
    expect(cells(r.page, 2)[0]).toEqual(['scenario', 'median ruin', 'p5 cash 2024-12-31', 'p50 cash 2024-12-31']);
  });

  it('check: the counts first, one row per limit', async () => {
    const r = await run(['check', OPENAI, '--paths', '2000', '--format', 'markdown']);
    expect(r.page).toMatch(/^<h3>(✅|❌|⚠️) runway check: \d passed, \d breached, \d inconclusive<\/h3>/u);
    const rows = cells(r.page, 0);
    expect(rows[0]).toEqual(['scenario', 'limit', 'verdict', 'detail']);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows[1]![0]).toBe(OPENAI);
  });

  it('sensitivity and solve', async () => {
    const s = await run(['sensitivity', OPENAI, '--paths', '2000', '--top', '3', '--format', 'markdown']);
    expect(s.page).toMatch(/^<h3>Sensitivity of P\(ruin by 2024-12-31\): OpenAI runway to the end of 2024<\/h3>/);
    expect(cells(s.page, 0).length).toBe(1 + 3);
    const v = await run(['solve', OPENAI, '--target', 'ruin(2024-12-31) <= 3%', '--vary', 'cash.initial', '--paths', '2000', '--format', 'markdown']);
    expect(v.code).toBe(0);
    expect(v.page).toMatch(/^<h3>Solve: ruin\(2024-12-31\) &lt;= 3% by moving <code>cash.initial<\/code> \(add\)<\/h3>\n<p><strong>Answer: \+\$[\d.]+[kMB]<\/strong>/);
  });

  it('backtest: how many series are calibrated first, a row per series', async () => {
    const r = await run(['backtest', 'examples/actuals/acme-analytics.csv', '--paths', '300', '--horizon', '2', '--min-history', '30', '--threshold', '2.5M', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.page).toMatch(/^<h3>Backtest of examples\/actuals\/acme-analytics\.csv<\/h3>\n<p><strong>\d of 7 series calibrated<\/strong> over 6 cut-offs, 2 months ahead, 300 paths each<\/p>/);
    const rows = cells(r.page, 0);
    expect(rows[0]).toEqual(['series', 'forecasts', 'in 50% band', 'in 90% band', 'PIT 0→1', 'KS p', 'verdict']);
    expect(rows.map((row) => row[0])).toEqual(['series', 'cash', 'revenue:subscriptions', 'revenue:services', 'costs:payroll', 'costs:cloud', 'costs:marketing', 'costs:rent']);
    expect(r.text).toContain('Brier score of "cash below $2\\.50M within 2 months"');
  });
});
