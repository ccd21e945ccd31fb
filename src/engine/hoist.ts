import type { Expr } from '../model/expr.js';
import type { Plan } from '../model/plan.js';

/**
 * What the kernel computes in a pass of its own: the exponentials of the lines' money (each
 * outermost `exp` of a line's tree, in line order). An exponential is a long chain of dependent
 * arithmetic; one per path and line inside the day's loop left the processor waiting on it, while
 * a loop that does nothing but exponentials over a block's paths keeps several in flight.
 */
export function hoistedExps(plan: Plan): Expr[] {
  return plan.lines.flatMap((line) => outerExps(line.flow));
}

/** The `exp` nodes of a tree that are not inside another `exp`, in tree order. */
export function outerExps(tree: Expr): Expr[] {
  if (tree.kind === 'exp') return [tree];
  if (tree.kind === 'binary') return [...outerExps(tree.a), ...outerExps(tree.b)];
  if (tree.kind === 'choose') return [tree.a, tree.b, tree.then, tree.otherwise].flatMap(outerExps);
  return [];
}

/** Streams whose normals a line uses outside its exponentials: kept from the first pass for the second. */
export function normalsOutsideExps(plan: Plan): number[] {
  const streams = new Set<number>();
  const visit = (e: Expr): void => {
    if (e.kind === 'normal') streams.add(e.stream);
    else if (e.kind === 'binary') {
      visit(e.a);
      visit(e.b);
    } else if (e.kind === 'choose') [e.a, e.b, e.then, e.otherwise].forEach(visit);
  };
  for (const line of plan.lines) visit(line.flow);
  return [...streams].sort((a, b) => a - b);
}
