import { Command } from '@commander-js/extra-typings';
import { type Assertion, decide, zFor } from '../../analysis/check.js';
import { runWithTally } from '../../analysis/run-scenario.js';
import { WorkerPool } from '../../engine/pool.js';
import { integer, percent } from '../../report/format.js';
import { type CheckCase, type CheckSuite, renderJunit } from '../../report/junit.js';
import { applyOverrides } from '../../scenario/overrides.js';
import { parseQuantity } from '../../scenario/quantity.js';
import type { Scenario } from '../../scenario/schema.js';
import { type IsoDate, asIsoDate } from '../../util/calendar.js';
import { type CliIo, EXIT } from '../io.js';
import { loadScenarioFile, printDiagnostics } from '../load.js';
import { collect, parseMaxPaths, parseThreads } from '../options.js';
import { progressBar } from '../progress.js';

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
    .action(async (files, opts) => {
      const usage = (message: string) => {
        io.stderr(`runway check: ${message}\n`);
        setExit(EXIT.usage);
      };
      const threads = parseThreads(opts.threads, io.cpus);
      if (typeof threads === 'string') return usage(threads);
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
      const z = zFor(confidence.value);
      const level = percent(confidence.value, 0);
      const suites: CheckSuite[] = [];
      let breached = 0;
      let inconclusive = 0;
      let passed = 0;
      const pool = new WorkerPool(); // the scenarios share their workers
      try {
        for (const { file, outcome } of loaded) {
          const scenario = (outcome as { value: Scenario }).value;
          const assertions: Assertion[] = scenario.expect.map((e, i) => ({ by: e.ruin_probability.by, ...optional(e.ruin_probability), origin: `expect[${i}]` }));
          if (flagLimits.max !== undefined || flagLimits.min !== undefined) assertions.push({ by: by?.date ?? scenario.horizon, ...flagLimits, origin: flagLimits.max !== undefined ? '--max-ruin' : '--min-ruin' });
          if (assertions.length === 0) return usage(`${file}: nothing to check: add expect: to the scenario or pass --max-ruin`);
          const dates = [...new Set(assertions.map((a) => a.by))];
          const overridden = applyOverrides(scenario, { paths: opts.paths, seed: opts.seed, by: dates });
          if (!overridden.ok) {
            printDiagnostics(io, file, overridden.diagnostics);
            return setExit(EXIT.usage);
          }
          const s = overridden.value;
          const reportDates = [...new Set([...s.report.by, s.horizon])].sort();
          const counted = (ruinedByDate: readonly number[], date: IsoDate) => ruinedByDate[reportDates.indexOf(date)]!;
          const progress = progressBar(io, file);
          const { result } = await runWithTally(s, io.version, {
            threads,
            pool,
            onProgress: progress.update, ...(io.signal ? { signal: io.signal } : {}),
            until: { maxPaths, done: (ruined, n) => assertions.every((a) => decide(a, counted(ruined, a.by), n, z).decision !== 'undecided') },
          });
          progress.finish();
          const n = result.run.paths;
          io.stdout(`${file} (${integer(n)} paths, seed ${result.run.seed})\n`);
          const cases: CheckCase[] = assertions.map((a) => {
            const row = result.ruin.byDate.find((r) => r.date === a.by)!;
            const { decision, low, high } = decide(a, row.ruinedPaths, n, z);
            const limit = [a.min === undefined ? '' : `≥ ${percent(a.min)}`, a.max === undefined ? '' : `≤ ${percent(a.max)}`].filter(Boolean).join(' and ');
            const name = `P(ruin by ${a.by}) ${limit} (${a.origin})`;
            const verdict = decision === 'undecided' ? 'inconclusive' : decision;
            const detail = `${percent(row.probability)}, ${level} interval ${percent(low)} – ${percent(high)}`;
            const message =
              verdict === 'pass' ? detail : verdict === 'breach' ? `${detail}: wholly outside the limit` : `${detail}: straddles the limit at the cap of ${integer(n)} paths (raise --max-paths)`;
            io.stdout(`  ${verdict === 'pass' ? 'pass        ' : verdict === 'breach' ? 'BREACH      ' : 'INCONCLUSIVE'}  ${name}: ${message}\n`);
            if (verdict === 'pass') passed++;
            else if (verdict === 'breach') breached++;
            else inconclusive++;
            return { name, verdict, message };
          });
          suites.push({ file, cases });
        }
      } finally {
        await pool.close();
      }
      io.stdout(`${passed} passed, ${breached} breached, ${inconclusive} inconclusive\n`);
      if (opts.junit !== undefined) io.writeFileAtomic(opts.junit, renderJunit(suites));
      setExit(breached > 0 || (opts.failInconclusive === true && inconclusive > 0) ? EXIT.assertion : EXIT.ok);
    });
}

function optional(r: { max?: number | undefined; min?: number | undefined }): { max?: number; min?: number } {
  return { ...(r.max === undefined ? {} : { max: r.max }), ...(r.min === undefined ? {} : { min: r.min }) };
}
