import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseScenario } from '../../src/scenario/load.js';
import { memoryIo } from '../helpers.js';

const DIR = 'tests/fixtures/hostile';

describe('hostile input', () => {
  it('every file in tests/fixtures/hostile gets one-line errors and exit 2 through the binary (snapshot)', async () => {
    const report: string[] = [];
    for (const name of readdirSync(DIR).sort()) {
      if (name.endsWith('.txt')) continue;
      const r = spawnSync(process.execPath, ['bin/runway.cjs', 'simulate', `${DIR}/${name}`, '--paths', '10'], { encoding: 'utf8', timeout: 20_000 });
      expect(r.stdout, name).toBe('');
      expect(r.stderr, name).not.toMatch(/\n\s+at /); // no stack trace
      report.push(`$ runway simulate ${name}  -> exit ${r.status}\n${r.stderr}`);
    }
    await expect(report.join('\n')).toMatchFileSnapshot('../fixtures/hostile/expected.txt');
  });

  it('a scenario file over the size limit is refused by its size, before it is parsed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runway-hostile-'));
    try {
      const file = join(dir, 'too-large.yaml');
      writeFileSync(file, `name: x\n${'# padding\n'.repeat(120_000)}`);
      const r = spawnSync(process.execPath, ['bin/runway.cjs', 'simulate', file, '--paths', '10'], { encoding: 'utf8', timeout: 20_000 });
      expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `${file}: too large (1200008 bytes; input files are limited to 1048576)\n`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('__proto__ and constructor keys never reach a prototype', async () => {
    for (const name of ['proto-keys.yaml', 'proto-keys.json']) {
      const cli = memoryIo();
      expect(await cli.run(['validate', `${DIR}/${name}`])).toBe(2);
    }
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('--debug shows the stack of an internal error, otherwise one line', async () => {
    const failing = (argv: string[]) => {
      const cli = memoryIo();
      const io = { ...cli.io, readText: () => { throw new Error('boom'); } };
      return import('../../src/cli/program.js').then(async ({ run }) => ({ code: await run(argv, io), stderr: cli.stderr() }));
    };
    const plain = await failing(['simulate', 'x.yaml']);
    expect(plain).toEqual({ code: 3, stderr: 'runway: internal error: boom (this is a bug: please report it with the scenario file)\n' });
    const debug = await failing(['--debug', 'simulate', 'x.yaml']);
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(/^runway: internal error: boom .*\nError: boom\n\s+at /);
  });
});

describe('fuzzing the loader (fast-check)', () => {
  const outcomeShape = (text: string) => {
    const outcome = parseScenario(text);
    if (outcome.ok) return true;
    return outcome.diagnostics.length > 0 && outcome.diagnostics.every((d) => typeof d.message === 'string' && d.message.length > 0 && typeof d.code === 'string' && !d.message.includes('\n'));
  };

  it('arbitrary text never throws: it is a scenario or one-line diagnostics', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), outcomeShape), { seed: 1, numRuns: 2000 });
  });

  it('arbitrary JSON values never throw', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => outcomeShape(JSON.stringify(v))), { seed: 2, numRuns: 1000 });
  });

  it('random trees of scenario words, as YAML, never throw and never pollute a prototype', () => {
    const keys = ['name', 'start', 'horizon', 'paths', 'seed', 'cash', 'initial', 'users', 'growth', 'drift', 'volatility', 'per', 'seasonality', 'jul', 'gpu', 'availability', 'states', 'transitions', 'capacity', 'price', 'costs', 'revenue', 'amount', 'scales_with', 'events', 'date', 'when', 'cash_below', 'probability', 'type', 'low', 'high', 'mean', 'sd', 'expect', 'ruin_probability', 'by', 'max', '__proto__', 'constructor', 'prototype', 'extends'];
    const leaf = fc.oneof(
      fc.constantFrom('1M', '500k to 900k', 'normal(1, 2)', 'uniform(3, 1)', '2024-01-01', '2024-02-30', '12%', '-5%', 'day', 'month', 'users', 'served_users', 'normal->shortage', '0 to 1', 'pert(1,2,3)', 'discrete(1: 2)', ''),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.constantFrom(...keys), tie('node'), { maxKeys: 6 })),
    })).node;
    const scenarioLike = fc.dictionary(fc.constantFrom(...keys), tree, { maxKeys: 10 });
    fc.assert(
      fc.property(scenarioLike, (value) => {
        const ok = outcomeShape(stringify(value));
        return ok && !Object.hasOwn(Object.prototype, 'polluted') && Object.getPrototypeOf({}) === Object.prototype;
      }),
      { seed: 3, numRuns: 1500 },
    );
  });
});
