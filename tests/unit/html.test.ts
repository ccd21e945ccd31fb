import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { usd } from '../../src/report/format.js';
import { memoryIo, simulateText } from '../helpers.js';

const result = simulateText(
  "name: 'A <b>risky</b> & co'\nstart: 2024-01-01\nhorizon: 2024-06-30\npaths: 300\ncash: { initial: 'uniform(5k, 15k)', source: 'https://example.com/bank?a=1&b=2' }\ncosts: [{ name: burn, amount: 100, per: day, note: '<script>alert(1)</script>' }]\n",
);

describe('HTML report', () => {
  const html = renderHtml(result);

  it('is one self-contained page: no scripts, no external resources', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
  });

  it('has the headline with its interval, four SVG charts and the run identity', () => {
    const last = result.ruin.byDate.at(-1)!;
    expect(html).toContain(`<p class="headline" id="headline">${(last.probability * 100).toFixed(2)}%`);
    expect(html.match(/<svg role="img"/g)).toHaveLength(4);
    expect(html).toContain('<line class="zero"');
    expect(html).toContain('<polygon class="survival"');
    expect(html.match(/<rect class="bar"/g)!.length).toBe(6); // January to June
    expect(html).toContain(result.scenario.sha256);
  });

  it('labels the fan and the axes, and shows each assumption\'s value beside its source', () => {
    expect(html).toContain('<ul class="legend" id="fan-legend">');
    for (const band of ['median', 'half of the paths (p25–p75)', '90% of the paths (p5–p95)', 'zero: out of cash']) expect(html).toContain(band);
    expect(html).toContain('>cash at the end of the day (USD)</text>');
    expect(html).toContain('>P(still solvent)</text>');
    expect(html).toContain('<td>initial uniform(5k, 15k)</td><td>https://example.com/bank?a=1&amp;b=2</td>');
    expect(html).toContain('<td>100 a day</td>');
  });

  it('shows where the money goes: a legend, monthly bars of each line with their values, and the table by period', () => {
    expect(html).toContain('<ul class="legend" id="flows-legend">');
    expect(html).toContain('aria-label="monthly money in and out by line, mean over paths"');
    const line = result.flows.series[0]!;
    const january = line.monthly[0]!.mean;
    expect(html).toContain(`<title>2024-01 · ${line.name}: ${usd(january)}</title>`);
    expect(html).toMatch(new RegExp(`<table id="flows">[\\s\\S]*<td>${line.name}</td><td>${usd(january).replace('$', '\\$')}</td>`));
    expect(html).toContain('>money a month (USD)</text>');
  });

  it('lists the events with their share of paths', () => {
    const withEvent = renderHtml(simulateText('name: e\nstart: 2024-01-01\nhorizon: 2024-03-31\npaths: 200\ncash: { initial: 10k }\nevents: [{ name: grant, date: 2024-02-01, probability: 50%, amount: 5k }]\n'));
    expect(withEvent).toMatch(/<h2>Events<\/h2>[\s\S]*<td>grant<\/td><td>\d+\.\d\d%<\/td>/);
  });

  it('escapes every text from the scenario (names, sources, notes)', () => {
    expect(html).toContain('A &lt;b&gt;risky&lt;/b&gt; &amp; co');
    expect(html).toContain('https://example.com/bank?a=1&amp;b=2');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('is written by simulate --html, atomically, next to the normal output', async () => {
    const cli = memoryIo();
    expect(await cli.run(['simulate', 'scenarios/openai-2024.yaml', '--paths', '400', '--html', 'report.html', '--format', 'json'])).toBe(0);
    expect(cli.written['report.html']).toMatch(/^<!doctype html>/);
    expect(JSON.parse(cli.stdout()).run.paths).toBe(400);
    const refuse = memoryIo();
    expect(await refuse.run(['simulate', 'scenarios/openai-2024.yaml', '--html', 'scenarios/openai-2024.yaml'])).toBe(2);
  });
});

describe('comparison HTML report', () => {
  it('draws one survival line per scenario on shared axes, with the ΔP table', async () => {
    const cli = memoryIo();
    expect(await cli.run(['compare', 'scenarios/openai-2024.yaml', 'scenarios/variants/openai-cheaper-inference.yaml', '--paths', '500', '--html', 'compare.html'])).toBe(0);
    const html = cli.written['compare.html']!;
    expect(html.match(/<svg role="img"/g)).toHaveLength(1);
    expect(html.match(/<polyline class="line"/g)).toHaveLength(2);
    expect(html).toContain('OpenAI runway to the end of 2024 (baseline)');
    expect(html).toMatch(/<td>OpenAI runway, 20% cheaper inference<\/td><td>2024-12-31<\/td><td>[\d.]+%<\/td><td>± [\d.]+%<\/td><td>-?[\d.]+% \(/);
    expect(html).not.toMatch(/<script|<link|src=/i);
  });
});
