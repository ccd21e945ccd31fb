import { Command, Option } from '@commander-js/extra-typings';
import { makePartial } from '../../analysis/partial-result.js';
import { type RunOptions, ledgerRowEnds, replayPath, runScenarioInWorkers, runShard } from '../../analysis/run-scenario.js';
import { WorkerPool } from '../../engine/pool.js';
import { BLOCK_SIZE } from '../../engine/layout.js';
import { compile } from '../../model/compile.js';
import { renderLedgerTable } from '../../report/ledger.js';
import { PATH_SERIES, type PathSeries, ledgerNdjson, ledgerRows } from '../../report/paths.js';
import { renderHtml } from '../../report/html.js';
import { FORMAT_NAMES, type FormatName } from '../../report/index.js';
import { applyOverrides } from '../../scenario/overrides.js';
import { emit, emitResult } from '../output.js';
import { progressBar } from '../progress.js';
import { collect, parsePrecision, parseShard, parseThreads } from '../options.js';
import { type CliIo, EXIT, type OutputStream } from '../io.js';
import { loadScenarioFile, printDiagnostics } from '../load.js';

/**
 * Blocks per thread from which a worker started at the beginning of the command is worth using:
 * it is ready by the time the scenario is compiled, and its first block runs cold code (~40 ms
 * more than a warm one). Measured on R1 with 10 blocks (10k paths): two threads 0.73 s for the
 * whole command against 0.81 s on one. A worker started for the run itself needs 24
 * (`run-scenario.ts`).
 */
const WARM_BLOCKS_PER_THREAD = 4;

