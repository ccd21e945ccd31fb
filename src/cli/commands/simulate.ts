import { Command, Option } from '@commander-js/extra-typings';
import type { Result } from '../../analysis/result.js';
import { compile } from '../../model/compile.js';
import { renderLedgerTable } from '../../report/ledger.js';
import { PATH_SERIES, type PathSeries, ledgerNdjson, ledgerRows } from '../../report/paths.js';
import { renderHtml } from '../../report/html.js';
import { FORMAT_NAMES, type FormatName } from '../../report/index.js';
import { maxShards } from '../../run/part.js';
import { BLOCK_SIZE } from '../../engine/layout.js';
import { ledgerRowEnds, replayPath } from '../../run/replay.js';
import { type Execution, runScenario, runToPrecision, runTraced } from '../../run/run.js';
import { runShard } from '../../run/shard.js';
import { applyOverrides } from '../../scenario/overrides.js';
import type { Scenario } from '../../scenario/schema.js';
import { emit, emitResult, widthFor } from '../output.js';
import { progressBar } from '../progress.js';
import { collect, parsePrecision, parseShard, parseThreads, parseWidth } from '../options.js';
import { type CliIo, EXIT } from '../io.js';
import { loadScenarioFile, printDiagnostics } from '../load.js';
import { outputProblem } from '../outputs.js';
import { writePart } from '../part-file.js';

/**
 * `runway simulate FILE`: run a scenario and report P(ruin), ruin dates and the cash fan. Four
 * modes behind one command: a plain run (optionally to a precision), a run that also writes
 * per-path ledgers (--paths-out), one shard of a run (--shard), and one path replayed (--replay).
 */
export function simulateCommand(io: CliIo, setExit: (code: number) => void) {
  return simulateOptions().action(async (file, opts) => {
    const fail = (message: string) => {
      io.stderr(`runway simulate: ${message}\n`);
      setExit(EXIT.usage);
    };
    const actionStart = io.now();
    const clash = outputProblem(io, [file], [
      { option: '--out', path: opts.out },
      { option: '--html', path: opts.html },
      { option: '--paths-out', path: opts.pathsOut },
    ]);
    if (clash !== undefined) return fail(clash);
    const loaded = loadScenarioFile(io, file, opts.set);
    if (!loaded.ok) return setExit(loaded.exitCode);
    const overridden = applyOverrides(loaded.value, { paths: opts.paths, seed: opts.seed, by: opts.by });
    if (!overridden.ok) {
      printDiagnostics(io, 'runway simulate', overridden.diagnostics);
      return setExit(EXIT.usage);
    }
    const scenario = overridden.value;
    const width = parseWidth(opts.width);
    if (typeof width === 'string') return fail(width);
    if (opts.replay !== undefined) return replay(io, scenario, opts, fail, setExit);
    const threads = parseThreads(opts.threads, io.cpus);
    if (typeof threads === 'string') return fail(threads);
    const execution = { threads, ...(io.signal ? { signal: io.signal } : {}) };
    if (opts.shard !== undefined) return shard(io, scenario, opts, execution, fail, setExit);
    const precision = parsePrecision(opts.precision, opts.maxPaths);
    if (typeof precision === 'string') return fail(precision);
    const progress = progressBar(io, 'simulating');
    const runStart = io.now();
    let lastBlock = runStart;
    const tracked = {
      ...execution,
      onProgress: (done: number, planned: number) => {
        lastBlock = io.now();
        progress.update(done, planned);
      },
    };
    let result: Result | undefined;
    if (opts.pathsOut !== undefined) {
      if (precision !== undefined) return fail('--paths-out and --precision (the paths are not known in advance) do not go together');
      result = await traced(io, scenario, opts, tracked, fail);
      if (result === undefined) return;
    } else {
      result = precision === undefined ? await runScenario(scenario, io.version, tracked) : await runToPrecision(scenario, io.version, tracked, precision);
    }
    progress.finish();
    const analysed = io.now();
    if (opts.html !== undefined) io.writeFileAtomic(opts.html, renderHtml(result));
    emitResult(io, result, opts.format as FormatName, opts.out, opts.chart, width);
    if (opts.timings === true) {
      const s = (ms: number) => (ms / 1000).toFixed(3);
      io.stderr(`runway simulate: timings (s): start-up ${s(actionStart)}, load ${s(runStart - actionStart)}, simulation ${s(lastBlock - runStart)}, statistics ${s(analysed - lastBlock)}, output ${s(io.now() - analysed)}\n`);
    }
    return setExit(EXIT.ok);
  });
}

