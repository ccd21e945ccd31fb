import { renderSensitivityMarkdown } from '../../report/markdown.js';
import { Command, Option } from '@commander-js/extra-typings';
import { MAX_SENSITIVITY_PATHS, MAX_SENSITIVITY_VALUES, runSensitivity } from '../../run/sensitivity.js';
import { perPathInputs } from '../../scenario/inputs.js';
import { renderSensitivityTable } from '../../report/sensitivity.js';
import { applyOverrides } from '../../scenario/overrides.js';
import { emit, useColor, widthFor } from '../output.js';
import { progressBar } from '../progress.js';
import { collect, parseThreads, parseWidth } from '../options.js';
import { outputProblem } from '../outputs.js';
import { type CliIo, EXIT } from '../io.js';
import { loadScenarioFile, printDiagnostics } from '../load.js';

/** `runway sensitivity FILE`: which per-path inputs move P(ruin by a date) most (a tornado). */
export function sensitivityCommand(io: CliIo, setExit: (code: number) => void) {
  return new Command('sensitivity')
    .description('rank the inputs drawn per path by how much P(ruin by a date) changes between their lowest and highest deciles (a tornado)')
    .argument('<file>', 'scenario file (YAML or JSON; - for standard input)')
    .option('--by <date>', 'the date of P(ruin by date) (default: the horizon)')
    .option('--paths <n>', 'number of simulated paths (overrides the scenario)')
    .option('--seed <seed>', 'random seed (overrides the scenario)')
    .option('--set <path=value>', 'override a field of the scenario; repeatable', collect, [] as string[])
    .option('--top <n>', 'show the n inputs with the largest swings (table and chart; JSON has all)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown'] as const).default('table' as const))
    .option('--out <file>', 'write the report to FILE (atomically) instead of standard output')
    .option('--no-chart', 'leave out the tornado chart under the table')
    .option('--width <n>', 'columns the table and chart fit (default: the terminal\'s; 80 into a pipe or a file)')
    .option('--threads <n>', 'worker threads (default: the number of cores); the result does not depend on it')
    .action(async (file, opts) => {
      const clash = outputProblem(io, [file], [{ option: '--out', path: opts.out }]);
      if (clash !== undefined) {
        io.stderr(`runway sensitivity: ${clash}\n`);
        return setExit(EXIT.usage);
      }
      const loaded = loadScenarioFile(io, file, opts.set);
      if (!loaded.ok) return setExit(loaded.exitCode);
      const overridden = applyOverrides(loaded.value, { paths: opts.paths, seed: opts.seed, by: opts.by === undefined ? undefined : [opts.by] });
      const fail = (message: string) => {
        io.stderr(`runway sensitivity: ${message}\n`);
        setExit(EXIT.usage);
      };
      if (!overridden.ok) {
        printDiagnostics(io, 'runway sensitivity', overridden.diagnostics);
        return setExit(EXIT.usage);
      }
      const scenario = overridden.value;
      if (scenario.paths > MAX_SENSITIVITY_PATHS) return fail(`--paths: at most ${MAX_SENSITIVITY_PATHS} paths (every path's inputs are kept in memory; got ${scenario.paths})`);
      const inputs = perPathInputs(scenario).list.length;
      if (inputs * scenario.paths > MAX_SENSITIVITY_VALUES) {
        return fail(`${inputs} inputs × ${scenario.paths} paths is more than the ${MAX_SENSITIVITY_VALUES} values sensitivity keeps in memory; use fewer --paths`);
      }
      if (scenario.paths < 100) return fail(`--paths: at least 100 paths are needed for deciles (got ${scenario.paths})`);
      const width = parseWidth(opts.width);
      if (typeof width === 'string') return fail(width);
      const columns = widthFor(io, opts.out, width);
      const top = opts.top === undefined ? undefined : Number(opts.top);
      if (top !== undefined && (!Number.isSafeInteger(top) || top < 1)) return fail(`--top: expected a whole number of at least 1 (got ${opts.top})`);
      const threads = parseThreads(opts.threads, io.cpus);
      if (typeof threads === 'string') return fail(threads);
      const progress = progressBar(io, 'simulating');
      const result = await runSensitivity(scenario, io.version, opts.by === undefined ? undefined : scenario.report.by[0], { threads, onProgress: progress.update, ...(io.signal ? { signal: io.signal } : {}) });
      progress.finish();
      const text =
        opts.format === 'json'
          ? `${JSON.stringify(result, null, 2)}\n`
          : opts.format === 'markdown'
            ? renderSensitivityMarkdown(result, top)
            : renderSensitivityTable(result, {
              color: useColor(io, opts.format, opts.out),
              width: columns,
              ...(opts.chart ? { chartWidth: columns } : {}),
              ...(top === undefined ? {} : { top }),
            });
      emit(io, text, opts.out);
      return setExit(EXIT.ok);
    });
}
