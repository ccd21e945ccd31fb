import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
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
    expect(schema.then.required).toEqual(['name', 'start', 'horizon', 'cash']);
    expect(schema.if).toEqual({ not: { required: ['extends'] } });
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('the committed scenario JSON Schema, checked by a real JSON Schema validator (Ajv, draft 2020-12)', () => {
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync('schema/scenario.schema.json', 'utf8')) as object);
  const asJson = (file: string) => parseYaml(readFileSync(file, 'utf8')) as unknown;

  it.each(['scenarios/openai-2024.yaml', 'scenarios/saas-startup.yaml', 'scenarios/starter.yaml', 'scenarios/seed-startup.yaml', 'scenarios/api-business.yaml', 'scenarios/variants/openai-cheaper-inference.yaml'])(
    'accepts %s (a variant that extends a base too)',
    (file) => {
      expect(validate(asJson(file)), JSON.stringify(validate.errors)).toBe(true);
    },
  );

  it('still requires start, horizon and cash of a file without extends, and refuses unknown keys', () => {
    expect(validate({ name: 'x' })).toBe(false);
    expect(validate.errors!.map((e) => e.message)).toContain("must have required property 'start'");
    expect(validate({ extends: 'base.yaml', name: 'x', colour: 'red' })).toBe(false);
  });
});
