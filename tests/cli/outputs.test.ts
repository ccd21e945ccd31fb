import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../helpers.js';

const scenario = 'name: s\nstart: 2025-01-01\nhorizon: 2025-06-30\npaths: 200\ncash: { initial: 100k }\ncosts:\n  - { name: burn, amount: 700, per: day }\n';
const BIN = 'bin/runway.cjs';

describe('no command overwrites its inputs, and no two outputs share a file', () => {
  it.each([
    [['sensitivity', 's.yaml', '--out', 's.yaml'], 'runway sensitivity: s.yaml: is an input; refusing to overwrite it with --out'],
    [['solve', 's.yaml', '--target', 'ruin(2025-06-30) <= 5%', '--vary', 'cash.initial', '--out', 's.yaml'], 'runway solve: s.yaml: is an input; refusing to overwrite it with --out'],
    [['compare', 'a.yaml', 's.yaml', '--out', 's.yaml'], 'runway compare: s.yaml: is an input; refusing to overwrite it with --out'],
    [['compare', 'a.yaml', 's.yaml', '--html', 'a.yaml'], 'runway compare: a.yaml: is an input; refusing to overwrite it with --html'],
    [['check', 's.yaml', '--junit', 's.yaml'], 'runway check: s.yaml: is an input; refusing to overwrite it with --junit'],
    [['simulate', 's.yaml', '--paths-out', 's.yaml'], 'runway simulate: s.yaml: is an input; refusing to overwrite it with --paths-out'],
    [['simulate', 's.yaml', '--out', 'r.txt', '--html', 'r.txt'], 'runway simulate: r.txt: --out and --html name the same file; give each output its own'],
    [['simulate', 's.yaml', '--paths-out', 'p.ndjson', '--html', './p.ndjson'], 'runway simulate: p.ndjson: --html and --paths-out name the same file; give each output its own'],
    [['simulate', 's.yaml', '--shard', '0/2', '--html', 'r.html'], 'runway simulate: --shard and --html do not go together (a shard writes a partial result; merge makes the report)'],
    [['simulate', 's.yaml', '--shard', '0/2', '--paths-out', 'p.ndjson'], 'runway simulate: --shard and --paths-out do not go together (a shard writes a partial result; merge makes the report)'],
  ])('%j', async (argv, message) => {
    const cli = memoryIo({ 's.yaml': scenario, 'a.yaml': scenario });
    expect(await cli.run(argv)).toBe(2);
    expect(cli.stderr()).toBe(`${message}\n`);
    expect(cli.written).toEqual({});
  });

  it('merge refuses to write over one of its parts', async () => {
    const parts: Record<string, Uint8Array> = {};
    for (const i of [0, 1]) {
      const cli = memoryIo({ 's.yaml': scenario });
      expect(await cli.run(['simulate', 's.yaml', '--paths', '2048', '--shard', `${i}/2`, '--out', `p${i}.json`])).toBe(0);
      parts[`p${i}.json`] = cli.bytes[`p${i}.json`]!;
    }
    for (const [flag, target] of [['--out', 'p0.json'], ['--html', 'p1.json']] as const) {
      const cli = memoryIo(parts);
      expect(await cli.run(['merge', 'p0.json', 'p1.json', flag, target])).toBe(2);
      expect(cli.stderr()).toBe(`runway merge: ${target}: is an input; refusing to overwrite it with ${flag}\n`);
    }
  });

  it('two outputs may both go to a device such as /dev/null', async () => {
    const cli = memoryIo({ 's.yaml': scenario });
    expect(await cli.run(['simulate', 's.yaml', '--out', '/dev/null', '--html', '/dev/null'])).toBe(0);
  });
});

describe('a full disk or a closed pipe: one line, exit 2, nothing replaced (through the binary)', () => {
  const run = (args: string[], shell?: string) =>
    shell === undefined ? spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 }) : spawnSync('bash', ['-c', shell], { encoding: 'utf8', timeout: 60_000 });
  const oneLine = (r: { status: number | null; stderr: string }, pattern: RegExp) => {
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  };

  it('on a full file system the old --out, --html and --paths-out files stay as they were, and no temporary file is left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runway-full-'));
    const full = join(dir, 'full');
    mkdirSync(full);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', full]).status === 0;
    try {
      if (!mounted) return void console.warn('skipped: mounting a small tmpfs needs root (CI runs as root)');
      for (const [flag, name] of [['--out', 'out.json'], ['--html', 'report.html'], ['--paths-out', 'paths.ndjson']] as const) {
        const file = join(full, name);
        writeFileSync(file, '{"p":1}\n');
        const r = run(['simulate', 'scenarios/openai-2024.yaml', '--paths', '3000', '--format', 'json', ...(flag === '--paths-out' ? ['--paths-sample', 'all', '--threads', '2'] : []), flag, file]);
        oneLine(r, new RegExp(`^${file}: cannot write: no space left on the device \\(nothing was replaced\\)\\n$`));
        expect(readFileSync(file, 'utf8')).toBe('{"p":1}\n');
      }
      expect(readdirSync(full).sort()).toEqual(['out.json', 'paths.ndjson', 'report.html']);
    } finally {
      if (mounted) spawnSync('umount', [full]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('/dev/full as --paths-out on two threads, or as standard output', () => {
    oneLine(run(['simulate', 'scenarios/openai-2024.yaml', '--paths', '20000', '--paths-sample', 'all', '--threads', '2', '--format', 'json', '--out', '/dev/null', '--paths-out', '/dev/full']), /^\/dev\/full: cannot write: no space left on the device/);
    oneLine(run([], `"${process.execPath}" ${BIN} simulate scenarios/openai-2024.yaml --paths 2000 --format json > /dev/full`), /^runway: cannot write standard output: no space left on the device\n$/);
  });

  it('--paths-out into a pipe whose reader has gone', () => {
    const r = run([], `"${process.execPath}" ${BIN} simulate scenarios/openai-2024.yaml --paths 20000 --paths-sample all --threads 2 --format json --out /dev/null --paths-out >(head -c 100 > /dev/null)`);
    oneLine(r, /cannot write: the reader closed the pipe\n$/);
    expect(existsSync('/dev/null')).toBe(true);
  });
});
