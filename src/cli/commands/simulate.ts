import { Command, Option } from '@commander-js/extra-typings';
import { makePartial } from '../../analysis/partial-result.js';
import { runScenarioInWorkers, runShard } from '../../analysis/run-scenario.js';
import { renderHtml } from '../../report/html.js';
import { FORMAT_NAMES, type FormatName } from '../../report/index.js';
import { applyOverrides } from '../../scenario/overrides.js';
import { emit, emitResult } from '../output.js';
import { progressBar } from '../progress.js';
import { collect, parsePrecision, parseShard, parseThreads } from '../options.js';
import { type CliIo, EXIT } from '../io.js';
import { loadScenarioFile, printDiagnostics } from '../load.js';

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
    .option('--shard <i/n>', 'run only shard i of n (blocks b with b mod n = i) and write a partial result for `runway merge`; auto/n reads i from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX')
    .action(async (file, opts) => {
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
      const progress = progressBar(io, 'simulating');
      const result = await runScenarioInWorkers(overridden.value, io.version, { threads, onProgress: progress.update, ...(io.signal ? { signal: io.signal } : {}), ...(precision ? { precision } : {}) });
      progress.finish();
      if (opts.html !== undefined) io.writeFileAtomic(opts.html, renderHtml(result));
      emitResult(io, result, opts.format as FormatName, opts.out, opts.chart);
      return setExit(EXIT.ok);
    });
}
