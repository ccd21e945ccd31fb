/**
 * A small WebAssembly binary writer for the day kernel (`kernel.ts`): one module with an
 * imported memory, imported functions and exported functions, written straight to bytes as the
 * format specifies (WebAssembly Core Specification 1.0, §5 "Binary Format"). It covers only the
 * instructions the kernels use (this day kernel, and the quickselect of
 * `analysis/order-statistics.ts`). binaryen's builder and optimiser (version 132, measured here)
 * take ~0.9 s to load in each process and thread and ~0.1 s to optimise even a one-loop function,
 * more than a whole run of most scenarios; V8 optimises the kernel itself when it compiles it.
 * Writing the few opcodes here costs nothing.
 *
 * @example
 * const m = new ModuleWriter();
 * const f = m.func('twice', [F64], [F64]);
 * f.get(0).f64(2).op('f64.mul');
 * new WebAssembly.Instance(new WebAssembly.Module(m.bytes()), { env: { memory } }).exports.twice(21); // 42
 */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F64 = 0x7c;
export const V128 = 0x7b;
type ValType = typeof I32 | typeof I64 | typeof F64 | typeof V128;

/** Opcodes without immediates, by their text-format names. */
const PLAIN = {
  return: 0x0f,
  select: 0x1b,
  'i32.eqz': 0x45,
  'i32.eq': 0x46,
  'i32.ne': 0x47,
  'i32.lt_s': 0x48,
  'i32.lt_u': 0x49,
  'i32.gt_s': 0x4a,
  'i32.gt_u': 0x4b,
  'i32.le_s': 0x4c,
  'i32.ge_s': 0x4e,
  'i32.ge_u': 0x4f,
  'i64.lt_u': 0x54,
  'i64.gt_u': 0x56,
  'f64.eq': 0x61,
  'f64.ne': 0x62,
  'f64.lt': 0x63,
  'f64.gt': 0x64,
  'f64.le': 0x65,
  'f64.ge': 0x66,
  'i32.add': 0x6a,
  'i32.sub': 0x6b,
  'i32.mul': 0x6c,
  'i32.div_u': 0x6e,
  'i32.and': 0x71,
  'i32.or': 0x72,
  'i32.xor': 0x73,
  'i32.shl': 0x74,
  'i32.shr_s': 0x75,
  'i32.shr_u': 0x76,
  'i64.or': 0x84,
  'i64.xor': 0x85,
  'i64.shr_s': 0x87,
  'f64.abs': 0x99,
  'f64.neg': 0x9a,
  'f64.floor': 0x9c,
  'f64.sqrt': 0x9f,
  'f64.add': 0xa0,
  'f64.sub': 0xa1,
  'f64.mul': 0xa2,
  'f64.div': 0xa3,
  'f64.min': 0xa4,
  'f64.max': 0xa5,
  'f64.copysign': 0xa6,
  'i32.trunc_f64_s': 0xaa,
  'f64.convert_i32_s': 0xb7,
  'f64.convert_i32_u': 0xb8,
} as const;
export type PlainOp = keyof typeof PLAIN;

