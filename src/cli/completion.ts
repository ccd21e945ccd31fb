import type { Command, Option } from '@commander-js/extra-typings';

/**
 * Shell completion scripts for `runway completion bash|zsh|fish`, generated from the program's own
 * commands and options (so they never drift from the CLI): command names, each command's flags,
 * the choices of a flag or argument that has them (`--format`, `schema`'s kinds), files for file
 * arguments and file flags. zsh loads the bash script through `bashcompinit`. No library: the
 * well-kept completion libraries (tabtab, omelette) bring their own command model rather than
 * reading commander's.
 */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

interface Spec {
  readonly name: string;
  readonly description: string;
  readonly flags: readonly { readonly long: string; readonly description: string; readonly takesValue: boolean; readonly choices: readonly string[]; readonly file: boolean }[];
  /** Choices of the first argument, when it has them; else files. */
  readonly argumentChoices: readonly string[];
}

/** Flags whose value is a file (completed with file names). */
const FILE_FLAGS = new Set(['--out', '--html', '--paths-out', '--junit']);

function specs(program: Command): Spec[] {
  return (program.commands as unknown as Command[]).map((c) => ({
    name: c.name(),
    description: c.description(),
    flags: [...(c.options as unknown as Option[]).map((o) => ({ long: o.long ?? '', description: o.description, takesValue: o.required || o.optional, choices: o.argChoices ?? [], file: FILE_FLAGS.has(o.long ?? '') })), { long: '--help', description: 'show help', takesValue: false, choices: [], file: false }],
    argumentChoices: (c.registeredArguments[0]?.argChoices as string[] | undefined) ?? [],
  }));
}

export function completionScript(shell: Shell, program: Command): string {
  const all = specs(program);
  return shell === 'fish' ? fish(all) : shell === 'zsh' ? `#compdef runway\n# runway completion for zsh: source it from ~/.zshrc, or: runway completion zsh > "\${fpath[1]}/_runway"\nautoload -U +X bashcompinit && bashcompinit\n${bash(all, false)}` : bash(all, true);
}

function bash(all: readonly Spec[], header: boolean): string {
  const cases = all.map((s) => {
    const valued = s.flags.filter((f) => f.takesValue);
    const prev = valued.map((f) => `        ${f.long}) ${f.choices.length > 0 ? `COMPREPLY=($(compgen -W "${f.choices.join(' ')}" -- "$cur"))` : f.file ? 'COMPREPLY=($(compgen -f -- "$cur"))' : 'COMPREPLY=()'}; return ;;`);
    const words = s.argumentChoices.length > 0 ? `COMPREPLY=($(compgen -W "${s.argumentChoices.join(' ')}" -- "$cur"))` : 'COMPREPLY=($(compgen -f -- "$cur"))';
    return [
      `    ${s.name})`,
      ...(prev.length > 0 ? ['      case "$prev" in', ...prev, '      esac'] : []),
      `      if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "${s.flags.map((f) => f.long).join(' ')}" -- "$cur")); else ${words}; fi`,
      '      ;;',
    ].join('\n');
  });
  return `${header ? '# runway completion for bash: source it from ~/.bashrc, or: runway completion bash > ~/.local/share/bash-completion/completions/runway\n' : ''}_runway() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${all.map((s) => s.name).join(' ')} --help --version" -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join('\n')}
  esac
}
complete -o filenames -F _runway runway
`;
}

function fish(all: readonly Spec[]): string {
  const q = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const lines = ['# runway completion for fish: runway completion fish > ~/.config/fish/completions/runway.fish', 'complete -c runway -f'];
  for (const s of all) lines.push(`complete -c runway -n __fish_use_subcommand -a ${s.name} -d ${q(s.description)}`);
  for (const s of all) {
    const when = `-n '__fish_seen_subcommand_from ${s.name}'`;
    lines.push(s.argumentChoices.length > 0 ? `complete -c runway ${when} -a ${q(s.argumentChoices.join(' '))}` : `complete -c runway ${when} -F`);
    for (const f of s.flags) {
      const value = !f.takesValue ? '' : f.choices.length > 0 ? ` -x -a ${q(f.choices.join(' '))}` : f.file ? ' -r -F' : ' -x';
      lines.push(`complete -c runway ${when} -l ${f.long.replace(/^--/, '')}${value} -d ${q(f.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
