import { z } from 'zod';
import { resultSchema } from './result.js';

/** The JSON Schema (draft 2020-12) of the Result, as committed in `schema/result.schema.json`. */
export function resultJsonSchema(): string {
  const schema = z.toJSONSchema(resultSchema, { target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, title: 'runway result' }, null, 2)}\n`;
}
