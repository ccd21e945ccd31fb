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
 * --sizes 10000,100000 --repeat 3 (median of repeats, run in turns) --anchors DIR.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { buildC, flag, median, option, runwayEnv, timed } from './common.js';

if (flag('suite')) {
  await import('./suite.js');
  process.exit(0);
}

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

/** One whole-process run of an implementation. */
interface Sample {
  wall: number;
  inner: number | undefined;
  rss: number | undefined;
  p: number;
  se: number;
}

/** An implementation at one size: what it is, and how to run it once. */
interface Contender {
  readonly impl: string;
  readonly threads: number;
  readonly paths: number;
  readonly once: () => Sample;
}

function runway(paths: number, threads: number): Contender {
  return {
    impl: 'runway',
    threads,
    paths,
    once() {
      const r = timed(process.execPath, ['bench/measure.cjs', 'simulate', 'scenarios/bench/r1.yaml', '--paths', String(paths), '--threads', String(threads), '--format', 'json', '--timings'], runwayEnv);
      const end = JSON.parse(r.stdout).ruin.byDate.at(-1);
      const rss = JSON.parse(r.stderr.trim().split('\n').at(-1)!).maxRssKiB / 1024;
      const inner = Number(/simulation (\d+\.\d+)/.exec(r.stderr)?.[1]);
      return { wall: r.wall, inner, rss, p: end.probability as number, se: end.standardError as number };
    },
  };
}

/** An anchor: `command` (a program and its first arguments) takes --paths and --seed. */
function anchor(impl: string, command: string[], paths: number, env?: NodeJS.ProcessEnv): Contender {
  return {
    impl,
    threads: 1,
    paths,
    once() {
      const r = timed('/usr/bin/env', ['time', '-f', '%M', ...command, '--paths', String(paths), '--seed', '1'], env);
      const out = JSON.parse(r.stdout);
      const rssKiB = Number(r.stderr.trim().split('\n').at(-1));
      return { wall: r.wall, inner: out.seconds_inner as number, rss: Number.isFinite(rssKiB) ? rssKiB / 1024 : undefined, p: out.p_ruin_end as number, se: out.se_ruin_end as number };
    },
  };
}

/**
 * Runs the contenders `repeat` times each, in turns (one run of each per round), so that a
 * machine whose speed drifts from minute to minute treats them alike; medians of the rounds.
 */
function measure(contenders: readonly Contender[]): Row[] {
  const samples = contenders.map(() => [] as Sample[]);
  for (let round = 0; round < repeat; round++) contenders.forEach((c, k) => samples[k]!.push(c.once()));
  return contenders.map((c, k) => {
    const runs = samples[k]!;
    const rss = runs.map((x) => x.rss).filter((x): x is number => x !== undefined);
    const inner = runs.map((x) => x.inner).filter((x): x is number => x !== undefined && Number.isFinite(x));
    return {
      impl: c.impl,
      threads: c.threads,
      paths: c.paths,
      wall: median(runs.map((x) => x.wall)),
      inner: inner.length ? median(inner) : undefined,
      rssMiB: rss.length ? Math.max(...rss) : undefined,
      p: runs[0]!.p,
      se: runs[0]!.se,
    };
  });
}

const numpyEnv = { ...process.env };
delete numpyEnv.OPENBLAS_CORETYPE; // they slow a current numpy (see the machine notes); unset together
delete numpyEnv.OPENBLAS_L2_SIZE;
const numpyScript = join(anchors, 'r1_numpy.py');
const hasNumpy = existsSync(numpyScript) && spawnSync('python3', ['-c', 'import numpy'], { env: numpyEnv }).status === 0;
const cKernel = buildC(anchors);

console.log(`R1 benchmark: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cores} cores, node ${process.version}, ${DAYS} days, repeat ${repeat} (median)`);
console.log(`anchors: numpy ${hasNumpy ? 'yes' : 'not available'}, C kernel ${cKernel ? 'built' : 'not available'}`);
if (process.env.NODE_EXTRA_CA_CERTS !== undefined) {
  // `node -e 0`, alternately with and without the variable, median of 9 each
  const bare = (env: NodeJS.ProcessEnv) => timed(process.execPath, ['-e', '0'], env).wall;
  const runs = Array.from({ length: 9 }, () => [bare(process.env), bare(runwayEnv)] as const);
  const [withCerts, without] = [median(runs.map((r) => r[0])), median(runs.map((r) => r[1]))];
  console.log(`runway runs without NODE_EXTRA_CA_CERTS (set here): \`node -e 0\` takes ${(withCerts * 1000).toFixed(0)} ms with it, ${(without * 1000).toFixed(0)} ms without`);
}
console.log('');
const header = ['impl', 'threads', 'paths', 'wall s', 'path-days/s', 'per thread', 'vs numpy', 'per thread vs C', 'inner s', 'inner vs numpy', 'peak RSS MiB', 'P(ruin by end)', 'z vs numpy'];
console.log(header.join(' | '));
console.log(header.map(() => '---').join(' | '));
const verdicts: string[] = [];
for (const paths of sizes) {
  const rows = measure([
    runway(paths, 1),
    ...(cores > 1 ? [runway(paths, cores)] : []),
    ...(hasNumpy ? [anchor('numpy', ['python3', numpyScript], paths, numpyEnv)] : []),
    ...(cKernel ? [anchor('C kernel', [cKernel], paths)] : []),
  ]);
  const numpy = rows.find((r) => r.impl === 'numpy');
  const c = rows.find((r) => r.impl === 'C kernel');
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
