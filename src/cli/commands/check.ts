import { Command, Option } from '@commander-js/extra-typings';
import { type Assertion, zFor } from '../../analysis/check.js';
import { integer, percent } from '../../report/format.js';
import { type CheckCase, renderJunit, verdictWord } from '../../report/junit.js';
import { type CheckRequest, type CheckedScenario, runCheck } from '../../run/check.js';
import { applyOverrides } from '../../scenario/overrides.js';
import { parseQuantity } from '../../scenario/quantity.js';
import type { Scenario } from '../../scenario/schema.js';
import { asIsoDate } from '../../util/calendar.js';
import { outputProblem } from '../outputs.js';
import { type CliIo, EXIT } from '../io.js';
import { loadScenarioFile, printDiagnostics } from '../load.js';
import { collect, parseMaxPaths, parseThreads, parseWidth } from '../options.js';
import { progressTotal } from '../progress.js';
import { BLOCK_SIZE } from '../../engine/layout.js';
import { emit, widthFor } from '../output.js';
import { wrap } from '../../report/fit-table.js';
import { renderCheckMarkdown } from '../../report/markdown.js';

/**
 * `runway check FILES...`: evaluates each scenario's `expect:` limits (and --max-ruin/--min-ruin)
 * and exits 1 when one is breached. A limit is breached only when the interval lies wholly on the
 * wrong side; while an interval straddles a limit, paths are doubled up to --max-paths, and what
 * is still undecided then is reported as inconclusive.
 */
