import { Command, Option } from '@commander-js/extra-typings';
import { zFor } from '../../analysis/check.js';
import { renderComparisonCsv, renderComparisonTable, renderGate, renderGateJunit } from '../../report/compare.js';
import { renderComparisonHtml } from '../../report/html.js';
import { renderComparisonMarkdown } from '../../report/markdown.js';
import { type CompareRequest, type GateRule, calendarProblems, runCompare } from '../../run/compare.js';
import { applyOverrides } from '../../scenario/overrides.js';
import { parseQuantity } from '../../scenario/quantity.js';
import { outputProblem } from '../outputs.js';
import { type CliIo, EXIT } from '../io.js';
import { loadScenarioFile, printDiagnostics } from '../load.js';
import { collect, parseMaxPaths, parseThreads, parseWidth } from '../options.js';
import { emit, useColor, widthFor } from '../output.js';
import { progressTotal } from '../progress.js';
import { BLOCK_SIZE } from '../../engine/layout.js';

/**
 * `runway compare BASE [OTHER...]`: every scenario on the baseline's calendar, paths, seed and
 * report dates (common random numbers), with paired differences from the baseline. `--set`
 * changes the candidates (with no OTHER, the candidate is the baseline with the change);
 * `--max-increase` makes it a gate that fails (exit 1) when a change makes ruin more likely by
 * more than the limit, beyond doubt.
 */
export function compareCommand(io: CliIo, setExit: (code: number) => void) {
  return new Command('compare')
    .description('compare scenarios on common random numbers; the first is the baseline')
    .argument('<files...>', 'scenario files: the baseline, then the candidates (none with --set: the baseline changed)')
    .option('--set <path=value>', 'override a field of every candidate (with no other file: of a copy of the baseline); repeatable', collect, [] as string[])
    .option('--set-for <file:path=value>', 'override a field of one candidate, named by its file; repeatable', collect, [] as string[])
    .option('--base-ref <revision>', 'compare FILE with itself at a git revision (e.g. origin/main): the baseline is FILE as it is there, with the files it extends')
    .option('--paths <n>', "number of paths (default: the baseline's)")
    .option('--seed <seed>', "random seed (default: the baseline's)")
    .option('--by <date>', "report P(ruin by DATE); repeatable (default: the baseline's report.by)", collect, [] as string[])
    .option('--max-increase <p>', 'gate: exit 1 when a candidate raises P(ruin by a reported date) by more than p (e.g. 1pp), beyond its paired interval')
    .option('--confidence <level>', 'confidence of the gate intervals', '99%')
    .option('--max-paths <n>', 'cap on paths while a gate case is undecided', '1000000')
    .option('--fail-inconclusive', 'exit 1 when a gate case is still undecided at --max-paths')
    .option('--junit <file>', 'also write the gate results as JUnit XML')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv', 'markdown'] as const).default('table' as const))
    .option('--out <file>', 'write the report to FILE (atomically) instead of standard output')
    .option('--html <file>', 'also write a self-contained HTML report with every survival curve on shared axes')
    .option('--threads <n>', 'worker threads (default: the number of cores)')
    .option('--width <n>', 'columns the tables and charts fit (default: the terminal\'s; 80 into a pipe or a file)')
    .action(async (files, opts) => {
      const usage = (message: string) => {
        io.stderr(`runway compare: ${message}\n`);
        setExit(EXIT.usage);
      };
      const changes = opts.set.length > 0 || opts.setFor.length > 0 || opts.baseRef !== undefined;
      if (opts.baseRef !== undefined && files.length !== 1) return usage('--base-ref compares one file with itself at a revision: give one file');
      if (files.length < 2 && !changes) return usage('give a baseline and at least one other scenario, or --set to compare the baseline with a change');
      const clash = outputProblem(io, files, [
        { option: '--out', path: opts.out },
        { option: '--html', path: opts.html },
        { option: '--junit', path: opts.junit },
      ]);
      if (clash !== undefined) return usage(clash);
      const threads = parseThreads(opts.threads, io.cpus);
      if (typeof threads === 'string') return usage(threads);
      const width = parseWidth(opts.width);
      if (typeof width === 'string') return usage(width);
      const gate = parseGate(opts);
      if (typeof gate === 'string') return usage(gate);
      if (gate === undefined) {
        const ignored = [opts.junit !== undefined && '--junit', opts.failInconclusive === true && '--fail-inconclusive'].find(Boolean);
        if (ignored) return usage(`${ignored} needs --max-increase (it reports the gate)`);
      }
      const candidates = files.length < 2 ? [files[0]!] : files.slice(1);
      const perFile = parseSetFor(opts.setFor, candidates);
      if (typeof perFile === 'string') return usage(perFile);

      const requests: CompareRequest[] = [];
      for (const [k, file] of [files[0]!, ...candidates].entries()) {
        const overrides = k === 0 ? [] : [...opts.set, ...(perFile.get(file) ?? [])];
        const revision = k === 0 ? opts.baseRef : undefined;
        const loaded = loadScenarioFile(io, file, overrides, revision);
        if (!loaded.ok) return setExit(EXIT.usage);
        requests.push({ file: revision === undefined ? file : `${file}@${revision}`, overrides, scenario: loaded.value });
      }
      const base = applyOverrides(requests[0]!.scenario, { paths: opts.paths, seed: opts.seed, by: opts.by });
      if (!base.ok) {
        printDiagnostics(io, 'runway compare', base.diagnostics);
        return setExit(EXIT.usage);
      }
      requests[0] = { ...requests[0]!, scenario: base.value };
      const problems = calendarProblems(base.value, requests.slice(1));
      for (const p of problems) io.stderr(`${p}\n`);
      if (problems.length > 0) return setExit(EXIT.usage);
      const progress = progressTotal(io, `comparing ${requests.length} scenarios`, requests.length * Math.ceil(base.value.paths / BLOCK_SIZE));
      const { comparison, results } = await runCompare(requests, io.version, { threads, ...(io.signal ? { signal: io.signal } : {}) }, () => progress.part(), gate);
      progress.finish();
      const color = useColor(io, opts.format, opts.out);
      const text =
        opts.format === 'json'
          ? `${JSON.stringify(comparison, null, 2)}\n`
          : opts.format === 'csv'
            ? renderComparisonCsv(comparison)
            : opts.format === 'markdown'
              ? renderComparisonMarkdown(comparison)
            : renderComparisonTable(comparison, { color, width: widthFor(io, opts.out, width) }) + (comparison.gate === undefined ? '' : `\n${renderGate(comparison, widthFor(io, opts.out, width))}`);
      if (opts.html !== undefined) io.writeFileAtomic(opts.html, renderComparisonHtml(comparison, results));
      if (opts.junit !== undefined) io.writeFileAtomic(opts.junit, renderGateJunit(comparison));
      emit(io, text, opts.out);
      const cases = comparison.gate?.cases ?? [];
      return setExit(cases.some((c) => c.decision === 'breach') || (opts.failInconclusive === true && cases.some((c) => c.decision === 'undecided')) ? EXIT.assertion : EXIT.ok);
    });
}

