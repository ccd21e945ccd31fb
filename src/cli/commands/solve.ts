import { renderSolveMarkdown } from '../../report/markdown.js';
import { Command, Option } from '@commander-js/extra-typings';
import { runSolve } from '../../run/solve.js';
import { SolveError, parseTarget } from '../../analysis/solve.js';
import { renderSolveTable } from '../../report/solve.js';
import { applyOverrides } from '../../scenario/overrides.js';
import { parseQuantity } from '../../scenario/quantity.js';
import { type How, resolveVary } from '../../scenario/vary.js';
import { emit, useColor, widthFor } from '../output.js';
import { collect, parseThreads, parseWidth } from '../options.js';
import { outputProblem } from '../outputs.js';
import { type CliIo, EXIT } from '../io.js';
import { loadScenarioFile, printDiagnostics } from '../load.js';

/** `runway solve FILE --target … --vary …`: goal seek on common random numbers. */
export function solveCommand(io: CliIo, setExit: (code: number) => void) {
  return new Command('solve')
    .description('find the value of one field that makes P(ruin by a date) meet a target, by bisection on common random numbers')
    .argument('<file>', 'scenario file (YAML or JSON; - for standard input)')
    .requiredOption('--target <goal>', 'the goal, e.g. "ruin(2024-12-31) <= 5%"')
    .requiredOption('--vary <path>', 'the field to move: cash.initial, costs[NAME].amount, revenue[NAME].growth.annual, events.NAME.amount, events[NAME].probability, …')
    .addOption(new Option('--how <how>', 'add to the field, scale it, or set it (numbers only); default: add, or set for a probability').choices(['add', 'scale', 'set'] as const))
    .option('--range <lo..hi>', 'search only between these values of x (e.g. 0..2B, 0.5..2, 0%..100%)')
    .option('--paths <n>', 'paths per trial (overrides the scenario)')
    .option('--seed <seed>', 'random seed (overrides the scenario)')
    .option('--set <path=value>', 'override a field of the scenario; repeatable', collect, [] as string[])
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown'] as const).default('table' as const))
    .option('--width <n>', 'columns the report fits (default: the terminal\'s; 80 into a pipe or a file)')
    .option('--out <file>', 'write the report to FILE (atomically) instead of standard output')
    .option('--threads <n>', 'worker threads (default: the number of cores); the result does not depend on it')
    .action(async (file, opts) => {
      const fail = (message: string, code: number = EXIT.usage) => {
        io.stderr(`runway solve: ${message}\n`);
        setExit(code);
      };
      const clash = outputProblem(io, [file], [{ option: '--out', path: opts.out }]);
      if (clash !== undefined) return fail(clash);
      const target = parseTarget(opts.target);
      if (typeof target === 'string') return fail(`--target: ${target}`);
      const loaded = loadScenarioFile(io, file, opts.set);
      if (!loaded.ok) return setExit(loaded.exitCode);
      const overridden = applyOverrides(loaded.value, { paths: opts.paths, seed: opts.seed });
      if (!overridden.ok) {
        printDiagnostics(io, 'runway solve', overridden.diagnostics);
        return setExit(EXIT.usage);
      }
      const scenario = overridden.value;
      const dateCheck = applyOverrides(scenario, { by: [target.date] });
      if (!dateCheck.ok) return fail(`--target: ${dateCheck.diagnostics[0]!.message}`);
      const resolved = resolveVary(scenario, opts.vary);
      if (!resolved.ok) return fail(`--vary: ${resolved.error}`);
      const varied = resolved.varied;
      const how: How = opts.how ?? (varied.kind === 'number' && /\.probability$/.test(varied.path) ? 'set' : 'add');
      if (how === 'set' && varied.kind === 'distribution') return fail(`--how set: ${varied.path} is a distribution; use add or scale`);
      let range: [number, number] | undefined;
      if (opts.range !== undefined) {
        const parts = opts.range.split('..');
        const values = parts.map((p) => parseQuantity(p.trim()));
        if (parts.length !== 2 || values.some((v) => !v.ok)) return fail(`--range: expected lo..hi such as 0..2B or 0.5..2 (got ${opts.range})`);
        range = [(values[0] as { value: number }).value, (values[1] as { value: number }).value];
        if (!(range[0] < range[1])) return fail(`--range: lo must be below hi (got ${opts.range})`);
      }
      const width = parseWidth(opts.width);
      if (typeof width === 'string') return fail(width);
      const threads = parseThreads(opts.threads, io.cpus);
      if (typeof threads === 'string') return fail(threads);
      const status = io.stderrIsTTY ? (n: number, most: number | undefined) => io.stderr(`\r\x1b[Ksolving: trial ${n}${most === undefined ? ', finding where the target is crossed' : ` of at most ${most}`}`) : undefined;
      try {
        const solution = await runSolve(scenario, io.version, { varied, how, ...(range ? { range } : {}) }, target, { threads, ...(io.signal ? { signal: io.signal } : {}) }, status);
        if (status) io.stderr('\r\x1b[K');
        emit(io, opts.format === 'json' ? `${JSON.stringify(solution, null, 2)}\n` : opts.format === 'markdown' ? renderSolveMarkdown(solution) : renderSolveTable(solution, { color: useColor(io, opts.format, opts.out), width: widthFor(io, opts.out, width) }), opts.out);
        return setExit(EXIT.ok);
      } catch (e) {
        if (status) io.stderr('\r\x1b[K');
        if (e instanceof SolveError) return fail(e.message, EXIT.assertion);
        throw e;
      }
    });
}
