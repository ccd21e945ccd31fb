import { blameEntry, cholesky } from '../util/cholesky.js';
import type { Diagnostic } from '../util/diagnostic.js';
import { type InputSpec, perPathInputs } from './inputs.js';
import type { Scenario } from './schema.js';

/**
 * The scenario's correlations as one matrix: `inputs` (indices into `perPathInputs`), their
 * Spearman rank correlations `rank` (row-major k×k) and the normal correlations of the Gaussian
 * copula that give them, r = 2·sin(π·ρ/6) (Pearson 1907; exact for a Gaussian copula with
 * continuous marginals), with its Cholesky factor.
 */
export interface Correlation {
  readonly inputs: Int32Array;
  readonly rank: Float64Array;
  readonly normal: Float64Array;
  readonly factor: Float64Array;
}

export function normalCorrelation(rho: number): number {
  return 2 * Math.sin((Math.PI * rho) / 6);
}

/** Most inputs in `correlations` (the checks are cubic in their number). */
export const MAX_CORRELATED = 64;

type Located = { readonly rho: number; readonly path: (string | number)[] };

/**
 * Checks the scenario's `correlations` and builds the copula; problems (unknown or constant
 * inputs, a pair given twice, a matrix that is not square, symmetric or positive semi-definite)
 * come back as diagnostics at the field at fault, naming the pair.
 */
export function correlationOf(s: Scenario): { correlation: Correlation | undefined; problems: Diagnostic[] } {
  const problems: Diagnostic[] = [];
  const c = s.correlations;
  if (c === undefined) return { correlation: undefined, problems };
  const push = (path: (string | number)[], message: string, hint?: string) =>
    problems.push({ code: 'scenario.correlations', severity: 'error', path, message, ...(hint === undefined ? {} : { hint }) });
  const all = perPathInputs(s).list;
  const names: string[] = [];
  const entries = new Map<string, Located>();
  const indexOf = (name: string, path: (string | number)[]): number => {
    const at = all.findIndex((x) => x.name === name);
    if (at < 0) {
      push(path, `${JSON.stringify(name)} is not a per-path input of this scenario`, `inputs: ${all.filter((x) => x.varies).map((x) => x.name).join(', ')}`);
      return -1;
    }
    if (!all[at]!.varies) push(path, `${name} does not vary between paths, so it cannot be correlated`);
    if (!names.includes(name)) names.push(name);
    return names.indexOf(name);
  };
  const key = (i: number, j: number) => (i < j ? `${i},${j}` : `${j},${i}`);

  if (Array.isArray(c)) {
    c.forEach((pair, p) => {
      const i = indexOf(pair.between[0], ['correlations', p, 'between', 0]);
      const j = indexOf(pair.between[1], ['correlations', p, 'between', 1]);
      if (i < 0 || j < 0) return;
      if (i === j) return push(['correlations', p, 'between'], 'names the same input twice');
      if (entries.has(key(i, j))) return push(['correlations', p, 'between'], `the pair ${pair.between[0]}, ${pair.between[1]} is given twice`);
      entries.set(key(i, j), { rho: pair.rho, path: ['correlations', p, 'rho'] });
    });
  } else {
    const k = c.inputs.length;
    const index = c.inputs.map((name, i) => indexOf(name, ['correlations', 'inputs', i]));
    if (new Set(c.inputs).size !== k) push(['correlations', 'inputs'], 'names an input more than once');
    if (c.matrix.length !== k) push(['correlations', 'matrix'], `expected ${k} rows, one per input (got ${c.matrix.length})`);
    c.matrix.forEach((row, i) => {
      if (row.length !== k) return push(['correlations', 'matrix', i], `expected ${k} entries (got ${row.length})`);
      row.forEach((rho, j) => {
        const path = ['correlations', 'matrix', i, j];
        if (i === j && rho !== 1) push(path, `the diagonal must be 1 (got ${rho})`);
        if (j < i && i < c.matrix.length && c.matrix[j]!.length === k && c.matrix[j]![i] !== rho) {
          push(path, `the matrix must be symmetric: ${c.inputs[i]}, ${c.inputs[j]} is ${rho} here but ${c.matrix[j]![i]} at [${j}][${i}]`);
        }
        if (j > i && index[i]! >= 0 && index[j]! >= 0) entries.set(key(index[i]!, index[j]!), { rho, path });
      });
    });
  }
  if (names.length > MAX_CORRELATED) push(['correlations'], `at most ${MAX_CORRELATED} inputs can be correlated (got ${names.length})`);
  if (problems.length > 0 || names.length === 0) return { correlation: undefined, problems };

  const k = names.length;
  const rank = new Float64Array(k * k);
  const normal = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    rank[i * k + i] = 1;
    normal[i * k + i] = 1;
  }
  for (const [pair, { rho }] of entries) {
    const [i, j] = pair.split(',').map(Number) as [number, number];
    rank[i * k + j] = rank[j * k + i] = rho;
    normal[i * k + j] = normal[j * k + i] = normalCorrelation(rho);
  }
  const chol = cholesky(normal, k);
  if (!chol.ok) {
    const j = chol.row;
    const i = chol.row === chol.column ? blameEntry(normal, k, j) : chol.column;
    const located = entries.get(key(i, j));
    push(
      located?.path ?? ['correlations'],
      `not a valid correlation matrix (not positive semi-definite): the correlation of ${names[i]} and ${names[j]}${located === undefined ? ' (0)' : ` (${located.rho})`} is inconsistent with the others`,
    );
    return { correlation: undefined, problems };
  }
  const inputs = Int32Array.from(names, (name) => all.findIndex((x: InputSpec) => x.name === name));
  return { correlation: { inputs, rank, normal, factor: chol.factor }, problems };
}
