/** Uniform pulling from sync or async byte iterables (chunk streams, content streams). */
import { assertBytes } from './bytes.ts';
import { fail } from './errors.ts';

export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
export type ByteIterator = AsyncIterator<Uint8Array> | Iterator<Uint8Array>;

export function assertByteSource(source: unknown, name: string): asserts source is ByteSource {
  const s = source as { [Symbol.asyncIterator]?: unknown; [Symbol.iterator]?: unknown } | null;
  if (
    typeof s !== 'object' ||
    s === null ||
    (typeof s[Symbol.asyncIterator] !== 'function' && typeof s[Symbol.iterator] !== 'function')
  ) {
    fail('bad_input', `${name} must be an Iterable or AsyncIterable of Uint8Array`);
  }
}

export function iteratorOf(source: ByteSource): ByteIterator {
  return Symbol.asyncIterator in source
    ? (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
    : (source as Iterable<Uint8Array>)[Symbol.iterator]();
}

/** Next element, or null at the end. Awaiting also works for sync iterators. */
export async function nextBytes(iterator: ByteIterator, name: string): Promise<Uint8Array | null> {
  const result = await iterator.next();
  if (result.done === true) return null;
  assertBytes(result.value, name);
  return result.value;
}

/** Lets the producer release resources when we stop early; its own errors are irrelevant then. */
export async function closeQuietly(iterator: ByteIterator): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // ignored: we are already failing or finished
  }
}
