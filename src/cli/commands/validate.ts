import { Command } from '@commander-js/extra-typings';
import { canonicalJson } from '../../scenario/canonical.js';
import type { Scenario } from '../../scenario/schema.js';
import { type CliIo, EXIT } from '../io.js';
import { loadScenarioFile } from '../load.js';
import { collect } from '../options.js';

/** `runway validate FILE...`: parse and validate only; every problem, or the normalised scenario. */
export function validateCommand(io: CliIo, setExit: (code: number) => void) {
  return new Command('validate')
    .description('check scenario files without simulating: print every problem, one per line')
    .argument('<files...>', 'scenario files (YAML or JSON)')
    .option('--print', 'print the normalised scenario (every default filled in) as JSON')
    .option('--set <path=value>', 'override a field before validating; repeatable', collect, [] as string[])
    .action((files, opts) => {
      const valid: { file: string; scenario: Scenario }[] = [];
      let failed = false;
      for (const file of files) {
        const loaded = loadScenarioFile(io, file, opts.set);
        if (loaded.ok) valid.push({ file, scenario: loaded.value });
        else failed = true;
      }
      if (opts.print) {
        const value = files.length === 1 ? valid[0]?.scenario : valid;
        if (value !== undefined) io.stdout(`${JSON.stringify(JSON.parse(canonicalJson(value)), null, 2)}\n`);
      } else {
        for (const v of valid) io.stdout(`${v.file}: valid\n`);
      }
      setExit(failed ? EXIT.usage : EXIT.ok);
    });
}
