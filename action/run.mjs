// The GitHub Action's script (action.yml): checks the scenarios a pull request changed and compares
// each with itself on the base branch, writes the Markdown to the job summary, and exits 1 when a
// limit is breached (an `expect:` limit, or a rise in P(ruin) beyond --max-increase). Plain
// Node.js, no dependencies: it runs the runway command it is given.
//
// Inputs (environment): INPUT_SCENARIOS (git pathspecs, space-separated; default "scenarios"),
// INPUT_MAX_INCREASE (default 1pp), INPUT_BASE_REF (default origin/$GITHUB_BASE_REF on a pull
// request; none: every scenario is checked and nothing compared), INPUT_RUNWAY (the command,
// default "npx --no-install runway"), GITHUB_STEP_SUMMARY (where the Markdown goes).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

const env = process.env;
const pathspecs = (env.INPUT_SCENARIOS || 'scenarios').split(/\s+/).filter(Boolean);
const maxIncrease = env.INPUT_MAX_INCREASE || '1pp';
const base = env.INPUT_BASE_REF || (env.GITHUB_BASE_REF ? `origin/${env.GITHUB_BASE_REF}` : '');
const [command, ...commandArgs] = (env.INPUT_RUNWAY || 'npx --no-install runway').split(/\s+/).filter(Boolean);

const git = (...args) => spawnSync('git', args, { encoding: 'utf8' });
const runway = (...args) => spawnSync(command, [...commandArgs, ...args], { encoding: 'utf8', env: { ...env, NO_COLOR: '1' } });
const isScenario = (f) => /\.(ya?ml|json)$/i.test(f) && existsSync(f);

const listed = base === '' ? git('ls-files', '--', ...pathspecs) : git('diff', '--name-only', '--diff-filter=AMR', `${base}...HEAD`, '--', ...pathspecs);
if (listed.status !== 0) {
  console.error(`runway action: git could not list the scenarios${base ? ` changed since ${base}` : ''}: ${listed.stderr.trim()}`);
  process.exit(2);
}
const files = listed.stdout.split('\n').filter(isScenario);

const sections = [];
let failed = false;
for (const file of files) {
  if (/^expect:/m.test(readFileSync(file, 'utf8'))) {
    const r = runway('check', file, '--format', 'markdown');
    sections.push(r.stdout || `**${file}**: runway check failed: ${r.stderr.trim()}`);
    if (r.status !== 0) failed = true;
  }
  if (base !== '' && git('cat-file', '-e', `${base}:./${file}`).status === 0) {
    const r = runway('compare', file, '--base-ref', base, '--max-increase', maxIncrease, '--format', 'markdown');
    if (r.status === 2) sections.push(`**${file}**: not compared with ${base}: ${r.stderr.trim()}`);
    else sections.push(`**${file}** against ${base}:\n\n${r.stdout}`);
    if (r.status === 1) failed = true;
  }
}
const summary = `## runway\n\n${files.length === 0 ? `No scenario changed${base ? ` since ${base}` : ''}.` : sections.join('\n\n') || 'Nothing to check: the changed scenarios have no `expect:` limits and are new.'}\n`;
process.stdout.write(summary);
if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, summary);
process.exit(failed ? 1 : 0);
