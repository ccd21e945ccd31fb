import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = 'bin/runway.cjs';

/** A fresh temporary folder, removed when the file's tests end. */
const scratch: string[] = [];
function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'runway-'));
  scratch.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function runway(args: string[], options: { input?: string } = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input: options.input ?? '', env: { ...process.env, NO_COLOR: '1' } });
}

describe('bin/runway.cjs', () => {
  it('simulates the OpenAI scenario and prints JSON', () => {
    const r = runway(['simulate', 'scenarios/openai-2024.yaml', '--paths', '1000', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).run.paths).toBe(1000);
  });

  it('gives the same result with its code cache, without it, and with a cache V8 rejects', () => {
    const caches = ['dist/runway.cache'];
    for (const cache of caches) expect(existsSync(cache)).toBe(true); // made by the build
    // 8 blocks on two threads: the worker simulates some of them
    const args = ['simulate', 'scenarios/openai-2024.yaml', '--paths', '8192', '--format', 'json', '--threads', '2'];
    const expected = runway(args).stdout;
    const dir = scratchDir();
    cpSync('bin', join(dir, 'bin'), { recursive: true });
    cpSync('dist', join(dir, 'dist'), { recursive: true });
    cpSync('package.json', join(dir, 'package.json'));
    const copy = (extra: string[]) => spawnSync(process.execPath, [join(dir, BIN), ...extra], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    for (const cache of caches) writeFileSync(join(dir, cache), 'not a code cache');
    const rejected = copy(args);
    expect(rejected.stderr).toBe('');
    expect(rejected.stdout).toBe(expected);
    for (const cache of caches) rmSync(join(dir, cache));
    const none = copy(args);
    expect(none.stderr).toBe('');
    expect(none.stdout).toBe(expected);
  });

  it('with --debug loads the program without its code cache (stacks through the source map), with the same result', () => {
    const args = ['simulate', 'scenarios/openai-2024.yaml', '--paths', '8192', '--format', 'json', '--threads', '2'];
    const bundled = runway(args);
    const debug = runway(['--debug', ...args]);
    expect(debug.stderr).toBe('');
    expect(debug.stdout).toBe(bundled.stdout);
  });

  it('reads the scenario from standard input with -', () => {
    const r = runway(['simulate', '-', '--paths', '200', '--format', 'json'], { input: readFileSync('scenarios/openai-2024.yaml', 'utf8') });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).scenario.days).toBe(504);
  });

  it('reports a bad scenario in one line per problem, exit 2, no stack trace', () => {
    const dir = scratchDir();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: x\nstart: 2024-01-01\nhorizon: 2024-12-31\ncash:\n  initial: 1M\ncosts:\n  - name: a\n    amount: 0 to 1M\n    per: month\n');
    const r = runway(['simulate', file]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${file}:8:13: costs[0].amount: low must be above 0 for a lognormal interval (got 0); write normal(mean, sd) for ranges that include 0 or negatives\n`);
  });

  it('a directory and a non-UTF-8 file get their own one-line errors', () => {
    const dir = scratchDir();
    expect(runway(['simulate', dir]).stderr).toBe(`${dir}: is a directory, expected a file\n`);
    const latin1 = join(dir, 'latin1.yaml');
    writeFileSync(latin1, Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]));
    const r = runway(['simulate', latin1]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${latin1}: not a UTF-8 text file (byte 0xe9 at offset 6)\n`);
  });

  it('writes --out atomically and leaves no temporary file', () => {
    const dir = scratchDir();
    const out = join(dir, 'report.json');
    const r = runway(['simulate', 'scenarios/openai-2024.yaml', '--paths', '200', '--format', 'json', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(true);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('writes --out into a pipe and through a symbolic link without replacing either', () => {
    const dir = scratchDir();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // the reader copies the pipe to a file; runway must write into the pipe, not rename a file over it
    // (bounded: with a file renamed over the pipe, the reader would wait for a writer forever)
    const r = spawnSync('/bin/sh', ['-c', `timeout 20 cat "${fifo}" > "${dir}/read.json" & "${process.execPath}" ${BIN} simulate scenarios/openai-2024.yaml --paths 200 --format json --out "${fifo}"; wait`], { encoding: 'utf8', timeout: 40_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'read.json'), 'utf8')).run.paths).toBe(200);
    expect(statSync(fifo).isFIFO()).toBe(true);
    // bash's process substitution: a /dev/fd path whose real path cannot be looked up
    const substituted = spawnSync('bash', ['-c', `"${process.execPath}" ${BIN} simulate scenarios/openai-2024.yaml --paths 200 --format json --out >(cat > "${dir}/substituted.json"); wait`], { encoding: 'utf8', timeout: 40_000 });
    expect(substituted.stderr).toBe('');
    expect(substituted.status).toBe(0);
    const real = join(dir, 'real.json');
    writeFileSync(real, 'old');
    const link = join(dir, 'link.json');
    symlinkSync(real, link);
    expect(runway(['simulate', 'scenarios/openai-2024.yaml', '--paths', '200', '--format', 'json', '--out', link]).status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(JSON.parse(readFileSync(real, 'utf8')).run.paths).toBe(200);
    expect(JSON.parse(readFileSync(join(dir, 'substituted.json'), 'utf8')).run.paths).toBe(200);
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'pipe', 'read.json', 'real.json', 'substituted.json']);
  });

  it('ends quietly when the reader of a pipe goes away', () => {
    const r = spawnSync('/bin/sh', ['-c', `"${process.execPath}" ${BIN} simulate scenarios/openai-2024.yaml --paths 3000 --format json | head -c 100`], { encoding: 'utf8' });
    expect(r.stdout).toHaveLength(100);
    expect(r.stderr).toBe('');
  });

  it('init writes a starter once and refuses to overwrite it; the starter simulates', () => {
    const dir = scratchDir();
    const file = join(dir, 'scenario.yaml');
    expect(runway(['init', file]).status).toBe(0);
    const again = runway(['init', file]);
    expect(again.status).toBe(2);
    expect(again.stderr).toBe(`${file}: exists already; not overwritten\n`);
    const r = runway(['simulate', file, '--paths', '300', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).scenario.name).toBe('My company');
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s stops the workers within a second, writes nothing, exits %i', async (signal, code) => {
    const dir = scratchDir();
    const out = join(dir, 'report.json');
    const child = spawn(process.execPath, [BIN, 'simulate', 'scenarios/openai-2024.yaml', '--paths', '2000000', '--threads', '2', '--format', 'json', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise((r) => setTimeout(r, 1500));
    const sent = performance.now();
    child.kill(signal);
    const exitCode = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(performance.now() - sent).toBeLessThan(1000);
    expect(exitCode).toBe(code);
    expect(stderr).toBe('runway: interrupted\n');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('compare, check, validate and schema run through the binary with their exit codes', () => {
    expect(runway(['compare', 'scenarios/openai-2024.yaml', 'scenarios/variants/openai-cheaper-inference.yaml', '--paths', '500', '--format', 'csv']).status).toBe(0);
    const check = runway(['check', 'scenarios/openai-2024.yaml', '--paths', '1024', '--max-ruin', '1%']);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('BREACH');
    expect(runway(['validate', 'scenarios/openai-2024.yaml', 'scenarios/variants/openai-cheaper-inference.yaml']).stdout).toBe('scenarios/openai-2024.yaml: valid\nscenarios/variants/openai-cheaper-inference.yaml: valid\n');
    expect(JSON.parse(runway(['schema']).stdout).title).toBe('runway scenario');
    expect(runway(['validate', 'tests/fixtures/broken.yaml']).status).toBe(2);
  });

  it('leaves an existing --out file unchanged when the run fails', () => {
    const dir = scratchDir();
    const out = join(dir, 'report.json');
    writeFileSync(out, 'previous report\n');
    const r = runway(['simulate', 'tests/fixtures/broken.yaml', '--out', out]);
    expect(r.status).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('previous report\n');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });
});
