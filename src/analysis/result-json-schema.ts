import { z } from 'zod';
import { resultSchema } from './result.js';
import { sensitivitySchema } from './sensitivity.js';
import { solveSchema } from './solve.js';

/** The JSON Schema (draft 2020-12) of the Result, as committed in `schema/result.schema.json`. */
export function resultJsonSchema(): string {
  const schema = z.toJSONSchema(resultSchema(), { target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, title: 'runway result' }, null, 2)}\n`;
}

/** The JSON Schemas of `runway sensitivity --format json` and `runway solve --format json`. */
export function sensitivityJsonSchema(): string {
  return `${JSON.stringify({ ...z.toJSONSchema(sensitivitySchema(), { target: 'draft-2020-12' }), title: 'runway sensitivity result' }, null, 2)}\n`;
}

export function solveJsonSchema(): string {
  return `${JSON.stringify({ ...z.toJSONSchema(solveSchema(), { target: 'draft-2020-12' }), title: 'runway solve result' }, null, 2)}\n`;
}