/** `runway simulate FILE`: run a scenario and report P(ruin), ruin dates and the cash fan. */
export function simulateCommand(io: CliIo, setExit: (code: number) => void) {
  return new Command('simulate')
    .description('run a scenario and report the probability of running out of cash')
    .argument('<file>', 'scenario file (YAML or JSON; - for standard input)')
    .option('--paths <n>', 'number of simulated paths (overrides the scenario)')
    .option('--seed <seed>', 'random seed, a whole number or a text (overrides the scenario)')
    .option('--by <date>', 'report P(ruin by DATE); repeatable; replaces report.by', collect, [] as string[])
    .option('--set <path=value>', 'override a field of the scenario, e.g. cash.initial=2B or costs[payroll].amount=150k; repeatable', collect, [] as string[])
    .addOption(new Option('--format <format>', 'output format').choices(FORMAT_NAMES).default('table' as FormatName))
    .option('--out <file>', 'write the report to FILE (atomically) instead of standard output')
    .option('--no-chart', 'leave out the cash fan and survival charts under the table')
    .option('--html <file>', 'also write a self-contained HTML report (inline SVG charts, no network)')
    .option('--threads <n>', 'worker threads (default: the number of cores); the result does not depend on it')
    .option('--precision <p>', 'add paths (whole blocks, doubling) until every P(ruin by date) has a 95% half-width of at most p, e.g. 0.5%')
    .option('--max-paths <n>', 'cap on paths for --precision', '1000000')
    .option('--paths-out <file>', 'also write per-path series as NDJSON (one object per path and period) for jq, DuckDB or pandas')
    .option('--paths-sample <n>', 'paths for --paths-out: n evenly spaced over the run, or all', '100')
    .addOption(new Option('--paths-every <period>', 'one row per day or per month (month ends and the horizon; flows summed over the period)').choices(['day', 'month'] as const).default('month' as const))
    .option('--paths-series <list>', `series for --paths-out, comma-separated, from ${PATH_SERIES.join(', ')} (default: all; users only with a users section)`)
    .option('--replay <k>', 'run path k (0-based) alone and print its day-by-day ledger, identical to that path in the full run (--format json: NDJSON)')
    .option('--timings', 'also print to standard error how long each phase took (start-up, load, simulation, statistics, output); not part of the result')
    .option('--shard <i/n>', 'run only shard i of n (blocks b with b mod n = i) and write a partial result for `runway merge`; auto/n reads i from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX')
    .action(async (file, opts) => {
      // a worker thread needs ~0.2 s to start and load its code: start them now, while this thread
      // reads and compiles the scenario (a run too small for them leaves them idle; they are stopped)
      const early = opts.replay === undefined && opts.shard === undefined ? parseThreads(opts.threads, io.cpus) : 1;
      const pool = typeof early === 'number' && early > 1 ? new WorkerPool() : undefined;
      pool?.take((early as number) - 1);
      try {
        const actionStart = io.now();
        const loaded = loadScenarioFile(io, file, opts.set);
        if (!loaded.ok) return setExit(loaded.exitCode);
        const overridden = applyOverrides(loaded.value, { paths: opts.paths, seed: opts.seed, by: opts.by });
        if (!overridden.ok) {
          printDiagnostics(io, 'runway simulate', overridden.diagnostics);
          return setExit(EXIT.usage);
        }
        for (const target of [opts.out, opts.html]) {
          if (target !== undefined && file !== '-' && io.sameFile(target, file)) {
            io.stderr(`${target}: refusing to overwrite the scenario file with the report\n`);
            return setExit(EXIT.usage);
          }
        }
        if (opts.replay !== undefined) {
          const k = Number(opts.replay);
          const scenario = overridden.value;
          if (!/^\d+$/.test(opts.replay.trim()) || k >= scenario.paths) {
            io.stderr(`runway simulate: --replay: expected a path from 0 to ${scenario.paths - 1} (got ${opts.replay})\n`);
            return setExit(EXIT.usage);
          }
          const clash = [opts.pathsOut && '--paths-out', opts.shard && '--shard', opts.precision && '--precision', opts.html && '--html'].find(Boolean);
          if (clash) {
            io.stderr(`runway simulate: --replay and ${clash} do not go together\n`);
            return setExit(EXIT.usage);
          }
          const { plan, trace } = replayPath(scenario, k);
          const format = { startDay: plan.startDay, stateNames: plan.observed.gpu.stateNames, hasUsers: plan.observed.users !== undefined, series: defaultSeries(plan.observed.users !== undefined) };
          const text = opts.format === 'json' ? ledgerNdjson(trace, format) : renderLedgerTable(ledgerRows(trace, format), { path: k, paths: scenario.paths, name: scenario.name, seed: scenario.seed });
          emit(io, text, opts.out);
          return setExit(EXIT.ok);
        }
        const threads = parseThreads(opts.threads, io.cpus);
        if (typeof threads === 'string') {
          io.stderr(`runway simulate: ${threads}\n`);
          return setExit(EXIT.usage);
        }
        const precision = parsePrecision(opts.precision, opts.maxPaths);
        if (typeof precision === 'string') {
          io.stderr(`runway simulate: ${precision}\n`);
          return setExit(EXIT.usage);
        }
        if (opts.shard !== undefined) {
          const shard = parseShard(opts.shard, io.env);
          if (typeof shard === 'string' || precision !== undefined) {
            io.stderr(`runway simulate: ${typeof shard === 'string' ? shard : '--shard and --precision do not go together (a shard cannot see the whole run)'}\n`);
            return setExit(EXIT.usage);
          }
          const progress = progressBar(io, `shard ${shard.index}/${shard.count}`);
          const blocks = await runShard(overridden.value, shard, { threads, onProgress: progress.update, ...(io.signal ? { signal: io.signal } : {}) });
          progress.finish();
          emit(io, `${JSON.stringify(makePartial(overridden.value, shard, blocks, io.version))}\n`, opts.out);
          return setExit(EXIT.ok);
        }
        let trace: RunOptions['trace'];
        let stream: OutputStream | undefined;
        if (opts.pathsOut !== undefined) {
          const plan = compile(overridden.value);
          const series = parseSeries(opts.pathsSeries, plan.observed.users !== undefined);
          const sample = parseSample(opts.pathsSample);
          if (typeof series === 'string' || (typeof sample === 'string' && sample !== 'all')) {
            io.stderr(`runway simulate: ${typeof series === 'string' ? series : String(sample)}\n`);
            return setExit(EXIT.usage);
          }
          if (opts.pathsOut === '-' || (opts.out !== undefined && io.sameFile(opts.pathsOut, opts.out)) || opts.pathsOut === opts.out) {
            io.stderr('runway simulate: --paths-out needs a file of its own (standard output and --out carry the report)\n');
            return setExit(EXIT.usage);
          }
          const clash = opts.shard !== undefined ? '--shard' : precision !== undefined ? '--precision (the paths are not known in advance)' : undefined;
          if (clash !== undefined || (file !== '-' && io.sameFile(opts.pathsOut, file))) {
            io.stderr(`runway simulate: ${clash !== undefined ? `--paths-out and ${clash} do not go together` : `${opts.pathsOut}: refusing to overwrite the scenario file`}\n`);
            return setExit(EXIT.usage);
          }
          const format = { startDay: plan.startDay, stateNames: plan.observed.gpu.stateNames, hasUsers: plan.observed.users !== undefined, series };
          const out = io.openStream(opts.pathsOut);
          stream = out;
          trace = { paths: sampledPaths(overridden.value.paths, sample as number | 'all'), rowEnds: ledgerRowEnds(plan, opts.pathsEvery as 'day' | 'month'), write: (t) => out.write(ledgerNdjson(t, format)) };
        }
        const progress = progressBar(io, 'simulating');
        const runStart = io.now();
        let lastBlock = runStart;
        const onProgress = (done: number, planned: number) => {
          lastBlock = io.now();
          progress.update(done, planned);
        };
        let result;
        try {
          result = await runScenarioInWorkers(overridden.value, io.version, {
            threads,
            onProgress,
            // started early, the workers pay off on fewer blocks than ones started for the run
            ...(pool ? { pool, minBlocksPerThread: WARM_BLOCKS_PER_THREAD } : {}),
            ...(io.signal ? { signal: io.signal } : {}),
            ...(precision ? { precision } : {}),
            ...(trace ? { trace } : {}),
          });
          stream?.commit();
        } catch (e) {
          stream?.abort();
          throw e;
        }
        progress.finish();
        const analysed = io.now();
        if (opts.html !== undefined) io.writeFileAtomic(opts.html, renderHtml(result));
        emitResult(io, result, opts.format as FormatName, opts.out, opts.chart);
        if (opts.timings === true) {
          const s = (ms: number) => (ms / 1000).toFixed(3);
          io.stderr(`runway simulate: timings (s): start-up ${s(actionStart)}, load ${s(runStart - actionStart)}, simulation ${s(lastBlock - runStart)}, statistics ${s(analysed - lastBlock)}, output ${s(io.now() - analysed)}\n`);
        }
        return setExit(EXIT.ok);
      } finally {
        await pool?.close();
      }
    });
}

