import { Command, CommanderError } from '@commander-js/extra-typings';
import { checkCommand } from './commands/check.js';
import { compareCommand } from './commands/compare.js';
import { backtestCommand } from './commands/backtest.js';
import { fitCommand } from './commands/fit.js';
import { completionCommand } from './commands/completion.js';
import { initCommand } from './commands/init.js';
import { mergeCommand } from './commands/merge.js';
import { schemaCommand } from './commands/schema.js';
import { sensitivityCommand } from './commands/sensitivity.js';
import { solveCommand } from './commands/solve.js';
import { simulateCommand } from './commands/simulate.js';
import { validateCommand } from './commands/validate.js';
import { Overflow } from '../analysis/overflow.js';
import { type CliIo, EXIT, Interrupted, UserFacingError } from './io.js';

/**
 * Builds the `runway` program around an I/O object, so that tests run it in-process. Commands
 * report their exit code through `setExit`; nothing here calls `process.exit`.
 */
export function makeProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('runway')
    .description('Monte Carlo cash runway: how likely is it that an organisation runs out of cash by a given date?')
    .version(io.version, '-V, --version')
    .option('--debug', 'print the stack trace of an internal error (also RUNWAY_DEBUG=1)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run runway --help for usage)');
  const output = { writeOut: io.stdout, writeErr: io.stderr };
  const self = () => program as unknown as Command;
  for (const command of [simulateCommand(io, setExit), compareCommand(io, setExit), checkCommand(io, setExit), sensitivityCommand(io, setExit), solveCommand(io, setExit), fitCommand(io, setExit), backtestCommand(io, setExit), mergeCommand(io, setExit), validateCommand(io, setExit), schemaCommand(io, setExit), initCommand(io, setExit), completionCommand(io, setExit, self)]) {
    program.addCommand((command as unknown as Command).exitOverride().configureOutput(output));
  }
  return program as unknown as Command;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug') || Boolean(io.env['RUNWAY_DEBUG']);
  argv = argv.filter((a) => a !== '--debug');
  let code: number = EXIT.ok;
  const program = makeProgram(io, (c) => {
    code = c;
  });
  if (argv.length === 0) {
    // no command is a usage error: the help goes to stderr, exit 2
    io.stderr(program.helpInformation());
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (e instanceof Interrupted) {
      io.stderr(`${io.stderrIsTTY ? '\r\x1b[2K' : ''}runway: interrupted\n`);
      return e.exitCode;
    }
    if (e instanceof UserFacingError) {
      io.stderr(`${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof Overflow) {
      io.stderr(`runway: ${e.message}\n`);
      return EXIT.usage;
    }
    const detail = debug ? `\n${(e as Error).stack ?? String(e)}` : '';
    io.stderr(`runway: internal error: ${(e as Error).message ?? String(e)} (this is a bug: please report it with the scenario file)${detail}\n`);
    return EXIT.internal;
  }
}
