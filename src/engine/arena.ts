/**
 * Where a block's typed arrays live. `HEAP` gives ordinary arrays; an `Arena` gives views into
 * one WebAssembly memory, so that the WebAssembly day kernel reads and writes the same arrays the
 * rest of the block uses in JavaScript, each at a fixed address (its `byteOffset`).
 */
export interface Allocator {
  /** A zeroed array of `length` elements; `capacity` (≥ length) elements of room are reserved. */
  f64(length: number, capacity?: number): Float64Array;
  i32(length: number, capacity?: number): Int32Array;
  u8(length: number, capacity?: number): Uint8Array;
}

export const HEAP: Allocator = {
  f64: (length) => new Float64Array(length),
  i32: (length) => new Int32Array(length),
  u8: (length) => new Uint8Array(length),
};

const PAGE = 65536;
/** Every allocation starts on a cache line. */
const ALIGN = 64;

/**
 * A bump allocator over one WebAssembly memory, reset for each block. What is allocated before
 * `keep()` (the kernel's constant tables) stays; `begin(bytes)` starts a block's allocations after
 * it with room for `bytes`. The memory only grows inside `begin`, before the block's arrays exist,
 * because growing detaches every view made before.
 */
export class Arena implements Allocator {
  readonly memory = new WebAssembly.Memory({ initial: 1 });
  private base = 0;
  private top = 0;
  private limit = 0;

  /** Starts a fresh set of allocations with room for `bytes` (views from before become garbage). */
  begin(bytes: number): void {
    this.top = this.base;
    this.limit = this.base + bytes;
    const missing = this.limit - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / PAGE));
  }

  /** Keeps what is allocated so far across later `begin`s. */
  keep(): void {
    this.base = this.top;
  }

  f64(length: number, capacity = length): Float64Array {
    return new Float64Array(this.memory.buffer, this.take(8 * Math.max(length, capacity)), length);
  }

  i32(length: number, capacity = length): Int32Array {
    return new Int32Array(this.memory.buffer, this.take(4 * Math.max(length, capacity)), length);
  }

  u8(length: number, capacity = length): Uint8Array {
    return new Uint8Array(this.memory.buffer, this.take(Math.max(length, capacity)), length);
  }

  /** `bytes` zeroed bytes at an aligned address. */
  private take(bytes: number): number {
    const at = Math.ceil(this.top / ALIGN) * ALIGN;
    if (at + bytes > this.limit) throw new Error(`bug: the arena has room for ${this.limit - this.base} bytes, a block asked for more`);
    this.top = at + bytes;
    new Uint8Array(this.memory.buffer, at, bytes).fill(0);
    return at;
  }

  /** Bytes a set of allocations of these sizes needs at most (alignment included). */
  static bytesFor(sizes: readonly number[]): number {
    return sizes.reduce((sum, bytes) => sum + bytes + ALIGN, 0);
  }
}
