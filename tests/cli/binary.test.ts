import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = 'bin/runway.js';

function runway(args: string[], options: { input?: string } = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input: options.input ?? '', env: { ...process.env, NO_COLOR: '1' } });
}

describe('bin/runway.js', () => {
  it('simulates the OpenAI scenario and prints JSON', () => {
    const r = runway(['simulate', 'scenarios/openai-2024.yaml', '--paths', '1000', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).run.paths).toBe(1000);
  });

  it('reads the scenario from standard input with -', () => {
    const r = runway(['simulate', '-', '--paths', '200', '--format', 'json'], { input: readFileSync('scenarios/openai-2024.yaml', 'utf8') });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).scenario.days).toBe(504);
  });

  it('reports a bad scenario in one line per problem, exit 2, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runway-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: x\nstart: 2024-01-01\nhorizon: 2024-12-31\ncash:\n  initial: 1M\ncosts:\n  - name: a\n    amount: 0 to 1M\n');
    const r = runway(['simulate', file]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${file}:8:13: costs[0].amount: low must be above 0 for a lognormal interval (got 0); write normal(mean, sd) for ranges that include 0 or negatives\n`);
  });

  it('a directory and a non-UTF-8 file get their own one-line errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runway-'));
    expect(runway(['simulate', dir]).stderr).toBe(`${dir}: is a directory, expected a scenario file\n`);
    const latin1 = join(dir, 'latin1.yaml');
    writeFileSync(latin1, Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]));
    const r = runway(['simulate', latin1]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${latin1}: not a UTF-8 text file\n`);
  });

  it('writes --out atomically and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runway-'));
    const out = join(dir, 'report.json');
    const r = runway(['simulate', 'scenarios/openai-2024.yaml', '--paths', '200', '--format', 'json', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(true);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('ends quietly when the reader of a pipe goes away', () => {
    const r = spawnSync('/bin/sh', ['-c', `"${process.execPath}" ${BIN} simulate scenarios/openai-2024.yaml --paths 3000 --format json | head -c 100`], { encoding: 'utf8' });
    expect(r.stdout).toHaveLength(100);
    expect(r.stderr).toBe('');
  });

  it('init writes a starter once and refuses to overwrite it; the starter simulates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runway-'));
    const file = join(dir, 'scenario.yaml');
    expect(runway(['init', file]).status).toBe(0);
    const again = runway(['init', file]);
    expect(again.status).toBe(2);
    expect(again.stderr).toBe(`${file}: exists already; not overwritten\n`);
    const r = runway(['simulate', file, '--paths', '300', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).scenario.name).toBe('My company');
  });
});
