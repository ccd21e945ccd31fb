import { type DistSpec, makeAffine, makeDistribution } from '../distributions/index.js';
import type { Scenario } from './schema.js';
import { parsePath } from './set.js';

/**
 * How `runway solve` moves one field: `add` x to it, `scale` it by x (x > 0), or `set` it to x.
 * A drawn quantity (a distribution) can be added to or scaled, path by path (each path keeps its
 * draw; the value moves); a plain number can also be set.
 */
export type How = 'add' | 'scale' | 'set';

export interface Varied {
  /** The field path as the user wrote it, normalised to `section[name].field`. */
  readonly path: string;
  readonly kind: 'distribution' | 'number';
  /** The field's current value: a number, or the distribution's median. */
  readonly current: number;
  /** A typical size of the field, for the first search step: |value|, or the larger of |median| and the half-width of the 90% range; 1 for 0. */
  readonly magnitude: number;
  /** Bounds of x that keep the field valid (probabilities in [0, 1], scales above 0). */
  readonly bounds: (how: How) => readonly [number, number];
  /** The scenario with the field moved by x. */
  readonly apply: (how: How, x: number) => Scenario;
}

/** Finds the field at `text` (dotted, `[i]`, `[name]`, or a list item's name as a plain segment). */
export function resolveVary(s: Scenario, text: string): { ok: true; varied: Varied } | { ok: false; error: string } {
  const segments = parsePath(text.trim());
  if (segments === undefined) return { ok: false, error: `expected a field path such as cash.initial, costs[inference].amount or events.bridge.amount (got ${JSON.stringify(text)})` };
  const keys: (string | number)[] = [];
  const shown: string[] = [];
  let node: unknown = s;
  for (let k = 0; k < segments.length; k++) {
    const seg = segments[k]!;
    if (Array.isArray(node)) {
      const list = node as { name?: string }[];
      const name = typeof seg === 'string' ? seg : 'name' in seg ? seg.name : undefined;
      const index = name !== undefined ? list.findIndex((item) => item.name === name) : (seg as { index: number }).index;
      if (index < 0 || index >= list.length) return { ok: false, error: `${shown.join('')} has no item ${name === undefined ? index : JSON.stringify(name)}` };
      keys.push(index);
      shown.push(`[${list[index]!.name ?? index}]`);
      node = list[index];
      continue;
    }
    if (typeof seg !== 'string' || typeof node !== 'object' || node === null || !Object.hasOwn(node, seg)) {
      return { ok: false, error: `${text}: no such field in the scenario` };
    }
    keys.push(seg);
    shown.push(shown.length === 0 ? seg : `.${seg}`);
    node = (node as Record<string, unknown>)[seg];
  }
  const path = shown.join('');
  const set = (value: unknown): Scenario => {
    const copy = structuredClone(s) as unknown as Record<string | number, unknown>;
    let at = copy;
    for (const key of keys.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
    at[keys[keys.length - 1]!] = value;
    return copy as unknown as Scenario;
  };
  if (typeof node === 'number') {
    if (/delay_days$/.test(path)) return { ok: false, error: `${path} is a whole number of days; vary an amount, a rate or a probability` };
    const current = node;
    const probability = /\.probability$/.test(path);
    return {
      ok: true,
      varied: {
        path,
        kind: 'number',
        current,
        magnitude: Math.abs(current) || 1,
        bounds: (how) => (how === 'scale' ? [Number.MIN_VALUE, Infinity] : probability ? (how === 'set' ? [0, 1] : [-current, 1 - current]) : [-Infinity, Infinity]),
        apply: (how, x) => set(how === 'set' ? x : how === 'add' ? current + x : current * x),
      },
    };
  }
  if (typeof node === 'object' && node !== null && typeof (node as { type?: unknown }).type === 'string') {
    const spec = node as DistSpec;
    const made = makeDistribution(spec);
    if (!made.ok) return { ok: false, error: `${path}: ${made.error}` };
    const base = made.dist;
    return {
      ok: true,
      varied: {
        path,
        kind: 'distribution',
        current: base.quantile(0.5),
        magnitude: Math.max(Math.abs(base.quantile(0.5)), (base.quantile(0.95) - base.quantile(0.05)) / 2) || 1,
        bounds: (how) => (how === 'scale' ? [Number.MIN_VALUE, Infinity] : [-Infinity, Infinity]),
        apply: (how, x) => {
          const moved = how === 'scale' ? makeAffine(base, x, 0) : makeAffine(base, 1, x);
          if (!moved.ok) throw new Error(`bug: ${moved.error}`);
          return set(moved.dist.spec);
        },
      },
    };
  }
  return { ok: false, error: `${path} is not a number or a distribution, so it cannot be varied` };
}