function defaultSeries(hasUsers: boolean): PathSeries[] {
  return PATH_SERIES.filter((s) => hasUsers || (s !== 'users' && s !== 'served_users'));
}

/** --paths-series: known names, each once; or what is wrong. */
function parseSeries(text: string | undefined, hasUsers: boolean): PathSeries[] | string {
  if (text === undefined) return defaultSeries(hasUsers);
  const names = text.split(',').map((s) => s.trim());
  const unknown = names.find((n) => !(PATH_SERIES as readonly string[]).includes(n));
  if (unknown !== undefined) return `--paths-series: unknown series ${JSON.stringify(unknown)} (expected some of ${PATH_SERIES.join(', ')})`;
  if (!hasUsers && names.some((n) => n === 'users' || n === 'served_users')) return '--paths-series: users and served_users need a users section';
  return PATH_SERIES.filter((s) => names.includes(s));
}

/** --paths-sample: a whole number of paths, or all. */
function parseSample(text: string): number | 'all' | `--paths-sample: ${string}` {
  if (text.trim() === 'all') return 'all';
  const n = Number(text);
  return /^\d+$/.test(text.trim()) && n >= 1 ? n : `--paths-sample: expected a whole number of paths or all (got ${text})`;
}

/**
 * The paths `--paths-out` writes, as block-local indices per block: all, or n spread evenly over
 * the run (path ⌊j·P/n⌋ for j = 0 … n−1; paths are exchangeable, so this is as good as a random
 * sample and does not depend on anything but P and n).
 */
function sampledPaths(total: number, sample: number | 'all'): (block: number) => Int32Array {
  const chosen = sample === 'all' || sample >= total ? undefined : Array.from({ length: sample }, (_, j) => Math.floor((j * total) / sample));
  return (block) => {
    const first = block * BLOCK_SIZE;
    const last = Math.min(total, first + BLOCK_SIZE);
    if (chosen === undefined) return Int32Array.from({ length: last - first }, (_, i) => i);
    return Int32Array.from(chosen.filter((p) => p >= first && p < last), (p) => p - first);
  };
}