export function checkCommand(io: CliIo, setExit: (code: number) => void) {
  return new Command('check')
    .description('check the expect: limits of scenarios (exit 1 when one is breached); for CI')
    .argument('<files...>', 'scenario files')
    .option('--max-ruin <p>', 'also require P(ruin by --by) to be at most p, e.g. 20%')
    .option('--min-ruin <p>', 'also require P(ruin by --by) to be at least p')
    .option('--by <date>', 'date for --max-ruin/--min-ruin (default: each horizon)')
    .option('--paths <n>', "paths of the first round (default: each scenario's)")
    .option('--max-paths <n>', 'cap on paths while a limit is undecided', '1000000')
    .option('--seed <seed>', "random seed (default: each scenario's)")
    .option('--confidence <level>', 'confidence of the decision intervals', '99%')
    .option('--junit <file>', 'also write the results as JUnit XML')
    .option('--fail-inconclusive', 'exit 1 when a limit is still undecided at --max-paths')
    .option('--set <path=value>', 'override a field of every scenario; repeatable', collect, [] as string[])
    .option('--threads <n>', 'worker threads (default: the number of cores)')
    .addOption(new Option('--format <format>', 'text: a line per limit as each scenario is decided; markdown: one summary at the end (for $GITHUB_STEP_SUMMARY)').choices(['text', 'markdown'] as const).default('text' as const))
    .option('--out <file>', 'write the report to FILE (atomically) instead of standard output')
    .option('--width <n>', 'columns the text fits (default: the terminal\'s; 80 into a pipe or a file)')
    .action(async (files, opts) => {
      const usage = (message: string) => {
        io.stderr(`runway check: ${message}\n`);
        setExit(EXIT.usage);
      };
      const clash = outputProblem(io, files, [
        { option: '--junit', path: opts.junit },
        { option: '--out', path: opts.out },
      ]);
      if (clash !== undefined) return usage(clash);
      const threads = parseThreads(opts.threads, io.cpus);
      if (typeof threads === 'string') return usage(threads);
      const width = parseWidth(opts.width);
      if (typeof width === 'string') return usage(width);
      const fit = (line: string) => `${wrap(line.trimEnd(), widthFor(io, opts.out, width))}\n`;
      const maxPaths = parseMaxPaths(opts.maxPaths);
      if (typeof maxPaths === 'string') return usage(maxPaths);
      const confidence = parseQuantity(opts.confidence);
      if (!confidence.ok || confidence.value < 0.5 || confidence.value >= 1) return usage(`--confidence: expected a level from 50% to below 100%, such as 99% (got ${opts.confidence})`);
      const flagLimits: { max?: number; min?: number } = {};
      for (const [flag, text, key] of [['--max-ruin', opts.maxRuin, 'max'], ['--min-ruin', opts.minRuin, 'min']] as const) {
        if (text === undefined) continue;
        const p = parseQuantity(text);
        if (!p.ok || p.value < 0 || p.value > 1) return usage(`${flag}: expected a probability from 0% to 100% (got ${text})`);
        flagLimits[key] = p.value;
      }
      const by = opts.by === undefined ? undefined : asIsoDate(opts.by);
      if (by !== undefined && !by.ok) return usage(`--by: ${by.error}`);

      const loaded = files.map((file) => ({ file, outcome: loadScenarioFile(io, file, opts.set) }));
      if (loaded.some((l) => !l.outcome.ok)) return setExit(EXIT.usage);
      const requests: CheckRequest[] = [];
      for (const { file, outcome } of loaded) {
        const scenario = (outcome as { value: Scenario }).value;
        const assertions: Assertion[] = scenario.expect.map((e, i) => ({ by: e.ruin_probability.by, ...optional(e.ruin_probability), origin: `expect[${i}]` }));
        if (flagLimits.max !== undefined || flagLimits.min !== undefined) assertions.push({ by: by?.date ?? scenario.horizon, ...flagLimits, origin: flagLimits.max !== undefined ? '--max-ruin' : '--min-ruin' });
        if (assertions.length === 0) return usage(`${file}: nothing to check: add expect: to the scenario or pass --max-ruin`);
        const overridden = applyOverrides(scenario, { paths: opts.paths, seed: opts.seed, by: [...new Set(assertions.map((a) => a.by))] });
        if (!overridden.ok) {
          printDiagnostics(io, file, overridden.diagnostics);
          return setExit(EXIT.usage);
        }
        requests.push({ file, scenario: overridden.value, assertions });
      }
      const level = percent(confidence.value, 0);
      const counts = { pass: 0, breach: 0, undecided: 0 };
      // text goes out as each scenario is decided (to standard output), or all at the end (--out, markdown)
      const lines: string[] = [];
      const progress = progressTotal(io, `checking ${requests.length} scenario${requests.length === 1 ? '' : 's'}`, requests.reduce((n, r) => n + Math.ceil(r.scenario.paths / BLOCK_SIZE), 0));
      const suites = await runCheck(
        requests,
        io.version,
        { threads, ...(io.signal ? { signal: io.signal } : {}) },
        { z: zFor(confidence.value), maxPaths },
        (checked) => {
          for (const c of checked.cases) counts[c.decision]++;
          if (opts.format !== 'text') return;
          lines.push(fit(`${checked.file} (${integer(checked.paths)} paths, seed ${checked.seed})`));
          for (const c of checkCases(checked, level)) {
            lines.push(fit(`  ${verdictWord(c.verdict)}  ${c.name}: ${c.message}`));
          }
          if (opts.out === undefined) {
            progress.finish(); // clear the bar's line before the verdicts (it is drawn again on the next block)
            io.stdout(lines.splice(0).join(''));
          }
        },
        () => progress.part(),
      );
      progress.finish();
      const cases = suites.map((checked) => ({ file: checked.file, cases: checkCases(checked, level) }));
      if (opts.format === 'markdown') lines.push(renderCheckMarkdown(cases));
      else lines.push(`${counts.pass} passed, ${counts.breach} breached, ${counts.undecided} inconclusive\n`);
      emit(io, lines.join(''), opts.out);
      if (opts.junit !== undefined) io.writeFileAtomic(opts.junit, renderJunit(cases));
      setExit(counts.breach > 0 || (opts.failInconclusive === true && counts.undecided > 0) ? EXIT.assertion : EXIT.ok);
    });
}

/** A scenario's verdicts as named cases with their messages (the lines printed and the JUnit cases). */
function checkCases(checked: CheckedScenario, level: string): CheckCase[] {
  return checked.cases.map(({ assertion: a, decision, probability, low, high }) => {
    const limit = [a.min === undefined ? '' : `≥ ${percent(a.min)}`, a.max === undefined ? '' : `≤ ${percent(a.max)}`].filter(Boolean).join(' and ');
    const name = `P(ruin by ${a.by}) ${limit} (${a.origin})`;
    const verdict = decision === 'undecided' ? 'inconclusive' : decision;
    const detail = `${percent(probability)}, ${level} interval ${percent(low)} – ${percent(high)}`;
    const message =
      verdict === 'pass' ? detail : verdict === 'breach' ? `${detail}: wholly outside the limit` : `${detail}: straddles the limit at the cap of ${integer(checked.paths)} paths (raise --max-paths)`;
    return { name, verdict, message };
  });
}

function optional(r: { max?: number | undefined; min?: number | undefined }): { max?: number; min?: number } {
  return { ...(r.max === undefined ? {} : { max: r.max }), ...(r.min === undefined ? {} : { min: r.min }) };
}
