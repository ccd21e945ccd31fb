/**
 * `npm run bench`: runway against the two anchor implementations of reference model R1
 * (../shared/bench/: numpy, and a C kernel), side by side in one run on this machine.
 *
 * For each size (default 10k, 100k, 1M paths) it runs runway on one thread and on all cores,
 * the numpy anchor, and the C kernel on one thread, each as a whole process, and prints wall
 * time, path-days per second (paths × 504 / wall seconds, start-up included), peak memory, and
 * P(ruin by 2024-12-31) with the z-score of runway's estimate against numpy's. The model also asks
 * for the inner-loop figure where an implementation can report it: the anchors print
 * `seconds_inner` (per-path draws and the days, no start-up or statistics), runway its simulation
 * phase (`--timings`: worker start-up, per-path draws and the days); the "inner" columns compare
 * those. Options:
 * --sizes 10000,100000 --repeat 3 (median of repeats) --anchors DIR.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const sizes = option('sizes', '10000,100000,1000000').split(',').map(Number);
const repeat = Number(option('repeat', '1'));
const anchors = resolve(option('anchors', '../shared/bench'));
const cores = availableParallelism();
const DAYS = 504;

interface Row {
  impl: string;
  threads: number;
  paths: number;
  wall: number;
  /** Seconds of simulation alone, as the implementation reports it. */
  inner: number | undefined;
  rssMiB: number | undefined;
  p: number;
  se: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

function timed(cmd: string, argv: string[], env: NodeJS.ProcessEnv = process.env) {
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env, maxBuffer: 1 << 30 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { wall, stdout: r.stdout, stderr: r.stderr };
}

function runway(paths: number, threads: number): Row {
  const runs = Array.from({ length: repeat }, () => {
    const r = timed(process.execPath, ['bench/measure.mjs', 'simulate', 'scenarios/bench/r1.yaml', '--paths', String(paths), '--threads', String(threads), '--format', 'json', '--timings']);
    const result = JSON.parse(r.stdout);
    const end = result.ruin.byDate.at(-1);
    const rss = JSON.parse(r.stderr.trim().split('\n').at(-1)!).maxRssKiB / 1024;
    const inner = Number(/simulation (\d+\.\d+)/.exec(r.stderr)?.[1]);
    return { wall: r.wall, inner, rss, p: end.probability as number, se: end.standardError as number };
  });
  return {
    impl: 'runway',
    threads,
    paths,
    wall: median(runs.map((x) => x.wall)),
    inner: median(runs.map((x) => x.inner)),
    rssMiB: Math.max(...runs.map((x) => x.rss)),
    p: runs[0]!.p,
    se: runs[0]!.se,
  };
}

function anchor(impl: string, cmd: string, argv: string[], env?: NodeJS.ProcessEnv): Row {
  const runs = Array.from({ length: repeat }, () => {
    const r = timed('/usr/bin/env', ['time', '-f', '%M', cmd, ...argv], env);
    const out = JSON.parse(r.stdout);
    const rssKiB = Number(r.stderr.trim().split('\n').at(-1));
    return { wall: r.wall, inner: out.seconds_inner as number, rss: Number.isFinite(rssKiB) ? rssKiB / 1024 : undefined, p: out.p_ruin_end as number, se: out.se_ruin_end as number };
  });
  const rss = runs.map((x) => x.rss).filter((x): x is number => x !== undefined);
  return {
    impl,
    threads: 1,
    paths: Number(argv[argv.indexOf('--paths') + 1]),
    wall: median(runs.map((x) => x.wall)),
    inner: median(runs.map((x) => x.inner)),
    rssMiB: rss.length ? Math.max(...rss) : undefined,
    p: runs[0]!.p,
    se: runs[0]!.se,
  };
}

