import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../helpers.js';

async function script(shell: string): Promise<string> {
  const cli = memoryIo();
  expect(await cli.run(['completion', shell])).toBe(0);
  return cli.stdout();
}

/** What bash completes for the words typed so far (the last one being completed), with the generated script loaded. */
function bashComplete(source: string, words: string[]): string[] {
  const program = `${source}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _runway; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', program], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('runway completion bash|zsh|fish, generated from the commands', () => {
  it('bash completes commands, flags, their choices and files', async () => {
    const bash = await script('bash');
    expect(spawnSync('bash', ['-n'], { input: bash }).status).toBe(0);
    expect(bashComplete(bash, ['runway', 'sim'])).toEqual(['simulate']);
    expect(bashComplete(bash, ['runway', 'compare', '--max-i'])).toEqual(['--max-increase']);
    expect(bashComplete(bash, ['runway', 'simulate', 'x.yaml', '--format', ''])).toEqual(['table', 'json', 'csv', 'markdown']);
    expect(bashComplete(bash, ['runway', 'schema', 'r'])).toEqual(['result']);
    expect(bashComplete(bash, ['runway', 'simulate', 'scenarios/openai-2024.y'])).toEqual(['scenarios/openai-2024.yaml']);
  });

  it('zsh loads the bash script through bashcompinit; fish gets native completions with descriptions', async () => {
    const zsh = await script('zsh');
    expect(zsh).toMatch(/^#compdef runway\n/);
    expect(zsh).toContain('autoload -U +X bashcompinit && bashcompinit');
    expect(zsh).toContain('complete -o filenames -F _runway runway');
    const fish = await script('fish');
    expect(fish).toContain("complete -c runway -n __fish_use_subcommand -a merge -d 'combine the parts written by `simulate --shard i/n` into the result of one run (or, with --partial, into one part)'");
    expect(fish).toContain("complete -c runway -n '__fish_seen_subcommand_from simulate' -l format -x -a 'table json csv markdown'");
    expect(fish).toContain("complete -c runway -n '__fish_seen_subcommand_from merge' -l out -r -F");
  });

  it('every command and every flag of every command is in every script', async () => {
    const help = memoryIo();
    await help.run(['--help']);
    const commands = [...help.stdout().matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands).toContain('completion');
    for (const shell of ['bash', 'fish']) {
      const text = await script(shell);
      for (const command of commands) {
        expect(text).toContain(command);
        const h = memoryIo();
        await h.run([command, '--help']);
        for (const flag of h.stdout().matchAll(/(--[a-z-]+)/g)) expect(text, `${shell}: ${command} ${flag[1]}`).toContain(shell === 'fish' ? `-l ${flag[1]!.slice(2)}` : flag[1]!);
      }
    }
  });
});
