import { Command, Option } from '@commander-js/extra-typings';
import { renderHtml } from '../../report/html.js';
import { FORMAT_NAMES, type FormatName } from '../../report/index.js';
import { PartMerge } from '../../run/merge.js';
import { describeShards } from '../../run/part.js';
import { outputProblem } from '../outputs.js';
import { type CliIo, EXIT, UserFacingError } from '../io.js';
import { emitResult } from '../output.js';
import { writePart } from '../part-file.js';
import { parseWidth } from '../options.js';

/**
 * `runway merge PART...`: the Result of a run from the parts of all its shards, or (--partial)
 * one part from some of them, to be merged further. Parts are read one at a time.
 */
export function mergeCommand(io: CliIo, setExit: (code: number) => void) {
  const command = new Command('merge')
    .description('combine the parts written by `simulate --shard i/n` into the result of one run (or, with --partial, into one part)')
    .argument('<parts...>', 'part files, one or more shards each')
    .addOption(new Option('--format <format>', 'output format').choices(FORMAT_NAMES).default('table' as FormatName))
    .option('--out <file>', 'write the report (or with --partial, the part) to FILE (atomically) instead of standard output')
    .option('--no-chart', 'leave out the cash fan and survival charts under the table')
    .option('--width <n>', 'columns the tables and charts fit (default: the terminal\'s; 80 into a pipe or a file)')
    .option('--html <file>', 'also write a self-contained HTML report (inline SVG charts, no network)')
    .option('--partial', 'write the parts merged into one part (needs --out), for a further merge: shards may be missing');
  return command.action(async (files, opts) => {
    const fail = (message: string) => {
      io.stderr(`runway merge: ${message}\n`);
      setExit(EXIT.usage);
    };
    const clash = outputProblem(io, files, [
      { option: '--out', path: opts.out },
      { option: '--html', path: opts.html },
    ]);
    if (clash !== undefined) return fail(clash);
    const width = parseWidth(opts.width);
    if (typeof width === 'string') return fail(width);
    if (opts.partial === true) {
      if (opts.out === undefined || opts.out === '-') return fail('--partial writes a binary part: give it a file with --out');
      const ignored = [opts.html !== undefined && '--html', command.getOptionValueSource('format') === 'cli' && '--format', opts.chart === false && '--no-chart'].find(Boolean);
      if (ignored) return fail(`--partial and ${ignored} do not go together (a part has no report; the final merge makes it)`);
    }
    const merge = new PartMerge();
    for (const file of files) {
      if (io.signal?.aborted) throw io.signal.reason;
      try {
        const input = io.openInput(file);
        try {
          merge.add(file, input);
        } finally {
          input.close();
        }
      } catch (e) {
        if (!(e instanceof UserFacingError)) throw e;
        merge.problems.push(e.message);
      }
      await new Promise<void>((resolve) => setImmediate(resolve)); // let Ctrl-C in between parts
    }
    const missing = merge.missing();
    if (opts.partial !== true && missing.length > 0) merge.problems.push(`missing shard${missing.length > 1 ? 's' : ''} ${describeShards(missing, merge.shardCount())}`);
    if (merge.problems.length > 0) {
      for (const p of merge.problems) io.stderr(`runway merge: ${p}\n`);
      return setExit(EXIT.usage);
    }
    if (opts.partial === true) {
      writePart(io, opts.out!, merge.part());
      return setExit(EXIT.ok);
    }
    const result = merge.result();
    if (opts.html !== undefined) io.writeFileAtomic(opts.html, renderHtml(result));
    emitResult(io, result, opts.format as FormatName, opts.out, opts.chart, width);
    return setExit(EXIT.ok);
  });
}