/** 128-bit SIMD opcodes without immediates (after the 0xfd prefix): four 32-bit or two 64-bit lanes. */
const SIMD = {
  'i32x4.splat': 0x11,
  'i64x2.splat': 0x12,
  'f64x2.splat': 0x14,
  'i32x4.eq': 0x37,
  'f64x2.lt': 0x49,
  'f64x2.le': 0x4b,
  'v128.and': 0x4e,
  'v128.or': 0x50,
  'v128.xor': 0x51,
  'v128.bitselect': 0x52,
  'v128.any_true': 0x53,
  'i32x4.shl': 0xab,
  'i32x4.shr_s': 0xac,
  'i32x4.shr_u': 0xad,
  'i32x4.add': 0xae,
  'i32x4.sub': 0xb1,
  'i64x2.all_true': 0xc3,
  'i64x2.extend_low_i32x4_s': 0xc7,
  'i64x2.shl': 0xcb,
  'i64x2.shr_s': 0xcc,
  'i64x2.add': 0xce,
  'i64x2.sub': 0xd1,
  'i64x2.eq': 0xd6,
  'i64x2.lt_s': 0xd8,
  'i64x2.gt_s': 0xd9,
  'i64x2.ge_s': 0xdb,
  'f64x2.abs': 0xec,
  'f64x2.neg': 0xed,
  'f64x2.sqrt': 0xef,
  'f64x2.add': 0xf0,
  'f64x2.sub': 0xf1,
  'f64x2.mul': 0xf2,
  'f64x2.div': 0xf3,
  'f64x2.min': 0xf4,
  'i32x4.trunc_sat_f64x2_s_zero': 0xfc,
  'f64x2.convert_low_i32x4_s': 0xfe,
} as const;
export type SimdOp = keyof typeof SIMD;

/** Memory access opcodes and their natural alignment (log2 bytes). */
const MEMORY = {
  'i32.load': [0x28, 2],
  'i64.load': [0x29, 3],
  'f64.load': [0x2b, 3],
  'i32.load8_u': [0x2d, 0],
  'i32.store': [0x36, 2],
  'i64.store': [0x37, 3],
  'f64.store': [0x39, 3],
  'i32.store8': [0x3a, 0],
} as const;
export type MemoryOp = keyof typeof MEMORY;

function unsignedLeb(value: number, out: number[]): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`bug: ${value} is not a u32`);
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
}

function signedLeb(value: number, out: number[]): void {
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) throw new Error(`bug: ${value} is not an i32`);
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

function name(text: string, out: number[]): void {
  const bytes = new TextEncoder().encode(text);
  unsignedLeb(bytes.length, out);
  out.push(...bytes);
}

/**
 * A function body being written, instruction by instruction (stack machine order). Locals are
 * numbered after the parameters; `local` declares one.
 */
export class FunctionWriter {
  readonly code: number[] = [];
  private readonly locals: ValType[] = [];
  /** The enclosing blocks, loops and ifs, innermost last, by the names they were opened with. */
  private readonly labels: (string | undefined)[] = [];

  /** @param index the function's index in its module (for `call`) */
  constructor(
    readonly params: readonly ValType[],
    readonly index: number,
  ) {}

  /** Declares a local of type `type` and returns its index. */
  local(type: ValType): number {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  op(name: PlainOp): this {
    this.code.push(PLAIN[name]);
    return this;
  }

  /** A SIMD instruction on four 32-bit lanes. */
  simd(name: SimdOp): this {
    this.code.push(0xfd);
    unsignedLeb(SIMD[name], this.code);
    return this;
  }

  /** i8x16.shuffle of the two v128 on the stack: byte k of the result is byte bytes[k] of their 32 bytes. */
  shuffle(bytes: readonly number[]): this {
    if (bytes.length !== 16 || bytes.some((b) => !Number.isInteger(b) || b < 0 || b > 31)) throw new Error(`bug: shuffle ${bytes.join(',')}`);
    this.code.push(0xfd, 0x0d, ...bytes);
    return this;
  }

  /** Lane `lane` (0–3) of the i32x4 on the stack. */
  extractLane(lane: number): this {
    if (!Number.isInteger(lane) || lane < 0 || lane > 3) throw new Error(`bug: lane ${lane}`);
    this.code.push(0xfd, 0x1b, lane);
    return this;
  }

  /** Lane `lane` (0–1) of the f64x2 on the stack, or (`replace`) the f64x2 with that lane set to the f64 on top. */
  f64Lane(lane: number, replace = false): this {
    if (lane !== 0 && lane !== 1) throw new Error(`bug: lane ${lane}`);
    this.code.push(0xfd, replace ? 0x22 : 0x21, lane);
    return this;
  }

  /** A 128-bit load or store (16-byte alignment hint) at the address on the stack plus `offset`. */
  v128(name: 'load' | 'store', offset: number): this {
    this.code.push(0xfd);
    unsignedLeb(name === 'load' ? 0x00 : 0x0b, this.code);
    unsignedLeb(4, this.code);
    unsignedLeb(offset, this.code);
    return this;
  }

  get(index: number): this {
    this.code.push(0x20);
    unsignedLeb(index, this.code);
    return this;
  }

  /** Sets local `index` and leaves the value on the stack. */
  tee(index: number): this {
    this.code.push(0x22);
    unsignedLeb(index, this.code);
    return this;
  }

  set(index: number): this {
    this.code.push(0x21);
    unsignedLeb(index, this.code);
    return this;
  }

  /** An i32 constant: a whole number in [−2^31, 2^32) (from 2^31 up, the same bits as unsigned). */
  i32(value: number): this {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0xffffffff) throw new Error(`bug: ${value} is not an i32`);
    this.code.push(0x41);
    signedLeb(value | 0, this.code);
    return this;
  }

