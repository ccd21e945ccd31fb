import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { memoryIo } from '../helpers.js';

const OPENAI = 'scenarios/openai-2024.yaml';
const openaiText = readFileSync(OPENAI, 'utf8');

/** Walks a JSON value and returns the paths of nulls and non-finite numbers. */
function badNumbers(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => badNumbers(v, `${path}[${i}]`));
  if (typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => badNumbers(v, `${path}.${k}`));
  return [];
}

async function json(argv: string[], files: Record<string, string> = {}) {
  const cli = memoryIo(files);
  const code = await cli.run(argv);
  expect(cli.stderr()).toBe('');
  expect(code).toBe(0);
  return cli.stdout();
}

describe('runway simulate --format json', () => {
  it('prints one versioned Result with every number finite and no nulls', async () => {
    const out = await json(['simulate', OPENAI, '--paths', '2000', '--format', 'json']);
    const result = JSON.parse(out);
    expect(result.schemaVersion).toBe(1);
    expect(result.tool).toEqual({ name: 'runway', version: '0.0.0-test' });
    expect(result.scenario).toMatchObject({ name: 'OpenAI runway to the end of 2024', start: '2023-08-16', horizon: '2024-12-31', step: 'day', days: 504 });
    expect(result.scenario.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.run).toMatchObject({ seed: '2024', paths: 2000, blockSize: 1024, rng: 'seedrandom-xor4096' });
    expect(result.ruin.byDate.map((r: { date: string }) => r.date)).toEqual(['2023-12-31', '2024-06-30', '2024-12-31']);
    expect(result.survival).toHaveLength(504);
    expect(result.cash.filter((c: { monthEnd: boolean }) => c.monthEnd)).toHaveLength(17);
    expect(result.provenance.map((p: { path: string }) => p.path)).toContain('costs[0]');
    expect(badNumbers(result)).toEqual([]);
    expect(out.endsWith('}\n')).toBe(true);
  });

  it('is byte-identical for the same scenario and seed, and differs for another seed', async () => {
    const a = await json(['simulate', OPENAI, '--paths', '1500', '--format', 'json']);
    const b = await json(['simulate', OPENAI, '--paths', '1500', '--format', 'json']);
    const c = await json(['simulate', OPENAI, '--paths', '1500', '--format', 'json', '--seed', '7']);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('gives byte-identical results for the YAML file and its JSON translation', async () => {
    const asJson = JSON.stringify(parseYaml(openaiText), null, 2);
    const fromYaml = await json(['simulate', OPENAI, '--paths', '1500', '--format', 'json']);
    const fromJson = await json(['simulate', 'openai.json', '--paths', '1500', '--format', 'json'], { 'openai.json': asJson });
    expect(fromJson).toBe(fromYaml);
  });

  it('keys random streams by driver: adding a line leaves the other drivers\' draws unchanged', async () => {
    // a zero-amount line with noise draws from its own stream and adds exactly 0 to every day
    const extra = openaiText.replace('revenue:\n', 'revenue:\n  - { name: placeholder, amount: 0, per: day, volatility: 50% }\n');
    expect(extra).not.toBe(openaiText);
    const before = JSON.parse(await json(['simulate', OPENAI, '--paths', '1500', '--format', 'json']));
    const after = JSON.parse(await json(['simulate', 'extra.yaml', '--paths', '1500', '--format', 'json'], { 'extra.yaml': extra }));
    expect(after.ruin).toEqual(before.ruin);
    expect(after.cash).toEqual(before.cash);
    expect(after.scenario.sha256).not.toBe(before.scenario.sha256);
  });

  it('--by replaces the report dates; the horizon is always reported', async () => {
    const result = JSON.parse(await json(['simulate', OPENAI, '--paths', '500', '--format', 'json', '--by', '2024-03-31', '--by', '2024-09-30']));
    expect(result.ruin.byDate.map((r: { date: string }) => r.date)).toEqual(['2024-03-31', '2024-09-30', '2024-12-31']);
  });

  it('--out writes the report to a file and nothing to stdout', async () => {
    const cli = memoryIo();
    expect(await cli.run(['simulate', OPENAI, '--paths', '300', '--format', 'json', '--out', 'report.json'])).toBe(0);
    expect(cli.stdout()).toBe('');
    expect(JSON.parse(cli.written['report.json']!).run.paths).toBe(300);
  });
});

describe('runway simulate: table output', () => {
  it('is plain text when stdout is not a terminal', async () => {
    const out = await json(['simulate', OPENAI, '--paths', '500']);
    expect(out).not.toMatch(/\x1b\[/);
    expect(out).toContain('Probability of running out of cash');
    expect(out).toMatch(/│ 2024-12-31 │ +\d+\.\d\d% │ +± \d+\.\d\d% │ \d+\.\d\d% – \d+\.\d\d% │/);
  });

  it('is coloured on a terminal, unless NO_COLOR is set', async () => {
    const tty = memoryIo({}, { tty: true });
    await tty.run(['simulate', OPENAI, '--paths', '300']);
    expect(tty.stdout()).toMatch(/\x1b\[/);
    const noColor = memoryIo({}, { tty: true, env: { NO_COLOR: '1' } });
    await noColor.run(['simulate', OPENAI, '--paths', '300']);
    expect(noColor.stdout()).not.toMatch(/\x1b\[/);
  });
});

describe('runway simulate --timings', () => {
  it('adds one line of phase times on stderr and leaves the result as it was', async () => {
    // a clock that moves 250 ms a reading (the progress bar reads it too)
    let ms = 0;
    const timed = memoryIo({}, { now: () => (ms += 250) });
    const plain = memoryIo();
    const argv = ['simulate', OPENAI, '--paths', '2000', '--format', 'json'];
    expect(await timed.run([...argv, '--timings'])).toBe(0);
    expect(await plain.run(argv)).toBe(0);
    expect(timed.stdout()).toBe(plain.stdout());
    expect(timed.stderr()).toMatch(/^runway simulate: timings \(s\): start-up 0\.250, load \d+\.\d{3}, simulation \d+\.\d{3}, statistics 0\.250, output 0\.250\n$/);
    expect(plain.stderr()).toBe('');
  });
});

describe('runway: errors and exit codes', () => {
  it('an invalid scenario: every problem on stderr, nothing on stdout, exit 2', async () => {
    const cli = memoryIo({ 'bad.yaml': 'name: x\nstart: 2024-02-30\nhorizon: 2024-12-31\ncash: { initial: 5 to 1 }\npathz: 3\n' });
    expect(await cli.run(['simulate', 'bad.yaml'])).toBe(2);
    expect(cli.stdout()).toBe('');
    expect(cli.stderr()).toBe(
      [
        'bad.yaml:2:8: start: 2024-02-30 is not a calendar date',
        'bad.yaml:4:18: cash.initial: low must be below high (got 5 to 1)',
        'bad.yaml:5:1: pathz: unknown key "pathz" (did you mean paths?)',
        '',
      ].join('\n'),
    );
  });

  it('a missing file: one line, exit 2', async () => {
    const cli = memoryIo();
    expect(await cli.run(['simulate', 'nowhere.yaml'])).toBe(2);
    expect(cli.stderr()).toBe('nowhere.yaml: cannot read: no such file\n');
  });

  it.each([
    [['--paths', '0'], 'runway simulate: --paths: expected a whole number from 1 to 1000000000 (got 0)\n'],
    [['--paths', '1e3'], 'runway simulate: --paths: expected a whole number from 1 to 1000000000 (got 1e3)\n'],
    [['--seed', '99999999999999999999'], 'runway simulate: --seed: whole-number seeds must be at most 2^53-1 (got 99999999999999999999); quote it in the file or pass a text to use it as text\n'],
    [['--by', '2025-01-01'], 'runway simulate: --by: must lie between start 2023-08-16 and horizon 2024-12-31 (got 2025-01-01)\n'],
    [['--by', '2024-02-30'], 'runway simulate: --by: 2024-02-30 is not a calendar date\n'],
  ])('bad flag %j: exit 2', async (flags, message) => {
    const cli = memoryIo();
    expect(await cli.run(['simulate', OPENAI, ...flags])).toBe(2);
    expect(cli.stderr()).toBe(message);
    expect(cli.stdout()).toBe('');
  });

  it('usage errors from the parser: exit 2', async () => {
    for (const argv of [['simulate'], ['simulate', OPENAI, '--format', 'xml'], ['simulate', OPENAI, '--colour'], ['frobnicate']]) {
      const cli = memoryIo();
      expect(await cli.run(argv)).toBe(2);
      expect(cli.stderr()).toMatch(/^error: /);
    }
  });

  it('refuses to write the report over the scenario', async () => {
    const cli = memoryIo();
    expect(await cli.run(['simulate', OPENAI, '--out', OPENAI])).toBe(2);
    expect(cli.stderr()).toBe(`runway simulate: ${OPENAI}: is an input; refusing to overwrite it with --out\n`);
  });

  it('--help and --version: exit 0', async () => {
    const help = memoryIo();
    expect(await help.run(['--help'])).toBe(0);
    expect(help.stdout()).toContain('simulate [options] <file>');
    const version = memoryIo();
    expect(await version.run(['--version'])).toBe(0);
    expect(version.stdout()).toBe('0.0.0-test\n');
  });

  it('an internal error: one line asking for a report, exit 3', async () => {
    const cli = memoryIo();
    const io = { ...cli.io, readText: () => { throw new Error('disk on fire'); } };
    const { run } = await import('../../src/cli/program.js');
    expect(await run(['simulate', OPENAI], io)).toBe(3);
    expect(cli.stderr()).toBe('runway: internal error: disk on fire (this is a bug: please report it with the scenario file)\n');
  });
});

describe('example scenarios', () => {
  it.each(['scenarios/openai-2024.yaml', 'scenarios/seed-startup.yaml', 'scenarios/api-business.yaml', 'scenarios/saas-startup.yaml'])('%s validates and runs', async (file) => {
    const result = JSON.parse(await json(['simulate', file, '--paths', '400', '--format', 'json']));
    expect(result.ruin.byDate.length).toBeGreaterThanOrEqual(2);
    expect(badNumbers(result)).toEqual([]);
  });

  it('the SaaS example closes its seed round in 60% of paths, and nobody runs out before it could', async () => {
    // The round lands between June and October 2027; the loan and the March contract keep every path
    // above zero through 2027, so the round's share is its probability (binomial, 4 standard errors).
    const result = JSON.parse(await json(['simulate', 'scenarios/saas-startup.yaml', '--paths', '4000', '--format', 'json']));
    expect(Math.abs(result.events[0].probability - 0.6)).toBeLessThan(4 * Math.sqrt((0.6 * 0.4) / 4000));
    expect(result.ruin.byDate.find((r: { date: string }) => r.date === '2027-12-31').ruinedPaths).toBe(0);
  });
});

describe('runway simulate: progress and precision flags', () => {
  it('draws a progress bar on a terminal stderr after a second, and clears it', async () => {
    let clock = 0;
    const cli = memoryIo({}, { stderrTty: true, now: () => (clock += 400) });
    expect(await cli.run(['simulate', OPENAI, '--paths', '3000', '--format', 'json'])).toBe(0);
    expect(cli.stderr()).toMatch(/^\r\x1b\[2Ksimulating \[#+\.*\] \d\/3 blocks [\d.]+s/);
    expect(cli.stderr().endsWith('\r\x1b[2K')).toBe(true);
    JSON.parse(cli.stdout());
  });

  it('says how long is left once there is a rate to go by (here 400 ms a reading)', async () => {
    let clock = 0;
    const cli = memoryIo({}, { stderrTty: true, now: () => (clock += 400) });
    expect(await cli.run(['simulate', OPENAI, '--paths', '12000', '--format', 'json'])).toBe(0);
    expect(cli.stderr()).toMatch(/simulating \[#+\.*\] \d+\/12 blocks [\d.]+s, about \d+s left/);
  });

  it('check and compare draw one bar for the whole decision, over every scenario', async () => {
    for (const [argv, label] of [
      [['check', OPENAI, OPENAI, '--paths', '3000'], 'checking 2 scenarios'],
      [['compare', OPENAI, OPENAI, '--paths', '3000'], 'comparing 2 scenarios'],
    ] as const) {
      let clock = 0;
      const cli = memoryIo({}, { stderrTty: true, now: () => (clock += 400) });
      await cli.run([...argv]);
      const bars = [...cli.stderr().matchAll(new RegExp(`${label} \\[[#.]+\\] (\\d+)/(\\d+) blocks`, 'g'))].map((m) => [Number(m[1]), Number(m[2])]);
      expect(bars.length).toBeGreaterThan(2);
      expect(new Set(bars.map(([, planned]) => planned))).toEqual(new Set([6])); // both scenarios' blocks, from the start
      expect(bars.map(([done]) => done)).toEqual([...bars.map(([done]) => done)].sort((a, b) => a! - b!)); // never goes back
    }
  });

  it('never draws it when stderr is not a terminal', async () => {
    let clock = 0;
    const cli = memoryIo({}, { now: () => (clock += 400) });
    await cli.run(['simulate', OPENAI, '--paths', '3000', '--format', 'json']);
    expect(cli.stderr()).toBe('');
  });

  it('reports the precision reached in the table', async () => {
    const out = await json(['simulate', OPENAI, '--paths', '1024', '--precision', '1%']);
    expect(out).toMatch(/^Precision: every 95% half-width within ±1\.00% \(widest ±0\.\d+%\) with [\d,]+ paths$/m);
  });

  it.each([
    [['--precision', '0'], 'runway simulate: --precision: expected a half-width above 0% and below 50%, such as 0.5% (got 0)\n'],
    [['--precision', '1%', '--max-paths', '10'], 'runway simulate: --max-paths: expected a whole number from 1024 to 1000000000 (got 10)\n'],
    [['--threads', '0'], 'runway simulate: --threads: expected a whole number from 1 to 256 (got 0)\n'],
  ])('bad flag %j: exit 2', async (flags, message) => {
    const cli = memoryIo();
    expect(await cli.run(['simulate', OPENAI, ...flags])).toBe(2);
    expect(cli.stderr()).toBe(message);
  });
});
