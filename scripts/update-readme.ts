/**
 * Rewrites the output of every ```console block in README.md by running its `$ runway ...`
 * command in-process (the same way tests/readme.test.ts checks them): `npm run readme`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { run } from '../src/cli/program.js';
import { nodeIo } from '../src/cli/node-io.js';
import { shellWords } from './shell-words.js';

const readme = readFileSync('README.md', 'utf8');
const blocks = [...readme.matchAll(/```console\n([\s\S]*?)```/g)];
let out = readme;
for (const block of blocks) {
  const command = block[1]!.split('\n')[0]!;
  const argv = shellWords(command.slice('$ runway '.length));
  let text = '';
  const io = { ...nodeIo('readme'), stdout: (t: string) => void (text += t), stderr: (t: string) => void (text += t), stdoutIsTTY: false };
  await run(argv, io);
  out = out.replace(block[0], `\`\`\`console\n${command}\n${text}\`\`\``);
}
writeFileSync('README.md', out);
