import { Command, Option } from '@commander-js/extra-typings';
import { renderBacktestJson, renderBacktestTable } from '../../report/backtest.js';
import { renderBacktestHtml } from '../../report/backtest-html.js';
import { renderBacktestMarkdown } from '../../report/markdown.js';
import { wrapProse } from '../../report/fit-table.js';
import { MAX_BACKTEST_PATHS, backtest } from '../../run/backtest.js';
import { parseQuantity } from '../../scenario/quantity.js';
import { loadActualsFile } from '../actuals-file.js';
import { type CliIo, EXIT } from '../io.js';
import { loadScenarioFile } from '../load.js';
import { emit, widthFor } from '../output.js';
import { parseThreads, parseWholeNumber, parseWidth } from '../options.js';
import { outputProblem } from '../outputs.js';
import { progressBar } from '../progress.js';
import { DEFAULT_HORIZON } from './fit.js';

/** `runway backtest ACTUALS.csv`: were the forecasts calibrated? */
export function backtestCommand(io: CliIo, setExit: (code: number) => void) {
  return new Command('backtest')
    .description('score forecasts against actuals: at each cut-off fit the history up to it (or take --scenario), simulate ahead, and check the outcomes against the forecast bands')
    .argument('<actuals>', 'CSV file of actuals, as for runway fit (- for standard input)')
    .option('--scenario <file>', 'score this scenario from its start instead of fitting at each cut-off')
    .option('--horizon <periods>', 'periods each forecast looks ahead (default: half a year)')
    .option('--min-history <rows>', 'rows fitted before the first cut-off', '12')
    .option('--threshold <cash>', 'also score "cash below this within the horizon" (Brier score and reliability diagram)')
    .option('--period <period>', 'the period of a row: day, week, month or quarter (default: read from the dates)')
    .option('--paths <n>', 'paths per forecast (default 2000; with --scenario, the scenario\'s)')
    .option('--seed <n>', 'seed of every forecast (with --scenario, the scenario\'s)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown'] as const).default('table' as const))
    .option('--out <file>', 'write the report to FILE (atomically) instead of standard output')
    .option('--html <file>', 'also write a calibration chart (PIT histograms, reliability diagram) as a self-contained HTML file')
    .option('--width <n>', 'columns the table fits (default: the terminal\'s)')
    .option('--threads <n>', 'worker threads (default: the number of cores)')
    .action(async (file, opts) => {
      const fail = (message: string) => {
        io.stderr(`runway backtest: ${message}\n`);
        setExit(EXIT.usage);
      };
      const clash = outputProblem(io, [file, ...(opts.scenario === undefined ? [] : [opts.scenario])], [{ option: '--out', path: opts.out }, { option: '--html', path: opts.html }]);
      if (clash !== undefined) return fail(clash);
      const width = parseWidth(opts.width);
      if (typeof width === 'string') return fail(width);
      const threads = parseThreads(opts.threads, io.cpus);
      if (typeof threads === 'string') return fail(threads);
      const horizonOpt = parseWholeNumber(opts.horizon, '--horizon', 1, 120);
      const minHistory = parseWholeNumber(opts.minHistory, '--min-history', 6, 10_000);
      const pathsOpt = parseWholeNumber(opts.paths, '--paths', 100, MAX_BACKTEST_PATHS);
      const seedOpt = parseWholeNumber(opts.seed, '--seed', 0, Number.MAX_SAFE_INTEGER);
      for (const v of [horizonOpt, minHistory, pathsOpt, seedOpt]) if (typeof v === 'string') return fail(v);
      let threshold: number | undefined;
      if (opts.threshold !== undefined) {
        const q = parseQuantity(opts.threshold);
        if (!q.ok) return fail(`--threshold: ${q.error}`);
        threshold = q.value;
      }
      if (opts.scenario !== undefined && (opts.paths !== undefined || opts.seed !== undefined)) return fail('--paths and --seed come from the scenario with --scenario (set them there, or with runway simulate --set)');
      const loaded = loadActualsFile(io, 'runway backtest', file, opts.period);
      if (!loaded.ok) return setExit(loaded.exitCode);
      const actuals = loaded.value;
      let scenario;
      if (opts.scenario !== undefined) {
        const s = loadScenarioFile(io, opts.scenario);
        if (!s.ok) return setExit(s.exitCode);
        scenario = s.value;
        if (scenario.paths > MAX_BACKTEST_PATHS) return fail(`${opts.scenario}: ${scenario.paths} paths: a backtest keeps every path's ledger, so at most ${MAX_BACKTEST_PATHS}`);
      }
      const horizon = (horizonOpt as number | undefined) ?? Math.max(1, Math.round(DEFAULT_HORIZON[actuals.period] / 2));
      const progress = progressBar(io, 'forecasting');
      const result = await backtest(
        actuals,
        {
          horizon,
          minHistory: minHistory as number,
          paths: scenario?.paths ?? (pathsOpt as number | undefined) ?? 2000,
          seed: scenario === undefined ? ((seedOpt as number | undefined) ?? 1) : typeof scenario.seed === 'number' ? scenario.seed : 0,
          ...(threshold === undefined ? {} : { threshold }),
          ...(scenario === undefined ? {} : { scenario }),
        },
        io.version,
        { threads, onProgress: progress.update, ...(io.signal ? { signal: io.signal } : {}) },
      );
      progress.finish();
      if (typeof result === 'string') return fail(result);
      const columns = widthFor(io, opts.out, width);
      const text = opts.format === 'json' ? renderBacktestJson(result) : opts.format === 'markdown' ? renderBacktestMarkdown(result) : wrapProse(renderBacktestTable(result, columns), columns);
      if (opts.html !== undefined) io.writeFileAtomic(opts.html, renderBacktestHtml(result));
      emit(io, text, opts.out);
      return setExit(EXIT.ok);
    });
}
