import { describe, expect, it } from 'vitest';
import { memoryIo } from '../helpers.js';

const OPENAI = 'scenarios/openai-2024.yaml';
const SAAS = 'scenarios/saas-startup.yaml';
const COMMANDS: [string, string[]][] = [
  ['simulate (OpenAI)', ['simulate', OPENAI, '--paths', '2000']],
  ['simulate (SaaS: flows, actions)', ['simulate', SAAS, '--paths', '2000']],
  ['simulate --replay', ['simulate', SAAS, '--replay', '3']],
  ['compare', ['compare', OPENAI, 'scenarios/variants/openai-cheaper-inference.yaml', '--paths', '2000', '--set', 'cash.initial=9B', '--max-increase', '1pp']],
  ['sensitivity', ['sensitivity', OPENAI, '--paths', '2000']],
  ['solve', ['solve', OPENAI, '--target', 'ruin(2024-12-31) <= 5%', '--vary', 'cash.initial', '--paths', '2000']],
  ['check', ['check', OPENAI, '--paths', '2000']],
];

/** Display width of a line (every character here is one column wide: box drawing, −, ±, …). */
const columns = (line: string) => [...line].length;

describe('tables and text fit the width (--width, else the terminal, 80 in a pipe)', () => {
  it.each(COMMANDS)('%s at 60, 80 and 132 columns', async (_name, argv) => {
    for (const width of [60, 80, 132]) {
      const cli = memoryIo();
      expect(await cli.run([...argv, '--width', String(width)])).toBeLessThan(2);
      const long = cli.stdout().split('\n').filter((l) => columns(l) > width);
      expect(long, `${argv.join(' ')} --width ${width}`).toEqual([]);
    }
  });

  it('labels are shortened before columns are left out, and numbers are never cut; what is left out is said', async () => {
    const cli = memoryIo();
    await cli.run(['simulate', SAAS, '--paths', '2000', '--width', '60', '--no-chart']);
    const out = cli.stdout();
    expect(out).toMatch(/│ deepest by the hori… │/); // the shortfall label, shortened just enough
    expect(out).toContain('(left out to fit 60 columns: ruined paths; --width to widen)');
    for (const money of out.matchAll(/\$[\d.]+[kMBT]?/g)) expect(money[0]).toMatch(/^\$\d+(\.\d+)?[kMBT]?$/);
    const wide = memoryIo();
    await wide.run(['simulate', SAAS, '--paths', '2000', '--width', '132', '--no-chart']);
    expect(wide.stdout()).not.toContain('left out');
  });

  it('refuses a width that is not a number of columns', async () => {
    const cli = memoryIo();
    expect(await cli.run(['simulate', OPENAI, '--width', '20'])).toBe(2);
    expect(cli.stderr()).toBe('runway simulate: --width: expected a whole number of columns from 40 to 1000 (got 20)\n');
  });
});
