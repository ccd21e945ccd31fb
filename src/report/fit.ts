import { stringify } from 'yaml';
import type { Fit } from '../analysis/fit.js';
import type { ScenarioDocument } from '../analysis/fitted-scenario.js';
import { fitTable } from './fit-table.js';
import { integer, usd } from './format.js';
import { formatIsoDate } from '../util/calendar.js';

/** The fitted scenario as YAML: a scenario file, with a header saying where it came from. */
export function renderFittedYaml(fit: Fit, document: ScenarioDocument): string {
  const header = [
    `# Fitted by runway fit from ${fit.file} (lines ${fit.rows.first}–${fit.rows.last}, ${fit.rows.count} ${fit.period}s).`,
    '# Each line says how it was fitted in its note; inputs drawn per path carry the estimates\' uncertainty.',
    typeof document['extends'] === 'string'
      ? '# What the actuals say, over the base it extends: the base keeps its name, payment dates, plans, debt, events and actions; lines merge by name.'
      : '# Edit freely, or keep it as a base: a scenario with `extends: THIS FILE` adds plans, debt and events.',
  ];
  return `${header.join('\n')}\n${stringify(document, { lineWidth: 0 })}`;
}

/** The fit as JSON: what was learnt (estimates with standard errors, AIC of each model) and the scenario. */
export function renderFitJson(fit: Fit, document: ScenarioDocument): string {
  return `${JSON.stringify({ fit, scenario: document }, null, 2)}\n`;
}

/** One row per series: its model, level at the start, growth with its standard error, noise. */
export function renderFitTable(fit: Fit, width?: number): string {
  const per = fit.period;
  const rows: string[][] = [];
  if (fit.cash !== undefined) rows.push(['cash', 'balance', '', usd(fit.cash.last), '', fit.cash.unexplained === undefined ? '' : `${usd(fit.cash.unexplained.mean)} ± ${usd(fit.cash.unexplained.sd)} unexplained`]);
  if (fit.users !== undefined) {
    const u = fit.users;
    rows.push(['users', u.source === 'users' ? 'walk' : `walk of ${u.source.section}:${u.source.name}`, integer(u.n), u.source === 'users' ? integer(u.initial) : '', `${pct(Math.expm1(u.drift.value))} ± ${pct(u.drift.se)}`, `${pct(u.volatility)} vol`]);
  }
  if (fit.customers !== undefined) {
    const c = fit.customers;
    rows.push(['customers', c.method === 'flows' ? 'new, churn' : 'counts', integer(c.n), integer(c.initial), `new ${c.new.value.toFixed(1)} ± ${c.new.se.toFixed(1)}`, `churn ${pct(c.churn.value)} ± ${pct(c.churn.se)}`]);
  }
  for (const line of fit.lines) {
    const f = line.fit;
    const label = `${line.section}:${line.name}`;
    const per = line.scale === 'fixed' ? '' : `/${line.scale === 'customers' ? 'cust.' : 'user'}`;
    const growth = `${pct(Math.expm1(f.growth.value))} ± ${pct(Math.exp(f.growth.value) * f.growth.se)}`;
    if (f.model === 'additive') rows.push([label, 'additive', integer(f.n), `${usd(f.level.value)}${per}`, growth, `${usd(f.sd)} sd`]);
    else if (f.model === 'walk') rows.push([label, 'walk, drives users', integer(f.n), usd(Math.exp(f.level.value)), growth, `${pct(f.sd)} sd`]);
    else rows.push([label, f.seasonal ? 'mult., seasonal' : 'multiplicative', integer(f.n), `${usd(Math.exp(f.level.value + f.sd ** 2 / 2))}${per}`, growth, `${pct(Math.sqrt(Math.expm1(f.sd ** 2)))} sd`]);
  }
  const table = fitTable(
    [
      { head: 'series', align: 'left', shrinkTo: 12 },
      { head: 'model', align: 'left', shrinkTo: 10, dropRank: 2 },
      { head: `${per}s`, align: 'right', dropRank: 0 },
      { head: 'level at start', align: 'right' },
      { head: `growth a ${per}`, align: 'right' },
      { head: 'noise', align: 'right', dropRank: 1 },
    ],
    rows,
    width,
  );
  return `Fitted ${fit.file}, lines ${fit.rows.first}–${fit.rows.last} (${fit.rows.count} ${per}s); forecasts start ${formatIsoDate(fit.startDay)}\n${table}\n`;
}

/** A percentage with two decimals, never −0.00%. */
function pct(x: number): string {
  const text = (x * 100).toFixed(2);
  return `${Number(text) === 0 ? '0.00' : text}%`;
}
