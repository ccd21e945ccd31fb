import { fastExp } from './fast-exp.js';
import { streamClose, streamOpen, uniformSource } from './xor4096.js';
import { type NormalState, ZIGGURAT_BINDINGS, normalBindings, normalClose, normalOpen, normalSource } from './ziggurat.js';

/**
 * One line of the fused day loop, as the kernel needs it. `logScale` says which log-scale the
 * line's exponent starts from; `noise` is the source of its daily normals.
 */
export interface KernelLine {
  readonly base: Float64Array;
  readonly growth: Float64Array | undefined;
  readonly growthStep: Float64Array | undefined;
  readonly gpuPriced: boolean;
  readonly logScale: 'none' | 'users' | 'served';
  readonly exponential: boolean;
  readonly sigma: number;
  readonly noise: NormalState | undefined;
  /** Whether the line pays every day (no day with a period factor of 0). */
  readonly alwaysActive: boolean;
}

/** The block's state arrays the kernel reads and writes. */
export interface KernelState {
  readonly n: number;
  readonly logUsers: Float64Array;
  readonly drift: Float64Array;
  /** The users' daily normals (with users). */
  readonly userStream: NormalState | undefined;
  readonly regime: Int32Array;
  /** The state of the GPU regime's stream (with more than one state). */
  readonly gpuStream: Int32Array | undefined;
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
 * which does not change a double), so both give the same numbers bit for bit (tested). The day's
 * random numbers are drawn inside the same loop, path by path, from each driver's own stream:
 * every stream still gives path i its i-th number of the day, as the step-by-step passes' filled
 * arrays do, without the arrays.
 */
export function buildDayKernel(state: KernelState, lines: readonly KernelLine[]): DayKernel {
  const body: string[] = [];
  const { userStream, gpuStream, ...arrays } = state;
  const bind: Record<string, unknown> = { ...arrays, fastExp, ...ZIGGURAT_BINDINGS };
  const normals: string[] = [];
  if (userStream !== undefined) {
    Object.assign(bind, normalBindings('users', userStream));
    normals.push('users');
  }
  if (gpuStream !== undefined) bind.gpuS = gpuStream;
  lines.forEach((line, L) => {
    bind[`base${L}`] = line.base;
    if (line.growthStep !== undefined) {
      bind[`growth${L}`] = line.growth;
      bind[`step${L}`] = line.growthStep;
    }
    if (line.noise !== undefined) {
      Object.assign(bind, normalBindings(`noise${L}`, line.noise));
      normals.push(`noise${L}`);
    }
  });
  const names = Object.keys(bind);
  const needsServed = lines.some((l) => l.logScale === 'served');
  const needsPrice = lines.some((l) => l.gpuPriced);
  // two loops, with and without the cash (no per-path test of which)
  const loop = (name: string, applyCash: boolean) => {
    body.push(`function ${name}(t, v, params, ${names.join(', ')}) {`);
    lines.forEach((_, L) => body.push(`  const k${L} = params[${3 * L}], shift${L} = params[${3 * L + 1}], grow${L} = params[${3 * L + 2}] === 1;`));
    for (const x of normals) body.push(`  ${normalOpen(x, 'n')}`);
    if (gpuStream !== undefined) body.push(`  ${streamOpen('gpu')}`);
    body.push('  let ruined = 0;');
    body.push('  for (let i = 0; i < n; i++) {');
    // the day's random numbers first (the generated code runs faster this way), then the model
    if (userStream !== undefined) body.push(`    ${normalSource('users', 'userNoise')}`);
    if (gpuStream !== undefined) body.push(`    ${uniformSource('gpu', 'draw')}`);
    lines.forEach((line, L) => {
      if (line.noise !== undefined) body.push(`    ${normalSource(`noise${L}`, `z${L}`)}`);
    });
    if (userStream !== undefined) body.push(`    const logU = logUsers[i] + drift[i] + v * userNoise;
    logUsers[i] = logU;`);
    else body.push('    const logU = logUsers[i];');
    if (gpuStream !== undefined) {
      body.push(`    let state = regime[i];
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
        const noise = line.noise !== undefined ? `${line.sigma} * z${L} + ` : '';
        factors.push(`fastExp(${scale}${noise}shift${L})`);
      }
      // a line with days off (k = 0) must add nothing those days, whatever its factors
      body.push(`    ${line.alwaysActive ? '' : `if (k${L} !== 0) `}f = f + ${factors.join(' * ')};`);
    });
    // the ruin check in one comparison for the common case: `lowest` is 0 until ruin, then the
    // lowest cash since (see simulate-block.ts)
    if (applyCash)
      body.push(`    const c = cash[i] + f;
    cash[i] = c;
    if (c < lowest[i]) {
      lowest[i] = c;
      if (alive[i] === 1) {
        alive[i] = 0;
        atRuin[i] = c;
        ruinStep[i] = t;
        ruined++;
      }
    }`);
    else body.push('    flow[i] = f;');
    body.push(`  }
  ${[...normals.map(normalClose), ...(gpuStream === undefined ? [] : [streamClose('gpu')])].join('\n  ')}
  return ruined;
}`);
  };
  loop('cashDay', true);
  loop('flowDay', false);
  // everything the loops use comes in as parameters: V8 optimises the loop over values it has as
  // parameters markedly better (~20% here) than over the same values destructured from an object
  // or read from the closure inside the function
  body.push(`const { ${names.join(', ')} } = bound;`);
  body.push(`return (t, v, params, applyCash) =>
  applyCash ? cashDay(t, v, params, ${names.join(', ')}) : flowDay(t, v, params, ${names.join(', ')});`);
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
