import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCUMENTS } from '../scripts/documents.js';
import { shellWords } from '../scripts/shell-words.js';
import { memoryIo } from './helpers.js';

/**
 * Docs that run: every ```console block of README.md and docs/*.md is a `$ runway ...` command
 * followed by its exact output (stdout, then stderr), and is run here in-process.
 */
const blocks = DOCUMENTS.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/```console\n([\s\S]*?)```/g)].map((m) => m[1]!));

describe('README and docs examples', () => {
  it('has console examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  it('the starter scenario in scenarios/ is what `runway init` writes', async () => {
    const cli = memoryIo();
    await cli.run(['init', '-']);
    expect(cli.stdout()).toBe(readFileSync('scenarios/starter.yaml', 'utf8'));
  });

  it.each(blocks.map((b) => [b.split('\n')[0]!, b]))('%s', async (_title, block) => {
    const [commandLine, ...rest] = block.split('\n');
    expect(commandLine).toMatch(/^\$ runway /);
    const argv = shellWords(commandLine!.slice('$ runway '.length));
    const cli = memoryIo();
    await cli.run(argv);
    expect(cli.stdout() + cli.stderr()).toBe(rest.join('\n'));
  });
});

describe('README and docs examples through bin/runway.cjs', () => {
  // the code-cached bundle that users run (built by the test setup) says the same
  it.each(blocks.map((b) => [b.split('\n')[0]!, b]))('%s', (_title, block) => {
    const [commandLine, ...rest] = block.split('\n');
    const argv = shellWords(commandLine!.slice('$ runway '.length));
    const r = spawnSync(process.execPath, ['bin/runway.cjs', ...argv], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout + r.stderr).toBe(rest.join('\n'));
  });
});
