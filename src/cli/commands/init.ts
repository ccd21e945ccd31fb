import { Command } from '@commander-js/extra-typings';
import { type CliIo, EXIT } from '../io.js';
import { STARTER_SCENARIO } from '../templates/starter.js';

/** `runway init [FILE]`: writes a commented starter scenario; never overwrites. */
export function initCommand(io: CliIo, setExit: (code: number) => void) {
  return new Command('init')
    .description('write a commented starter scenario (refuses to overwrite an existing file)')
    .argument('[file]', 'where to write it (- for standard output)', 'scenario.yaml')
    .action((file) => {
      if (file === '-') io.stdout(STARTER_SCENARIO);
      else {
        io.writeNewFile(file, STARTER_SCENARIO);
        io.stderr(`wrote ${file}; run: runway simulate ${file}\n`);
      }
      setExit(EXIT.ok);
    });
}
