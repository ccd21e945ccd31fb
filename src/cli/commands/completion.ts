import { Argument, Command } from '@commander-js/extra-typings';
import { SHELLS, completionScript } from '../completion.js';
import { type CliIo, EXIT } from '../io.js';

/** `runway completion bash|zsh|fish`: a completion script generated from the program's commands. */
export function completionCommand(io: CliIo, setExit: (code: number) => void, program: () => Command) {
  return new Command('completion')
    .description('print a shell completion script (bash, zsh or fish) for commands, flags, choices and files')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .action((shell) => {
      io.stdout(completionScript(shell, program()));
      setExit(EXIT.ok);
    });
}
