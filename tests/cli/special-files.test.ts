import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = 'bin/runway.cjs';
const node = process.execPath;
const sh = (script: string) => spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 30_000 });

describe('extends: an absolute path is read as it is; a base that is not a scenario is quoted, not printed', () => {
  it('quotes at most 60 characters of a file that is not a scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runway-extends-'));
    try {
      const base = join(dir, 'not-a-scenario.txt');
      writeFileSync(base, `${'secret-line '.repeat(50)}\n${'more secrets\n'.repeat(50)}`);
      writeFileSync(join(dir, 'v.yaml'), `extends: ${base}\nname: v\n`);
      const r = spawnSync(node, [BIN, 'validate', join(dir, 'v.yaml')], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`${base}:1:1: expected a mapping of scenario fields (got "${'secret-line '.repeat(5)}…")\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('special files as inputs: bounded, never blocking, interruptible (through the binary)', () => {
  it('/dev/zero and /dev/urandom as a scenario, an extends base or standard input are refused after 1 MiB; as a merge part, at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runway-special-'));
    try {
      writeFileSync(join(dir, 'variant.yaml'), 'extends: /dev/zero\nname: v\n');
      const cases: [string, RegExp][] = [
        [`"${node}" ${BIN} simulate /dev/zero`, /^\/dev\/zero: too large \(more than 1048576 bytes; input files are limited to 1048576\)\n$/],
        [`"${node}" ${BIN} validate /dev/urandom`, /^\/dev\/urandom: too large/],
        [`"${node}" ${BIN} simulate - < /dev/zero`, /^<stdin>: too large \(more than 1048576 bytes/],
        [`"${node}" ${BIN} simulate <(head -c 3000000 /dev/zero)`, /^\/dev\/fd\/\d+: too large \(more than 1048576 bytes/],
        [`"${node}" ${BIN} merge /dev/zero /dev/urandom`, /^runway merge: \/dev\/zero: not a runway part \(it does not start with the part signature; parts are written by simulate --shard\)\nrunway merge: \/dev\/urandom: not a runway part/],
        [`"${node}" ${BIN} simulate ${join(dir, 'variant.yaml')}`, /variant\.yaml:1:1: extends: \/dev\/zero: too large \(more than 1048576 bytes/],
      ];
      for (const [script, pattern] of cases) {
        const started = Date.now();
        const r = sh(script);
        expect(r.status, script).toBe(2);
        expect(r.stderr, script).toMatch(pattern);
        expect(r.stderr, script).not.toMatch(/\n\s+at /);
        expect(Date.now() - started, script).toBeLessThan(10_000);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a FIFO with no writer reads as empty at once instead of blocking', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runway-fifo-'));
    try {
      const fifo = join(dir, 'f.yaml');
      execFileSync('mkfifo', [fifo]);
      const r = spawnSync(node, [BIN, 'simulate', fifo], { encoding: 'utf8', timeout: 10_000 });
      expect([r.status, r.stderr]).toEqual([2, `${fifo}: the scenario is empty\n`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a pipe that is slow to write is waited for, and Ctrl-C during the wait ends the run at once', async () => {
    const slow = sh(`"${node}" ${BIN} simulate <(sleep 1; cat scenarios/openai-2024.yaml) --paths 500 --format json | head -c 20`);
    expect(slow.stdout).toBe('{\n  "schemaVersion":');
    // standard input held open with nothing written: the read waits until Ctrl-C
    const child = spawn(node, [BIN, 'simulate', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const sent = Date.now();
    child.kill('SIGINT');
    const ended = await new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    expect(Date.now() - sent).toBeLessThan(1500);
    expect(ended.signal === 'SIGINT' || ended.code === 130).toBe(true);
  });
});
