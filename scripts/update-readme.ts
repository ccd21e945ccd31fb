/**
 * Rewrites the output of every ```console block in README.md and docs/*.md by running its
 * `$ runway ...` command in-process (the same way tests/readme.test.ts checks them): `npm run readme`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { run } from '../src/cli/program.js';
import { nodeIo } from '../src/cli/node-io.js';
import { DOCUMENTS } from './documents.js';
import { shellWords } from './shell-words.js';

for (const file of DOCUMENTS) {
  const text = readFileSync(file, 'utf8');
  let out = text;
  for (const block of text.matchAll(/```console\n([\s\S]*?)```/g)) {
    const command = block[1]!.split('\n')[0]!;
    const argv = shellWords(command.slice('$ runway '.length));
    // standard output, then standard error, as tests/readme.test.ts reads them
    let printed = '';
    let errors = '';
    const io = { ...nodeIo('readme'), stdout: (t: string) => void (printed += t), stderr: (t: string) => void (errors += t), stdoutIsTTY: false };
    await run(argv, io);
    out = out.replace(block[0], `\`\`\`console\n${command}\n${printed}${errors}\`\`\``);
  }
  writeFileSync(file, out);
}
