import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resultJsonSchema, sensitivityJsonSchema, solveJsonSchema } from '../../src/analysis/result-json-schema.js';
import { resultSchema } from '../../src/analysis/result.js';
import { simulateText } from '../helpers.js';

describe('the Result schema', () => {
  it('schema/result.schema.json is generated from the zod schema (run `npm run schemas` after a change)', () => {
    expect(readFileSync('schema/result.schema.json', 'utf8')).toBe(resultJsonSchema());
    expect(readFileSync('schema/sensitivity.schema.json', 'utf8')).toBe(sensitivityJsonSchema());
    expect(readFileSync('schema/solve.schema.json', 'utf8')).toBe(solveJsonSchema());
  });

  it('real output validates, with no field missing and none undocumented', () => {
    const result = simulateText(readFileSync('scenarios/openai-2024.yaml', 'utf8').replace('paths: 20000', 'paths: 300'));
    expect(resultSchema().safeParse(JSON.parse(JSON.stringify(result))).error).toBeUndefined();
    const none = simulateText('name: safe\nstart: 2024-01-01\nhorizon: 2024-01-31\npaths: 5\ncash: { initial: 1 }\n');
    expect(none.ruin.dateQuantiles).toEqual([]);
    expect(resultSchema().safeParse(none).error).toBeUndefined();
  });

  it('can fail: an extra or a missing field is refused', () => {
    const result = simulateText('name: safe\nstart: 2024-01-01\nhorizon: 2024-01-31\npaths: 5\ncash: { initial: 1 }\n');
    expect(resultSchema().safeParse({ ...result, timing: 1 }).success).toBe(false);
    const { survival: _dropped, ...rest } = result;
    expect(resultSchema().safeParse(rest).success).toBe(false);
  });
});

describe('the scenario JSON Schema', () => {
  it('schema/scenario.schema.json is generated from the zod schema (run `npm run schemas` after a change)', async () => {
    const { scenarioJsonSchema } = await import('../../src/scenario/json-schema.js');
    expect(readFileSync('schema/scenario.schema.json', 'utf8')).toBe(scenarioJsonSchema());
    const schema = JSON.parse(scenarioJsonSchema());
    expect(schema.required).toEqual(['name', 'start', 'horizon', 'cash']);
    expect(schema.additionalProperties).toBe(false);
  });
});
