import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';

// The GitHub Action's script, run as the action runs it: in a (temporary) repository with a base
// branch and a pull request's changes, with a fake GITHUB_* environment.
const SCRIPT = resolve('action/run.mjs');
const RUNWAY = `${process.execPath} ${resolve('bin/runway.cjs')}`;
const dir = mkdtempSync(join(tmpdir(), 'runway-action-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenario = (burn: string, extra = '') =>
  `name: gated\nstart: 2025-01-01\nhorizon: 2025-04-10\npaths: 4000\ncash: { initial: "uniform(0, 1M)" }\ncosts:\n  - { name: burn, amount: ${burn}, per: day }\n${extra}`;

function git(...args: string[]) {
  const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

function action(env: Record<string, string>) {
  const summary = join(dir, `summary-${Math.random().toString(36).slice(2)}.md`);
  writeFileSync(summary, '');
  const r = spawnSync(process.execPath, [SCRIPT], { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH']!, GITHUB_STEP_SUMMARY: summary, INPUT_RUNWAY: RUNWAY, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, summary: readFileSync(summary, 'utf8') };
}

describe('the GitHub Action (action.yml, action/run.mjs)', () => {
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'ci@example.com');
  git('config', 'user.name', 'ci');
  writeFileSync(join(dir, 'a.yaml'), scenario('1k', 'expect:\n  - ruin_probability: { by: 2025-04-10, max: 20% }\n'));
  writeFileSync(join(dir, 'b.yaml'), scenario('1k'));
  writeFileSync(join(dir, 'notes.txt'), 'not a scenario\n');
  git('add', '.');
  git('commit', '-q', '-m', 'base');

  it('a pull request that raises P(ruin) by ~3pp fails, with the check and the comparison in the job summary', () => {
    git('checkout', '-q', '-b', 'risky', 'main');
    writeFileSync(join(dir, 'b.yaml'), scenario('1.3k'));
    git('commit', '-q', '-am', 'spend more');
    const r = action({ GITHUB_BASE_REF: 'main', INPUT_BASE_REF: 'main', INPUT_SCENARIOS: '*.yaml' });
    expect(r.status).toBe(1);
    expect(r.summary).toBe(r.stdout);
    expect(r.summary).toMatch(/^## runway\n\n\*\*b\.yaml\*\* against main:\n\n### Gate ❌ breached: ΔP\(ruin\) ≤ \+1\.00%/);
    expect(r.summary).not.toContain('a.yaml'); // unchanged
  });

  it('a harmless change passes; a changed scenario with expect: is checked too', () => {
    git('checkout', '-q', '-b', 'safe', 'main');
    writeFileSync(join(dir, 'a.yaml'), scenario('0.99k', 'expect:\n  - ruin_probability: { by: 2025-04-10, max: 20% }\n'));
    git('commit', '-q', '-am', 'spend a little less');
    const r = action({ INPUT_BASE_REF: 'main', INPUT_SCENARIOS: '*.yaml' });
    expect(r.status).toBe(0);
    expect(r.summary).toMatch(/### ✅ runway check: 1 passed, 0 breached, 0 inconclusive/);
    expect(r.summary).toMatch(/\*\*a\.yaml\*\* against main:\n\n### Gate ✅ passed/);
  });

  it('on a push (no base), every scenario is checked and none compared', () => {
    const r = action({ INPUT_SCENARIOS: '*.yaml' });
    expect(r.status).toBe(0);
    expect(r.summary).toContain('runway check: 1 passed');
    expect(r.summary).not.toContain('Gate');
  });

  it('compare --base-ref reads the files a scenario extends from git too', () => {
    git('checkout', '-q', '-b', 'base-change', 'main');
    writeFileSync(join(dir, 'v.yaml'), 'extends: b.yaml\nname: variant\n');
    git('add', 'v.yaml');
    git('commit', '-q', '-m', 'a variant');
    git('branch', '-f', 'with-variant');
    writeFileSync(join(dir, 'b.yaml'), scenario('1.3k')); // only the base changes
    git('commit', '-q', '-am', 'the base spends more');
    const [node, bin] = RUNWAY.split(' ') as [string, string];
    const r = spawnSync(node, [bin, 'compare', 'v.yaml', '--base-ref', 'with-variant', '--max-increase', '1pp', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { scenarios: { file: string }[]; gate: { cases: { decision: string; difference: number }[] } };
    expect(out.scenarios.map((x) => x.file)).toEqual(['v.yaml@with-variant', 'v.yaml']);
    expect(out.gate.cases[0]!.decision).toBe('breach');
    expect(out.gate.cases[0]!.difference).toBeGreaterThan(0.02);
  });

  it('action.yml passes every input to the script', () => {
    const manifest = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown>; runs: { using: string; steps: { run: string; env: Record<string, string> }[] } };
    expect(manifest.runs.using).toBe('composite');
    const step = manifest.runs.steps[0]!;
    expect(step.run).toContain('action/run.mjs');
    for (const input of Object.keys(manifest.inputs)) expect(step.env[`INPUT_${input.toUpperCase().replace(/-/g, '_')}`]).toBe(`\${{ inputs.${input} }}`);
  });
});
