import { spawnSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/analysis/wilson.js';
import { memoryIo, problems } from '../helpers.js';

const scenario = (name: string, extra = '') => `name: ${JSON.stringify(name)}\nstart: 2025-01-01\nhorizon: 2025-03-31\npaths: 200\ncash: { initial: 100k }\ncosts:\n  - { name: burn, amount: 700, per: day }\n${extra}`;

describe('text that reaches a terminal or a spreadsheet', () => {
  it('a name with control characters (an escape sequence that retitles or clears a terminal) is refused', () => {
    expect(problems(scenario('x\u001b]0;pwned\u0007\u001b[2J'))).toEqual(['x.yaml:1:7: name: must not contain control characters (got U+001B at character 2)']);
    expect(problems(scenario('ok', 'revenue:\n  - { name: "a\\u009bb", amount: 1, per: day }\n'))).toEqual(['x.yaml:9:13: revenue[0].name: must not contain control characters (got U+009B at character 2)']);
  });

  it('CSV cells that a spreadsheet would run as formulas get a leading quote (OWASP); numbers stay numbers', async () => {
    const cli = memoryIo({ 'a.yaml': scenario('=HYPERLINK("http://x","y")'), 'b.yaml': scenario('+1', 'revenue:\n  - { name: "-cmd", amount: 1, per: day }\n  - { name: "@sum", amount: 1, per: day }\n') });
    expect(await cli.run(['compare', 'a.yaml', 'b.yaml', '--format', 'csv'])).toBe(0);
    const rows = parse(cli.stdout(), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r['name'])).toContain(`'=HYPERLINK("http://x","y")`);
    expect(rows.map((r) => r['name'])).toContain(`'+1`);
    const flows = memoryIo({ 'b.yaml': scenario('+1', 'revenue:\n  - { name: "-cmd", amount: 1, per: day }\n  - { name: "@sum", amount: 1, per: day }\n') });
    expect(await flows.run(['simulate', 'b.yaml', '--format', 'csv'])).toBe(0);
    const series = (parse(flows.stdout(), { columns: true }) as Record<string, string>[]).map((r) => r['series']);
    expect(new Set(series)).toEqual(new Set(['burn', `'-cmd`, `'@sum`]));
    expect((parse(flows.stdout(), { columns: true }) as Record<string, string>[]).find((r) => r['series'] === 'burn')!['mean']).toBe('-21700');
  });

  it('a custom tag in a --set value is refused like one in a file', async () => {
    const cli = memoryIo({ 's.yaml': scenario('s') });
    expect(await cli.run(['simulate', 's.yaml', '--set', 'cash.initial=!!js/function "x"'])).toBe(2);
    expect(cli.stderr()).toBe('--set: cash.initial=!!js/function "x": Unresolved tag: tag:yaml.org,2002:js/function; custom tags are not allowed\n');
  });
});

describe('small things', () => {
  it('with no ruined path the interval starts at 0 exactly, and with every path ruined it ends at 1', () => {
    expect(wilsonInterval(0, 20_000).low).toBe(0);
    expect(wilsonInterval(20_000, 20_000).high).toBe(1);
  });

  it('runway with no arguments is a usage error (help on stderr, exit 2)', () => {
    const r = spawnSync(process.execPath, ['bin/runway.cjs'], { encoding: 'utf8' });
    expect([r.status, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^Usage: runway /);
  });

  it('an event dated after the horizon is a warning on stderr', async () => {
    const cli = memoryIo({ 's.yaml': scenario('s', 'events:\n  - { name: late, date: 2025-05-01, amount: 5 }\n') });
    expect(await cli.run(['simulate', 's.yaml', '--format', 'json'])).toBe(0);
    expect(cli.stderr()).toBe('s.yaml:9:25: warning: events[0].date: is after the horizon 2025-03-31: its money never arrives in the run\n');
  });
});
