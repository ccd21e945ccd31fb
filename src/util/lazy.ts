/**
 * A value built on its first use: `const schema = lazy(() => z.object(…))`, then `schema()`
 * builds it once and returns the same value after. For the zod schemas that a command may never
 * need: built at start-up, the result, solve, sensitivity and shard-file schemas cost every
 * `runway simulate` ~8 ms.
 */
export function lazy<T>(build: () => T): () => T {
  let value: { readonly built: T } | undefined;
  return () => (value ??= { built: build() }).built;
}
