import { z } from 'zod';
import { scenarioSchema } from './schema.js';

/**
 * The JSON Schema (draft 2020-12) of the scenario format, from the zod schema's input side (what
 * a file may contain, before defaults and normalisation), as committed in
 * `schema/scenario.schema.json`. Editors use it for completion and checks.
 */
export function scenarioJsonSchema(): string {
  const { required, ...schema } = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as { properties: Record<string, unknown>; required?: string[] };
  // `extends` is resolved before validation (it never reaches the zod schema), but files may have
  // it; a file that extends a base may leave out what the base gives (start, horizon, cash …), so
  // the required fields apply only to a file without `extends`
  const properties = { extends: { type: 'string', description: 'path of a base scenario, relative to this file (or absolute)' }, ...schema.properties };
  const requiredUnlessExtends = required === undefined ? {} : { if: { not: { required: ['extends'] } }, then: { required } };
  return `${JSON.stringify({ ...schema, properties, ...requiredUnlessExtends, title: 'runway scenario' }, null, 2)}\n`;
}
