/**
 * The model's arithmetic as plain data: every per-path quantity of a simulated day (a line's
 * money, a driver's next value) is an expression tree over a few kinds of leaves. The model layer
 * builds the trees (`compile.ts`) so that they read like the formulas in the documentation; the
 * engine turns them into its one day loop (`engine/kernel.ts`) and nothing else computes them.
 *
 * Leaves:
 * - `const`: a number;
 * - `input`: a per-path draw (drawn once per path, `plan.inputs[input]`);
 * - `state`: a per-path state's value (`plan.states[state]`), as updated so far today;
 * - `day`: today's entry of a day table (`plan.tables[table][t]`), the same for every path;
 * - `normal`: today's standard normal of a noise stream (`plan.streams[stream]`), one per path and day;
 * - `regime`: a per-state value of a Markov chain (`plan.chains[chain].values[table]` at the path's state);
 * - `line`: the money of an earlier line of the day (`plan.lines[line]`), as it is added to cash.
 *
 * Every operation is IEEE double arithmetic in the order the tree gives (no reassociation, no
 * fused multiply-add), so a tree means one number, bit for bit, wherever it is evaluated. `exp` is
 * e^x to within 2 ulp (the engine's polynomial); `pow` is the platform's (used only per path).
 *
 * @example
 * // amount × period factor × e^(σZ − σ²/2)
 * product([day(0), input(3), exp(sum([mul(constant(0.1), normal(0)), constant(-0.005)]))])
 */
export type Expr =
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'input'; readonly input: number }
  | { readonly kind: 'state'; readonly state: number }
  | { readonly kind: 'day'; readonly table: number }
  | { readonly kind: 'normal'; readonly stream: number }
  | { readonly kind: 'regime'; readonly chain: number; readonly table: number }
  | { readonly kind: 'line'; readonly line: number }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly a: Expr; readonly b: Expr }
  | { readonly kind: 'exp'; readonly x: Expr }
  /** `then` where `a < b` (or `a <= b`), else `otherwise`. */
  | { readonly kind: 'choose'; readonly test: 'lt' | 'le'; readonly a: Expr; readonly b: Expr; readonly then: Expr; readonly otherwise: Expr };

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'min' | 'max';

export const constant = (value: number): Expr => ({ kind: 'const', value });
export const input = (index: number): Expr => ({ kind: 'input', input: index });
export const state = (index: number): Expr => ({ kind: 'state', state: index });
export const day = (table: number): Expr => ({ kind: 'day', table });
export const normal = (stream: number): Expr => ({ kind: 'normal', stream });
export const regime = (chain: number, table: number): Expr => ({ kind: 'regime', chain, table });
export const line = (index: number): Expr => ({ kind: 'line', line: index });
export const exp = (x: Expr): Expr => ({ kind: 'exp', x });

const binary = (op: BinaryOp) => (a: Expr, b: Expr): Expr => ({ kind: 'binary', op, a, b });
export const add = binary('add');
export const sub = binary('sub');
export const mul = binary('mul');
export const div = binary('div');
export const pow = binary('pow');
export const min = binary('min');
export const max = binary('max');

/** `then` if a < b, else `otherwise`. */
export const ifLess = (a: Expr, b: Expr, then: Expr, otherwise: Expr): Expr => ({ kind: 'choose', test: 'lt', a, b, then, otherwise });
/** `then` if a <= b, else `otherwise`. */
export const ifAtMost = (a: Expr, b: Expr, then: Expr, otherwise: Expr): Expr => ({ kind: 'choose', test: 'le', a, b, then, otherwise });

/** a₁ + a₂ + … left to right, leaving out the missing terms (the empty sum is 0). */
export function sum(terms: readonly (Expr | undefined)[]): Expr {
  return fold(terms, add, 0);
}

/** a₁ × a₂ × … left to right, leaving out the missing factors (the empty product is 1). */
export function product(factors: readonly (Expr | undefined)[]): Expr {
  return fold(factors, mul, 1);
}

function fold(items: readonly (Expr | undefined)[], op: (a: Expr, b: Expr) => Expr, empty: number): Expr {
  const present = items.filter((x): x is Expr => x !== undefined);
  if (present.length === 0) return constant(empty);
  return present.slice(1).reduce(op, present[0]!);
}

/** Whether a tree is the same for every path on a given day (only constants and day tables). */
export function isDayUniform(e: Expr): boolean {
  switch (e.kind) {
    case 'const':
    case 'day':
      return true;
    case 'binary':
      return isDayUniform(e.a) && isDayUniform(e.b);
    case 'exp':
      return isDayUniform(e.x);
    case 'choose':
      return isDayUniform(e.a) && isDayUniform(e.b) && isDayUniform(e.then) && isDayUniform(e.otherwise);
    default:
      return false;
  }
}

/** Calls `visit` on every node of the tree, parents before children. */
export function walk(e: Expr, visit: (node: Expr) => void): void {
  visit(e);
  if (e.kind === 'binary') {
    walk(e.a, visit);
    walk(e.b, visit);
  } else if (e.kind === 'exp') walk(e.x, visit);
  else if (e.kind === 'choose') for (const child of [e.a, e.b, e.then, e.otherwise]) walk(child, visit);
}
