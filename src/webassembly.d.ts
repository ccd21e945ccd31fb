/**
 * The part of the WebAssembly JavaScript API the day kernel uses. Node.js 20 has it as a global,
 * but @types/node 20 does not declare it (TypeScript's lib.dom does; runway does not load DOM types).
 */
declare namespace WebAssembly {
  function validate(bytes: Uint8Array): boolean;
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
}
