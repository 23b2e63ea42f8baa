/** Streaming part decryption (async wrapper over PartOpener). */
import { fail } from './errors.ts';
import type { PartHeader } from './header.ts';
import { PartOpener } from './part-opener.ts';
import { assertByteSource, closeQuietly, iteratorOf, nextBytes, type ByteIterator, type ByteSource } from './source.ts';

export interface OpenedPart {
  header: PartHeader;
  /**
   * Content bytes (views into decrypted chunks). Must be consumed to the end:
   * the final checks (final chunk, exact length, zero padding, no extra chunk)
   * throw from this iterator, and only normal completion proves the part intact.
   */
  content: AsyncGenerator<Uint8Array>;
}

/**
 * Decrypts one part given its nonce prefix and expected chunk count (from the
 * server's length check: chunkCount(paddedSizeFromCiphertextLength(T))).
 * Resolves once the authenticated header is known; content then streams
 * chunk by chunk. Errors are EnvelopeError with a specific code.
 */
export async function openPartChunks(
  tipKey: Uint8Array,
  noncePrefix: Uint8Array,
  chunkCount: number,
  chunks: ByteSource,
): Promise<OpenedPart> {
  assertByteSource(chunks, 'chunks');
  const opener = new PartOpener(tipKey, noncePrefix, chunkCount);
  const iterator = iteratorOf(chunks);
  const pending: Uint8Array[] = []; // content already decrypted while looking for the header
  try {
    while (opener.header === null) {
      const view = await pull(opener, iterator);
      if (view.length > 0) pending.push(view);
    }
  } catch (error) {
    opener.dispose();
    await closeQuietly(iterator);
    throw error;
  }
  return { header: opener.header, content: streamContent(opener, iterator, pending) };
}

/**
 * Decrypts the next chunk. When it was the final one, first makes sure the
 * source has nothing more, so the last content bytes are released only after
 * every check has passed.
 */
async function pull(opener: PartOpener, iterator: ByteIterator): Promise<Uint8Array> {
  const box = await nextBytes(iterator, 'chunk');
  if (box === null) {
    opener.end(); // throws 'truncated'
    return fail('truncated');
  }
  const view = opener.push(box);
  if (opener.done && (await nextBytes(iterator, 'chunk')) !== null) {
    fail('extra_chunk', 'chunks continue after the final chunk');
  }
  return view;
}

async function* streamContent(
  opener: PartOpener,
  iterator: ByteIterator,
  pending: Uint8Array[],
): AsyncGenerator<Uint8Array> {
  let finished = false;
  try {
    while (pending.length > 0) yield pending.shift()!;
    while (!opener.done) {
      const view = await pull(opener, iterator);
      if (view.length > 0) yield view;
    }
    finished = true;
  } finally {
    opener.dispose();
    if (!finished) await closeQuietly(iterator);
  }
}