  /** An i64 constant: a whole number in [−2^63, 2^63). */
  i64(value: bigint): this {
    if (value < -(1n << 63n) || value >= 1n << 63n) throw new Error(`bug: ${value} is not an i64`);
    this.code.push(0x42);
    for (;;) {
      const byte = Number(value & 0x7fn);
      value >>= 7n;
      if ((value === 0n && (byte & 0x40) === 0) || (value === -1n && (byte & 0x40) !== 0)) {
        this.code.push(byte);
        return this;
      }
      this.code.push(byte | 0x80);
    }
  }

  /** An f64 constant, bit for bit (little-endian IEEE 754). */
  f64(value: number): this {
    this.code.push(0x44, ...new Uint8Array(Float64Array.of(value).buffer));
    return this;
  }

  /** A load or store at the address on the stack plus `offset` (a constant byte address). */
  memory(name: MemoryOp, offset: number): this {
    const [opcode, align] = MEMORY[name];
    this.code.push(opcode);
    unsignedLeb(align, this.code);
    unsignedLeb(offset, this.code);
    return this;
  }

  call(func: number): this {
    this.code.push(0x10);
    unsignedLeb(func, this.code);
    return this;
  }

  /** `if` whose branches leave one value of `type` (both must be written, with `else`). */
  ifValue(type: ValType): this {
    this.code.push(0x04, type);
    this.labels.push(undefined);
    return this;
  }

  /** `block`, `loop` and `if` with no result, optionally named for `br`; `end` closes them. */
  block(label?: string): this {
    this.code.push(0x02, 0x40);
    this.labels.push(label);
    return this;
  }

  loop(label?: string): this {
    this.code.push(0x03, 0x40);
    this.labels.push(label);
    return this;
  }

  if(label?: string): this {
    this.code.push(0x04, 0x40);
    this.labels.push(label);
    return this;
  }

  else(): this {
    this.code.push(0x05);
    return this;
  }

  end(): this {
    if (this.labels.length === 0) throw new Error('bug: end without a block');
    this.labels.pop();
    this.code.push(0x0b);
    return this;
  }

  /**
   * Branch (`br`) or conditional branch (`br_if`) to an enclosing block, loop or if: `depth`
   * levels out (0: the innermost), or the innermost one opened with that name. Branching to a
   * loop continues it; to a block or if, leaves it.
   */
  br(target: number | string): this {
    this.code.push(0x0c);
    unsignedLeb(this.depth(target), this.code);
    return this;
  }

  brIf(target: number | string): this {
    this.code.push(0x0d);
    unsignedLeb(this.depth(target), this.code);
    return this;
  }

  private depth(target: number | string): number {
    if (typeof target === 'number') return target;
    const at = this.labels.lastIndexOf(target);
    if (at < 0) throw new Error(`bug: no enclosing ${target}`);
    return this.labels.length - 1 - at;
  }

