import { Command, Argument } from '@commander-js/extra-typings';
import { resultJsonSchema, sensitivityJsonSchema, solveJsonSchema } from '../../analysis/result-json-schema.js';
import { scenarioJsonSchema } from '../../scenario/json-schema.js';
import { type CliIo, EXIT } from '../io.js';

/** `runway schema [scenario|result]`: the JSON Schema of the scenario format or of the JSON result. */
export function schemaCommand(io: CliIo, setExit: (code: number) => void) {
  return new Command('schema')
    .description('print the JSON Schema of the scenario format (for editors) or of a JSON output (result, sensitivity, solve)')
    .addArgument(new Argument('[which]', 'which schema').choices(['scenario', 'result', 'sensitivity', 'solve']).default('scenario'))
    .action((which) => {
      io.stdout({ scenario: scenarioJsonSchema, result: resultJsonSchema, sensitivity: sensitivityJsonSchema, solve: solveJsonSchema }[which]());
      setExit(EXIT.ok);
    });
}
