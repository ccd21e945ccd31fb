import { fastExp } from './fast-exp.js';

/**
 * One line of the fused day loop, as the kernel needs it. `logScale` says which log-scale the
 * line's exponent starts from; `noise` is the array its normals were drawn into for the day.
 */
export interface KernelLine {
  readonly base: Float64Array;
  readonly growth: Float64Array | undefined;
  readonly growthStep: Float64Array | undefined;
  readonly gpuPriced: boolean;
  readonly logScale: 'none' | 'users' | 'served';
  readonly exponential: boolean;
  readonly sigma: number;
  readonly noise: Float64Array | undefined;
}

/** The block's state arrays the kernel reads and writes. */
export interface KernelState {
  readonly n: number;
  readonly logUsers: Float64Array;
  readonly drift: Float64Array;
  readonly userNoise: Float64Array;
  readonly regime: Int32Array;
  readonly gpuUniform: Float64Array;
  readonly outTotal: Float64Array;
  readonly outCumulative: Float64Array;
  readonly outTarget: Int32Array;
  readonly maxOut: number;
  readonly logCapacity: Float64Array;
  readonly priceFactor: Float64Array;
  readonly cash: Float64Array;
  readonly alive: Uint8Array;
  readonly atRuin: Float64Array;
  readonly lowest: Float64Array;
  readonly ruinStep: Int32Array;
  readonly flow: Float64Array;
}

/**
 * A day of the block in one pass over its paths: users and GPU regime, every line, then (with
 * `applyCash`) the cash and the end-of-day ruin check; without it, the day's line flows are left
 * in `flow` for the caller (days with event money, scenarios with cash-triggered events).
 * `params` holds per line, for the day: k = sign × period factor (0: inactive today), the
 * exponent's shift, and 1 if the growth factor steps today. Returns the paths ruined today.
 */
export type DayKernel = (t: number, userVolatility: number, params: Float64Array, applyCash: boolean) => number;

/**
 * Builds the fused day loop for a block's lines. The loop is generated as source text so that
 * each line's arithmetic is written out with no per-path dispatch (the number and kinds of lines
 * are only known from the scenario); it does, path by path and in the same order, exactly the
 * arithmetic of the step-by-step passes in `simulate-block.ts` (factors of exactly 1 left out,
 * which does not change a double), so both give the same numbers bit for bit (tested).
 */
export function buildDayKernel(state: KernelState, lines: readonly KernelLine[], options: { users: boolean; regimes: boolean }): DayKernel {
  const body: string[] = [];
  const bind: Record<string, unknown> = { ...state, fastExp };
  lines.forEach((line, L) => {
    bind[`base${L}`] = line.base;
    if (line.growthStep !== undefined) {
      bind[`growth${L}`] = line.growth;
      bind[`step${L}`] = line.growthStep;
    }
    if (line.noise !== undefined) bind[`noise${L}`] = line.noise;
  });
  const names = Object.keys(bind);
  const needsServed = lines.some((l) => l.logScale === 'served');
  const needsPrice = lines.some((l) => l.gpuPriced);
  body.push(`const { ${names.join(', ')} } = bound;`);
  body.push('return function day(t, v, params, applyCash) {');
  lines.forEach((_, L) => body.push(`  const k${L} = params[${3 * L}], shift${L} = params[${3 * L + 1}], grow${L} = params[${3 * L + 2}] === 1;`));
  body.push('  let ruined = 0;');
  body.push('  for (let i = 0; i < n; i++) {');
  body.push(options.users ? '    const logU = logUsers[i] + drift[i] + v * userNoise[i];\n    logUsers[i] = logU;' : '    const logU = logUsers[i];');
  if (options.regimes) {
    body.push(`    let state = regime[i];
    const draw = gpuUniform[i];
    if (draw < outTotal[state]) {
      for (let j = state * maxOut; ; j++) {
        if (draw < outCumulative[j]) {
          state = outTarget[j];
          break;
        }
      }
    }
    regime[i] = state;`);
  } else {
    body.push('    const state = regime[i];');
  }
  if (needsServed) body.push('    const logServed = logU + logCapacity[state];');
  if (needsPrice) body.push('    const price = priceFactor[state];');
  body.push('    let f = 0;');
  lines.forEach((line, L) => {
    if (line.growthStep !== undefined) body.push(`    if (grow${L}) growth${L}[i] = growth${L}[i] * step${L}[i];`);
    const factors = [`k${L}`, `base${L}[i]`];
    if (line.growthStep !== undefined) factors.push(`growth${L}[i]`);
    if (line.gpuPriced) factors.push('price');
    if (line.exponential) {
      const scale = line.logScale === 'users' ? 'logU + ' : line.logScale === 'served' ? 'logServed + ' : '';
      const noise = line.noise !== undefined ? `${line.sigma} * noise${L}[i] + ` : '';
      factors.push(`fastExp(${scale}${noise}shift${L})`);
    }
    body.push(`    if (k${L} !== 0) f = f + ${factors.join(' * ')};`);
  });
  body.push(`    if (!applyCash) {
      flow[i] = f;
      continue;
    }
    const c = cash[i] + f;
    cash[i] = c;
    if (alive[i] === 0) {
      if (c < lowest[i]) lowest[i] = c;
    } else if (c < 0) {
      alive[i] = 0;
      atRuin[i] = c;
      lowest[i] = c;
      ruinStep[i] = t;
      ruined++;
    }
  }
  return ruined;
};`);
  const source = body.join('\n');
  let factory = FACTORIES.get(source);
  if (factory === undefined) {
    factory = new Function('bound', source) as (bound: Record<string, unknown>) => DayKernel;
    FACTORIES.set(source, factory);
  }
  return factory(bind);
}

/**
 * Kernel factories by source text: every block of a run builds its kernel from the same factory,
 * so the closures share V8's type feedback and optimised code instead of being compiled anew for
 * each block.
 */
const FACTORIES = new Map<string, (bound: Record<string, unknown>) => DayKernel>();
