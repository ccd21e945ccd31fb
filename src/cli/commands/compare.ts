import { Command, Option } from '@commander-js/extra-typings';
import { renderComparisonCsv, renderComparisonTable } from '../../report/compare.js';
import { renderComparisonHtml } from '../../report/html.js';
import { calendarProblems, runCompare } from '../../run/compare.js';
import { applyOverrides } from '../../scenario/overrides.js';
import type { Scenario } from '../../scenario/schema.js';
import { outputProblem } from '../outputs.js';
import { type CliIo, EXIT } from '../io.js';
import { loadScenarioFile, printDiagnostics } from '../load.js';
import { collect, parseThreads } from '../options.js';
import { emit, useColor } from '../output.js';
import { progressBar } from '../progress.js';

/**
 * `runway compare BASE OTHER...`: every scenario on the baseline's calendar, paths, seed and
 * report dates (common random numbers), with paired differences from the baseline.
 */
export function compareCommand(io: CliIo, setExit: (code: number) => void) {
  return new Command('compare')
    .description('compare scenarios on common random numbers; the first is the baseline')
    .argument('<files...>', 'scenario files: the baseline, then one or more others')
    .option('--paths <n>', "number of paths (default: the baseline's)")
    .option('--seed <seed>', "random seed (default: the baseline's)")
    .option('--by <date>', "report P(ruin by DATE); repeatable (default: the baseline's report.by)", collect, [] as string[])
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv'] as const).default('table' as const))
    .option('--out <file>', 'write the report to FILE (atomically) instead of standard output')
    .option('--html <file>', 'also write a self-contained HTML report with every survival curve on shared axes')
    .option('--threads <n>', 'worker threads (default: the number of cores)')
    .action(async (files, opts) => {
      if (files.length < 2) {
        io.stderr('runway compare: give a baseline and at least one other scenario\n');
        return setExit(EXIT.usage);
      }
      const clash = outputProblem(io, files, [
        { option: '--out', path: opts.out },
        { option: '--html', path: opts.html },
      ]);
      const threads = parseThreads(opts.threads, io.cpus);
      if (typeof threads === 'string' || clash !== undefined) {
        io.stderr(`runway compare: ${clash ?? threads}\n`);
        return setExit(EXIT.usage);
      }
      const loaded = files.map((file) => ({ file, outcome: loadScenarioFile(io, file) }));
      if (loaded.some((l) => !l.outcome.ok)) return setExit(EXIT.usage); // every file's problems are printed
      const scenarios = loaded.map((l) => ({ file: l.file, scenario: (l.outcome as { value: Scenario }).value }));
      const base = applyOverrides(scenarios[0]!.scenario, { paths: opts.paths, seed: opts.seed, by: opts.by });
      if (!base.ok) {
        printDiagnostics(io, 'runway compare', base.diagnostics);
        return setExit(EXIT.usage);
      }
      const problems = calendarProblems(base.value, scenarios.slice(1));
      for (const p of problems) io.stderr(`${p}\n`);
      if (problems.length > 0) return setExit(EXIT.usage);
      const { comparison, results } = await runCompare(
        [{ file: scenarios[0]!.file, scenario: base.value }, ...scenarios.slice(1)],
        io.version,
        { threads, ...(io.signal ? { signal: io.signal } : {}) },
        (file) => progressBar(io, file),
      );
      const color = useColor(io, opts.format, opts.out);
      const text =
        opts.format === 'json' ? `${JSON.stringify(comparison, null, 2)}\n` : opts.format === 'csv' ? renderComparisonCsv(comparison) : renderComparisonTable(comparison, { color });
      if (opts.html !== undefined) io.writeFileAtomic(opts.html, renderComparisonHtml(comparison, results));
      emit(io, text, opts.out);
      return setExit(EXIT.ok);
    });
}
