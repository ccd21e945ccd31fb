import { Command, Option } from '@commander-js/extra-typings';
import { renderFitJson, renderFitTable, renderFittedYaml } from '../../report/fit.js';
import { fitScenario } from '../../run/fit.js';
import { parseQuantity } from '../../scenario/quantity.js';
import { formatDiagnostic } from '../../util/diagnostic.js';
import { loadActualsFile } from '../actuals-file.js';
import { dirname, isAbsolute, relative, sep } from 'node:path';
import { type CliIo, EXIT } from '../io.js';
import { checkScenarioText, loadScenarioFile } from '../load.js';
import { emit, widthFor } from '../output.js';
import { parseWholeNumber, parseWidth } from '../options.js';
import { MAX_PATHS } from '../../scenario/schema.js';
import { outputProblem } from '../outputs.js';

/** Most periods a fitted scenario forecasts. */
export const MAX_FIT_HORIZON = 1200;

/** `runway fit ACTUALS.csv`: a scenario learnt from a company's history. */
export function fitCommand(io: CliIo, setExit: (code: number) => void) {
  return new Command('fit')
    .description('learn a scenario from a history of actuals (CSV: a date column, then cash, customers, users, revenue:NAME and costs:NAME columns)')
    .argument('<actuals>', 'CSV file, one row per period (- for standard input)')
    .option('--period <period>', 'the period of a row: day, week, month or quarter (default: read from the dates)')
    .option('--horizon <periods>', 'periods the scenario forecasts after the last row (default: a year)')
    .option('--cash <amount>', 'cash at the start, when the actuals have no cash column')
    .option('--name <text>', 'the scenario\'s name')
    .option('--extends <base>', 'write only what the actuals say, as a scenario that extends BASE (which keeps its name, payment dates, plans, debt, events and actions; lines merge by name)')
    .option('--paths <n>', 'paths the scenario asks for', '10000')
    .option('--seed <n>', 'the scenario\'s seed', '1')
    .addOption(new Option('--format <format>', 'yaml: the scenario; json: the fit and the scenario; table: what was fitted').choices(['yaml', 'json', 'table'] as const).default('yaml' as const))
    .option('--out <file>', 'write to FILE (atomically) instead of standard output')
    .option('--width <n>', 'columns the table fits (default: the terminal\'s)')
    .action((file, opts) => {
      const fail = (message: string) => {
        io.stderr(`runway fit: ${message}\n`);
        setExit(EXIT.usage);
      };
      const clash = outputProblem(io, [file, ...(opts.extends === undefined ? [] : [opts.extends])], [{ option: '--out', path: opts.out }]);
      if (clash !== undefined) return fail(clash);
      if (opts.extends !== undefined && opts.format === 'table') return fail('--extends writes a scenario: use it with --format yaml or json');
      if (opts.extends !== undefined && opts.name !== undefined) return fail('--extends keeps the base\'s name: leave out --name');
      const width = parseWidth(opts.width);
      if (typeof width === 'string') return fail(width);
      const options = fitOptions(opts);
      if (typeof options === 'string') return fail(options);
      const loaded = loadActualsFile(io, 'runway fit', file, opts.period);
      if (!loaded.ok) return setExit(loaded.exitCode);
      const horizon = options.horizon ?? DEFAULT_HORIZON[loaded.value.period];
      const fragment = opts.extends === undefined ? undefined : fragmentOf(io, opts.extends, opts.out);
      if (fragment !== undefined && !fragment.ok) return setExit(fragment.exitCode);
      const fitted = fitScenario(loaded.value, { ...options, horizon, ...(fragment === undefined ? {} : { fragmentOf: fragment.value }) });
      if (typeof fitted === 'string') return fail(fitted);
      for (const w of fitted.fit.warnings) io.stderr(`${formatDiagnostic(w, loaded.value.file)}\n`);
      if (fragment?.value.baseCorrelations) io.stderr(`runway fit: warning: ${opts.extends} has correlations, which a list in the fragment would replace: the fitted lines' level–growth correlations are left out\n`);
      // the fragment merged with its base must be a valid scenario, checked as the file it will be
      if (fragment !== undefined && !checkScenarioText(io, opts.out ?? FRAGMENT_NAME, renderFittedYaml(fitted.fit, fitted.document)).ok) return setExit(EXIT.usage);
      const text =
        opts.format === 'json' ? renderFitJson(fitted.fit, fitted.document) : opts.format === 'table' ? renderFitTable(fitted.fit, widthFor(io, opts.out, width)) : renderFittedYaml(fitted.fit, fitted.document);
      emit(io, text, opts.out);
      return setExit(EXIT.ok);
    });
}

/** What a fragment on standard output is called in messages (its `extends` is relative to the current folder). */
const FRAGMENT_NAME = '<fitted fragment>';

/**
 * `--extends BASE`: the base (read and checked now), and its path as the fragment names it:
 * relative to the folder of --out (or the current folder), as `extends` is read.
 */
function fragmentOf(io: CliIo, base: string, out: string | undefined): { ok: true; value: { extends: string; baseCorrelations: boolean } } | { ok: false; exitCode: number } {
  const loaded = loadScenarioFile(io, base);
  if (!loaded.ok) return loaded;
  const named = isAbsolute(base) ? base : relative(out === undefined ? '.' : dirname(out), base) || base;
  return { ok: true, value: { extends: named.split(sep).join('/'), baseCorrelations: loaded.value.correlations !== undefined } };
}

/** A year of periods. */
export const DEFAULT_HORIZON = { day: 365, week: 52, month: 12, quarter: 4 } as const;

/** --horizon, --cash, --paths, --seed, --name as fitting options, or what is wrong with one. */
export function fitOptions(opts: { horizon?: string; cash?: string; paths: string; seed: string; name?: string }): { horizon?: number; cash?: number; paths: number; seed: number; name?: string } | string {
  const horizon = opts.horizon === undefined ? undefined : Number(opts.horizon);
  if (horizon !== undefined && !(/^\d+$/.test(opts.horizon!.trim()) && horizon >= 1 && horizon <= MAX_FIT_HORIZON)) return `--horizon: expected a whole number of periods from 1 to ${MAX_FIT_HORIZON} (got ${opts.horizon})`;
  let cash: number | undefined;
  if (opts.cash !== undefined) {
    const q = parseQuantity(opts.cash);
    if (!q.ok) return `--cash: ${q.error}`;
    cash = q.value;
  }
  const paths = parseWholeNumber(opts.paths, '--paths', 1, MAX_PATHS)!;
  if (typeof paths === 'string') return paths;
  const seed = Number(opts.seed);
  if (!/^\d+$/.test(opts.seed.trim()) || !Number.isSafeInteger(seed)) return `--seed: expected a whole number (got ${opts.seed})`;
  return { ...(horizon === undefined ? {} : { horizon }), ...(cash === undefined ? {} : { cash }), paths, seed, ...(opts.name === undefined ? {} : { name: opts.name }) };
}
