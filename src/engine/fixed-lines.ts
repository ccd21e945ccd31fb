import { type Expr, constant } from '../model/expr.js';
import type { Plan } from '../model/plan.js';

const FIXED = new WeakMap<Plan, (Expr | undefined)[]>();

/**
 * The lines whose money is the same on every path, with the tree the kernel computes it by: a
 * tree that reads only constants, day tables and per-path inputs drawn from a constant (each then
 * written as that constant: the same double), with no exponential. The kernel computes such a
 * line once a day before its loop over the paths, not once a path, and keeps its money of the
 * month once (`Layout.monthFixed`), since every path's would be the same sum of the same doubles.
 * Per line, that tree, or undefined.
 */
export function fixedLines(plan: Plan): (Expr | undefined)[] {
  let fixed = FIXED.get(plan);
  if (fixed === undefined) {
    fixed = plan.lines.map((line) => fixedTree(plan, line.flow));
    FIXED.set(plan, fixed);
  }
  return fixed;
}

function fixedTree(plan: Plan, e: Expr): Expr | undefined {
  switch (e.kind) {
    case 'const':
    case 'day':
      return e;
    case 'input': {
      const spec = plan.inputs[e.input]!.spec;
      return spec?.type === 'constant' ? constant(spec.value) : undefined;
    }
    case 'binary': {
      const [a, b] = [fixedTree(plan, e.a), fixedTree(plan, e.b)];
      return a === undefined || b === undefined ? undefined : { ...e, a, b };
    }
    case 'choose': {
      const parts = [e.a, e.b, e.then, e.otherwise].map((x) => fixedTree(plan, x));
      if (parts.some((x) => x === undefined)) return undefined;
      const [a, b, then, otherwise] = parts as Expr[];
      return { ...e, a: a!, b: b!, then: then!, otherwise: otherwise! };
    }
    default:
      return undefined;
  }
}
