import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problems, simulateText } from '../helpers.js';

const head = 'name: x\nstart: 2025-01-01\nhorizon: 2026-12-31\ncash: { initial: 1M }\n';

describe('what an input costs is bounded before the run', () => {
  it('report dates, dated events and triggered events have limits, named in one line', () => {
    const dates = Array.from({ length: 501 }, (_, k) => new Date(Date.UTC(2025, 0, 1 + k)).toISOString().slice(0, 10));
    expect(problems(`${head}report: { by: [${dates.join(', ')}] }\n`)).toEqual(['x.yaml:5:15: report.by: at most 500 report dates (each is a cash column over every path; got 501)']);
    const triggered = Array.from({ length: 201 }, (_, k) => `  - { name: t${k}, when: { cash_below: ${k}k }, amount: 1k }`).join('\n');
    expect(problems(`${head}events:\n${triggered}\n`)).toEqual(['x.yaml:6:3: events: at most 200 triggered events (each is checked on every path every day; got 201)']);
    const lines = Array.from({ length: 251 }, (_, k) => `  - { name: l${k}, amount: 1k, per: month }`).join('\n');
    expect(problems(`${head}costs:\n${lines}\n`)).toEqual(['x.yaml:6:3: costs: at most 250 cost and revenue lines together (each is code in the simulated day; got 251)']);
  });
});

describe('a long horizon', () => {
  it('keeps cash at month ends for 20 years, then at year ends (bounded cash columns)', () => {
    const r = simulateText('name: x\nstart: 2025-01-01\nhorizon: 2124-12-31\npaths: 20\ncash: { initial: 1M }\ncosts:\n  - { name: burn, amount: 1, per: day }\n');
    const dates = r.cash.map((c) => c.date);
    expect(dates.slice(0, 2)).toEqual(['2025-01-31', '2025-02-28']);
    expect(dates).toContain('2044-12-31');
    expect(dates).not.toContain('2045-01-31');
    expect(dates.slice(-2)).toEqual(['2123-12-31', '2124-12-31']);
    expect(dates).toHaveLength(240 + 80);
  });
});

describe('numbers that overflow are an error naming the line, never NaN or Infinity in a result', () => {
  it.each([
    ['a users drift of 1e15 a day', 'users: { initial: 100, growth: { drift: 1e15, per: day } }\ncosts:\n  - { name: serving, amount: 1, per: day, scales_with: users }\n', 'the money of costs line "serving" is not a finite number in 2025-01'],
    ['growth of 1e15 a year for a century', 'revenue:\n  - { name: rocket, amount: 1, per: day, growth: { annual: 1e15 } }\n', 'the money of revenue line "rocket" is not a finite number in 20'],
  ])('%s', (_name, body, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'runway-overflow-'));
    try {
      const file = join(dir, 's.yaml');
      writeFileSync(file, `name: x\nstart: 2025-01-01\nhorizon: 2124-12-31\npaths: 50\ncash: { initial: 1M }\n${body}`);
      for (const format of ['json', 'table']) {
        const r = spawnSync(process.execPath, ['bin/runway.cjs', 'simulate', file, '--format', format], { encoding: 'utf8', timeout: 120_000 });
        expect([r.status, r.stdout]).toEqual([2, '']);
        expect(r.stderr.startsWith(`runway: ${message}`)).toBe(true);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