  /** The body as the code section holds it: locals (one entry per local), instructions, end. */
  encode(): number[] {
    if (this.labels.length > 0) throw new Error(`bug: ${this.labels.length} blocks left open`);
    const out: number[] = [];
    unsignedLeb(this.locals.length, out);
    for (const type of this.locals) out.push(1, type);
    for (const byte of this.code) out.push(byte);
    out.push(0x0b);
    const sized: number[] = [];
    unsignedLeb(out.length, sized);
    return sized.concat(out);
  }
}

interface FunctionEntry {
  readonly type: number;
  readonly exportName: string;
  readonly body: FunctionWriter;
}

/**
 * A module: one memory imported as env.memory, functions imported from env (numbered first),
 * then the functions written here, each exported under its name.
 */
export class ModuleWriter {
  private readonly types: string[] = [];
  private readonly imports: { name: string; type: number }[] = [];
  private readonly functions: FunctionEntry[] = [];

  private typeIndex(params: readonly ValType[], results: readonly ValType[]): number {
    const key = `${params.join(',')}>${results.join(',')}`;
    let index = this.types.indexOf(key);
    if (index < 0) index = this.types.push(key) - 1;
    return index;
  }

  /** Imports env[name]; returns its function index. Imports must come before `func`. */
  importFunc(name: string, params: readonly ValType[], results: readonly ValType[]): number {
    if (this.functions.length > 0) throw new Error('bug: imports go before the functions');
    this.imports.push({ name, type: this.typeIndex(params, results) });
    return this.imports.length - 1;
  }

  /** A new exported function; write its body into the returned writer. */
  func(exportName: string, params: readonly ValType[], results: readonly ValType[]): FunctionWriter {
    const body = new FunctionWriter(params, this.imports.length + this.functions.length);
    this.functions.push({ type: this.typeIndex(params, results), exportName, body });
    return body;
  }

  bytes(): Uint8Array {
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const section = (id: number, items: number[][]) => {
      const content: number[] = [];
      unsignedLeb(items.length, content);
      for (const item of items) for (const byte of item) content.push(byte);
      out.push(id);
      unsignedLeb(content.length, out);
      for (const byte of content) out.push(byte);
    };
    section(
      1,
      this.types.map((key) => {
        const [params, results] = key.split('>').map((s) => (s === '' ? [] : s.split(',').map(Number)));
        const item = [0x60];
        unsignedLeb(params!.length, item);
        item.push(...params!);
        unsignedLeb(results!.length, item);
        item.push(...results!);
        return item;
      }),
    );
    const imports = this.imports.map(({ name: field, type }) => {
      const item: number[] = [];
      name('env', item);
      name(field, item);
      item.push(0x00);
      unsignedLeb(type, item);
      return item;
    });
    const memory: number[] = [];
    name('env', memory);
    name('memory', memory);
    memory.push(0x02, 0x00, 0x00); // memory, limits: minimum 0 pages, no maximum
    section(2, [...imports, memory]);
    section(
      3,
      this.functions.map((f) => {
        const item: number[] = [];
        unsignedLeb(f.type, item);
        return item;
      }),
    );
    section(
      7,
      this.functions.map((f, k) => {
        const item: number[] = [];
        name(f.exportName, item);
        item.push(0x00);
        unsignedLeb(this.imports.length + k, item);
        return item;
      }),
    );
    section(
      10,
      this.functions.map((f) => f.body.encode()),
    );
    // the name section: profilers and stack traces show `day` rather than wasm-function[12]
    const names: number[] = [];
    name('name', names);
    const functionNames: number[] = [];
    const all = [...this.imports.map((i) => i.name), ...this.functions.map((f) => f.exportName)];
    unsignedLeb(all.length, functionNames);
    all.forEach((text, k) => {
      unsignedLeb(k, functionNames);
      name(text, functionNames);
    });
    names.push(1);
    unsignedLeb(functionNames.length, names);
    names.push(...functionNames);
    out.push(0);
    unsignedLeb(names.length, out);
    out.push(...names);
    return Uint8Array.from(out);
  }
}
