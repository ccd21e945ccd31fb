/** What the benchmarks share: options, medians, timed whole-process runs, the C anchor's build. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);

/** The value of `--name value` on the command line, or `fallback`. */
export function option(name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

export function flag(name: string): boolean {
  return args.includes(`--${name}`);
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

/** Runs a command to completion; its wall time in seconds and its output. */
export function timed(cmd: string, argv: string[], env: NodeJS.ProcessEnv = process.env) {
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env, maxBuffer: 1 << 30 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { wall, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The environment runway runs in for benchmarks: without NODE_EXTRA_CA_CERTS, which Node.js reads
 * and parses as it starts (tens of milliseconds where it is set for a network proxy), although
 * runway makes no TLS connection.
 */
export const runwayEnv = { ...process.env };
delete runwayEnv.NODE_EXTRA_CA_CERTS;

/** Builds ../shared/bench/r1_limit.c (with libmvec if it links) with extra flags; its path, or undefined. */
export function buildC(anchors: string, extra: readonly string[] = []): string | undefined {
  const source = join(anchors, 'r1_limit.c');
  if (!existsSync(source)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'runway-bench-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'r1_limit');
  for (const flags of [['-fno-math-errno', '-lm', '-lmvec'], ['-DR1_NO_LIBMVEC', '-lm']]) {
    try {
      execFileSync('gcc', ['-O3', '-march=native', ...extra, flags[0]!, '-o', out, source, ...flags.slice(1)], { stdio: 'ignore' });
      return out;
    } catch {
      // try the next variant (no libmvec)
    }
  }
  return undefined;
}