/** The command and its options (the action is added by `simulateCommand`). */
function simulateOptions() {
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
    .option('--width <n>', 'columns the tables and charts fit (default: the terminal\'s; 80 into a pipe or a file)')
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
    .option('--shard <i/n>', 'run only shard i of n (blocks b with b mod n = i) and write a partial result for `runway merge`; auto/n reads i from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX');
}

type SimulateOptions = ReturnType<ReturnType<typeof simulateOptions>['opts']>;

/** --replay k: path k alone, its day-by-day ledger (a table, or NDJSON). */
function replay(io: CliIo, scenario: Scenario, opts: SimulateOptions, fail: (message: string) => void, setExit: (code: number) => void): void {
  const k = Number(opts.replay);
  if (!/^\d+$/.test(opts.replay!.trim()) || k >= scenario.paths) return fail(`--replay: expected a path from 0 to ${scenario.paths - 1} (got ${opts.replay})`);
  const clash = [opts.pathsOut && '--paths-out', opts.shard && '--shard', opts.precision && '--precision', opts.html && '--html'].find(Boolean);
  if (clash) return fail(`--replay and ${clash} do not go together`);
  if (opts.format === 'csv') return fail('--replay prints a table or, with --format json, NDJSON (not csv)');
  const { plan, ledger } = replayPath(scenario, k);
  const users = plan.observed.users !== undefined;
  const format = { startDay: plan.startDay, stateNames: plan.observed.gpu.stateNames, hasUsers: users, series: defaultSeries(users) };
  const text = opts.format === 'json' ? ledgerNdjson(ledger, format) : renderLedgerTable(ledgerRows(ledger, format), { path: k, paths: scenario.paths, name: scenario.name, seed: scenario.seed }, widthFor(io, opts.out, parseWidth(opts.width) as number | undefined));
  emit(io, text, opts.out);
  setExit(EXIT.ok);
}

/** --shard i/n: this shard's blocks, as a part file for `runway merge`. */
async function shard(io: CliIo, scenario: Scenario, opts: SimulateOptions, execution: Execution, fail: (message: string) => void, setExit: (code: number) => void): Promise<void> {
  const which = parseShard(opts.shard!, io.env);
  if (typeof which === 'string') return fail(which);
  if (opts.precision !== undefined) return fail('--shard and --precision do not go together (a shard cannot see the whole run)');
  const ignored = [opts.html && '--html', opts.pathsOut && '--paths-out'].find(Boolean);
  if (ignored) return fail(`--shard and ${ignored} do not go together (a shard writes a partial result; merge makes the report)`);
  if (opts.out === undefined || opts.out === '-') return fail('--shard writes a binary part: give it a file with --out, e.g. --out part-0.runway-part');
  if (which.count > maxShards(scenario.paths)) return fail(`--shard ${opts.shard}: a run of ${scenario.paths} paths has ${maxShards(scenario.paths)} blocks of ${BLOCK_SIZE} paths; split it into at most that many shards`);
  const progress = progressBar(io, `shard ${which.index}/${which.count}`);
  const part = await runShard(scenario, which, { ...execution, onProgress: progress.update }, io.version);
  progress.finish();
  writePart(io, opts.out, part);
  setExit(EXIT.ok);
}

/** --paths-out FILE: the run, writing the sampled paths' ledgers as NDJSON as their blocks finish. */
async function traced(io: CliIo, scenario: Scenario, opts: SimulateOptions, execution: Execution, fail: (message: string) => void): Promise<Result | undefined> {
  const pathsOut = opts.pathsOut!;
  const plan = compile(scenario);
  const users = plan.observed.users !== undefined;
  const series = parseSeries(opts.pathsSeries, users);
  if (typeof series === 'string') return void fail(series);
  const sample = parseSample(opts.pathsSample);
  if (typeof sample === 'string' && sample !== 'all') return void fail(sample);
  if (pathsOut === '-') return void fail('--paths-out needs a file of its own (standard output carries the report)');
  const format = { startDay: plan.startDay, stateNames: plan.observed.gpu.stateNames, hasUsers: users, series };
  const out = io.openStream(pathsOut);
  try {
    const result = await runTraced(scenario, io.version, execution, {
      sample,
      rowEnds: ledgerRowEnds(plan, opts.pathsEvery as 'day' | 'month'),
      write: (t) => out.write(ledgerNdjson(t, format)),
    }, plan);
    out.commit();
    return result;
  } catch (e) {
    out.abort();
    throw e;
  }
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

