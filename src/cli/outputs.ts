import { resolve } from 'node:path';
import type { CliIo } from './io.js';

/** An output file a command was asked for, with the option that named it. */
export interface NamedOutput {
  readonly option: string;
  readonly path: string | undefined;
}

/**
 * The guard every command runs before it computes anything: no output may be one of the
 * command's input files (a scenario, a merge part), and no two outputs may name the same file
 * (devices excepted: two outputs to /dev/null are fine). Standard input and output (`-`) are not
 * files. Returns the one-line problem, or undefined.
 */
export function outputProblem(io: CliIo, inputs: readonly string[], outputs: readonly NamedOutput[]): string | undefined {
  const files = outputs.filter((o): o is { option: string; path: string } => o.path !== undefined && o.path !== '-');
  const same = (a: string, b: string) => resolve(a) === resolve(b) || io.sameFile(a, b);
  for (const o of files) {
    const input = inputs.find((i) => i !== '-' && same(o.path, i));
    if (input !== undefined) return `${o.path}: ${o.path === input ? 'is an input' : `is the input ${input}`}; refusing to overwrite it with ${o.option}`;
  }
  for (let j = 1; j < files.length; j++) {
    for (let i = 0; i < j; i++) {
      const [a, b] = [files[i]!, files[j]!];
      if (same(a.path, b.path) && !resolve(a.path).startsWith('/dev/')) return `${b.path}: ${a.option} and ${b.option} name the same file; give each output its own`;
    }
  }
  return undefined;
}
