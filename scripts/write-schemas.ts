/** Regenerates the committed JSON Schemas from their zod definitions: `npm run schemas`. */
import { writeFileSync } from 'node:fs';
import { resultJsonSchema, sensitivityJsonSchema, solveJsonSchema } from '../src/analysis/result-json-schema.js';
import { scenarioJsonSchema } from '../src/scenario/json-schema.js';

writeFileSync('schema/result.schema.json', resultJsonSchema());
writeFileSync('schema/scenario.schema.json', scenarioJsonSchema());
writeFileSync('schema/sensitivity.schema.json', sensitivityJsonSchema());
writeFileSync('schema/solve.schema.json', solveJsonSchema());