/** --max-increase, --confidence and --max-paths as a gate rule (undefined without --max-increase), or what is wrong. */
function parseGate(opts: { maxIncrease?: string; confidence: string; maxPaths: string }): GateRule | undefined | string {
  if (opts.maxIncrease === undefined) return undefined;
  const limit = parseQuantity(opts.maxIncrease.trim().replace(/pp$/, '%'));
  if (!limit.ok || limit.value < 0 || limit.value >= 1) return `--max-increase: expected percentage points from 0 to below 100, such as 1pp or 0.5% (got ${opts.maxIncrease})`;
  const confidence = parseQuantity(opts.confidence);
  if (!confidence.ok || confidence.value < 0.5 || confidence.value >= 1) return `--confidence: expected a level from 50% to below 100%, such as 99% (got ${opts.confidence})`;
  const maxPaths = parseMaxPaths(opts.maxPaths);
  if (typeof maxPaths === 'string') return maxPaths;
  return { maxIncrease: limit.value, confidence: confidence.value, z: zFor(confidence.value), maxPaths };
}

/** --set-for FILE:PATH=VALUE, grouped by candidate file; or what is wrong. */
function parseSetFor(items: readonly string[], candidates: readonly string[]): Map<string, string[]> | string {
  const out = new Map<string, string[]>();
  for (const item of items) {
    const file = candidates.find((f) => item.startsWith(`${f}:`));
    if (file === undefined) return `--set-for: expected FILE:PATH=VALUE with FILE one of the candidates (${candidates.join(', ')}) (got ${item})`;
    out.set(file, [...(out.get(file) ?? []), item.slice(file.length + 1)]);
  }
  return out;
}
