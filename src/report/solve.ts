import { Chalk } from 'chalk';
import type { Solution } from '../analysis/solve.js';
import { wrapProse } from './fit-table.js';
import { integer, percent } from './format.js';
import { inUnit } from './units.js';

/** A value of the varied field in its unit (`units.ts`): % for rates, days, counts, × for scales, else dollars. */
export function varyText(s: Solution, x: number, signed = false): string {
  const v = s.vary;
  if (v.how === 'scale') return `×${Number(x.toPrecision(4))}`;
  const body = inUnit(v.path, Math.abs(x), 2);
  const sign = x < 0 ? '−' : signed ? '+' : '';
  return `${sign}${body}`;
}

export function renderSolveTable(s: Solution, options: { color: boolean; width?: number }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const v = s.vary;
  const signed = v.how === 'add';
  const out: string[] = [];
  out.push(c.bold(`Solve: ${s.target.text} by moving ${v.path} (${v.how}) — ${s.scenario.name}`));
  out.push(`${integer(s.run.paths)} paths a trial · seed ${s.run.seed} · ${s.evaluations.length} trials on common random numbers`);
  out.push('');
  const a = s.answer;
  const value = varyText(s, a.value, signed);
  out.push(`${c.bold('answer')}: ${c.bold(value)}  (95% interval ${varyText(s, a.ci95.low, signed)} to ${varyText(s, a.ci95.high, signed)})`);
  /** The field's own value (its median, for a distribution), not a change to it. */
  const level = (x: number) => `${v.kind === 'distribution' ? 'median ' : ''}${varyText({ ...s, vary: { ...v, how: 'set' } }, x)}`;
  out.push(`${v.path}: ${level(v.current)} now, ${level(v.atAnswer)} at the answer`);
  out.push(`P(ruin by ${s.target.date}) at the answer: ${percent(a.probability)} ± ${percent(a.standardError)} (95% ${percent(a.probabilityCi95.low)} – ${percent(a.probabilityCi95.high)}; ${integer(a.ruinedPaths)} paths)`);
  out.push(
    `the interval runs from where the target is still plausible (inside the 95% interval of P) to where it is met with confidence (the whole interval meets it)`,
  );
  out.push(
    s.monotone.pathsAgainst === 0
      ? `monotone: yes, over all ${s.evaluations.length} trials and path by path`
      : c.yellow(
          `monotone: ${s.monotone.ok ? 'overall yes' : 'up to Monte Carlo noise (a step between neighbouring trials went the other way, by no more than noise)'}, but ${integer(s.monotone.pathsAgainst)} ${s.monotone.pathsAgainst === 1 ? 'path flip' : 'path flips'} went the other way between neighbouring trials (cash-triggered events and management actions can do this: more money can keep one from firing)`,
        ),
  );
  return `${wrapProse(out.join('\n'), options.width)}\n`;
}