function buildC(): string | undefined {
  const source = join(anchors, 'r1_limit.c');
  if (!existsSync(source)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'runway-bench-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'r1_limit');
  for (const flags of [['-fno-math-errno', '-lm', '-lmvec'], ['-DR1_NO_LIBMVEC', '-lm']]) {
    try {
      execFileSync('gcc', ['-O3', '-march=native', flags[0]!, '-o', out, source, ...flags.slice(1)], { stdio: 'ignore' });
      return out;
    } catch {
      // try the next variant (no libmvec)
    }
  }
  return undefined;
}

const numpyEnv = { ...process.env };
delete numpyEnv.OPENBLAS_CORETYPE; // they slow a current numpy (see the machine notes); unset together
delete numpyEnv.OPENBLAS_L2_SIZE;
const numpyScript = join(anchors, 'r1_numpy.py');
const hasNumpy = existsSync(numpyScript) && spawnSync('python3', ['-c', 'import numpy'], { env: numpyEnv }).status === 0;
const cKernel = buildC();

console.log(`R1 benchmark: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cores} cores, node ${process.version}, ${DAYS} days, repeat ${repeat} (median)`);
console.log(`anchors: numpy ${hasNumpy ? 'yes' : 'not available'}, C kernel ${cKernel ? 'built' : 'not available'}\n`);
const header = ['impl', 'threads', 'paths', 'wall s', 'path-days/s', 'per thread', 'vs numpy', 'per thread vs C', 'inner s', 'inner vs numpy', 'peak RSS MiB', 'P(ruin by end)', 'z vs numpy'];
console.log(header.join(' | '));
console.log(header.map(() => '---').join(' | '));
const verdicts: string[] = [];
for (const paths of sizes) {
  const rows: Row[] = [runway(paths, 1)];
  if (cores > 1) rows.push(runway(paths, cores));
  const numpy = hasNumpy ? anchor('numpy', 'python3', [numpyScript, '--paths', String(paths), '--seed', '1'], numpyEnv) : undefined;
  const c = cKernel ? anchor('C kernel', cKernel, ['--paths', String(paths), '--seed', '1']) : undefined;
  if (numpy) rows.push(numpy);
  if (c) rows.push(c);
  const rate = (r: Row) => (r.paths * DAYS) / r.wall;
  for (const r of rows) {
    const z = numpy && r !== numpy ? (r.p - numpy.p) / Math.sqrt(r.se ** 2 + numpy.se ** 2) : undefined;
    console.log(
      [
        r.impl,
        r.threads,
        r.paths.toLocaleString('en-US'),
        r.wall.toFixed(2),
        rate(r).toExponential(2),
        (rate(r) / r.threads).toExponential(2),
        numpy ? `${(rate(r) / rate(numpy)).toFixed(2)}x` : '-',
        c ? `${(rate(r) / r.threads / rate(c)).toFixed(2)}` : '-',
        r.inner === undefined || !Number.isFinite(r.inner) ? '-' : r.inner.toFixed(2),
        numpy?.inner && r.inner ? `${(numpy.inner / r.inner).toFixed(2)}x` : '-',
        r.rssMiB === undefined ? '-' : r.rssMiB.toFixed(0),
        `${r.p.toFixed(5)} ± ${r.se.toFixed(5)}`,
        z === undefined ? '-' : z.toFixed(2),
      ].join(' | '),
    );
  }
  const all = rows.find((r) => r.impl === 'runway' && r.threads === cores)!;
  if (numpy) {
    const inner = numpy.inner && all.inner ? `, inner loop ${(numpy.inner / all.inner).toFixed(2)}x` : '';
    verdicts.push(
      `${paths}: all threads ${(rate(all) / rate(numpy)).toFixed(2)}x numpy (target >= 2)${inner}; |z| vs numpy ${Math.abs((all.p - numpy.p) / Math.sqrt(all.se ** 2 + numpy.se ** 2)).toFixed(2)} (target <= 4)`,
    );
  }
  if (c) verdicts.push(`${paths}: per thread ${(rate(all) / all.threads / rate(c)).toFixed(2)} of the C kernel on one thread (target >= 0.33)`);
}
console.log(`\n${verdicts.join('\n')}`);
