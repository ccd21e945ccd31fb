import { Command, Option } from '@commander-js/extra-typings';
import { type Partial, checkPartials, partialSchema } from '../../run/partial-file.js';
import { mergeShards } from '../../run/shard.js';
import { renderHtml } from '../../report/html.js';
import { FORMAT_NAMES, type FormatName } from '../../report/index.js';
import { scenarioHash } from '../../scenario/canonical.js';
import { scenarioSchema } from '../../scenario/schema.js';
import { outputProblem } from '../outputs.js';
import { type CliIo, EXIT, UserFacingError } from '../io.js';
import { emitResult } from '../output.js';

/** `runway merge PART...`: the Result of a run from the partial results of all its shards. */
export function mergeCommand(io: CliIo, setExit: (code: number) => void) {
  return new Command('merge')
    .description('combine the partial results of `simulate --shard i/n` into the result of one run')
    .argument('<parts...>', 'partial result files, one per shard')
    .addOption(new Option('--format <format>', 'output format').choices(FORMAT_NAMES).default('table' as FormatName))
    .option('--out <file>', 'write the report to FILE (atomically) instead of standard output')
    .option('--no-chart', 'leave out the cash fan and survival charts under the table')
    .option('--html <file>', 'also write a self-contained HTML report (inline SVG charts, no network)')
    .action((files, opts) => {
      const clash = outputProblem(io, files, [
        { option: '--out', path: opts.out },
        { option: '--html', path: opts.html },
      ]);
      if (clash !== undefined) {
        io.stderr(`runway merge: ${clash}\n`);
        return setExit(EXIT.usage);
      }
      const parts: { file: string; partial: Partial }[] = [];
      let failed = false;
      for (const file of files) {
        let value: unknown;
        try {
          value = JSON.parse(io.readText(file));
        } catch (e) {
          io.stderr(e instanceof UserFacingError ? `${e.message}\n` : `${file}: not a runway partial result (not JSON: ${(e as Error).message})\n`);
          failed = true;
          continue;
        }
        const parsed = partialSchema().safeParse(value);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          io.stderr(`${file}: not a runway partial result (${issue.path.join('.') || 'top level'}: ${issue.message})\n`);
          failed = true;
          continue;
        }
        parts.push({ file, partial: parsed.data });
      }
      if (failed) return setExit(EXIT.usage);
      const problems = checkPartials(parts);
      for (const p of problems) io.stderr(`runway merge: ${p}\n`);
      if (problems.length > 0) return setExit(EXIT.usage);
      const first = parts[0]!;
      const scenario = scenarioSchema.safeParse(first.partial.scenario);
      if (!scenario.success || scenarioHash(scenario.data) !== first.partial.scenarioSha256) {
        io.stderr(`${first.file}: the scenario inside does not match its hash ${first.partial.scenarioSha256.slice(0, 12)}\n`);
        return setExit(EXIT.usage);
      }
      const result = mergeShards(scenario.data, first.partial.toolVersion, parts.map((p) => p.partial));
      if (opts.html !== undefined) io.writeFileAtomic(opts.html, renderHtml(result));
      emitResult(io, result, opts.format as FormatName, opts.out, opts.chart);
      return setExit(EXIT.ok);
    });
}
