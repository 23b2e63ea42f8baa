/** Streaming part encryption (async wrapper over PartSealer). */
import { assertBytes } from './bytes.ts';
import type { PartHeader } from './header.ts';
import { PartSealer } from './part-sealer.ts';
import { assertByteSource, type ByteSource } from './source.ts';

/**
 * Encrypts one part. Consumes `content` pieces of any size and yields the chunk
 * ciphertexts (tag || ciphertext) in order; memory stays at ~2 chunks.
 *
 * Arguments are validated immediately (throws synchronously); a content length
 * different from header.size throws EnvelopeError('bad_input') from the
 * iterator - chunks yielded before that must be discarded by the caller.
 */
export function sealPartChunks(
  tipKey: Uint8Array,
  noncePrefix: Uint8Array,
  header: PartHeader,
  content: ByteSource,
): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  assertByteSource(content, 'content');
  return run(new PartSealer(tipKey, noncePrefix, header), content);
}

async function* run(sealer: PartSealer, content: ByteSource): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  try {
    for await (const piece of content) {
      assertBytes(piece, 'content piece');
      yield* sealer.write(piece);
    }
    yield* sealer.finish();
  } finally {
    // Runs on completion, error, or consumer break/return: wipe key copy and plaintext.
    sealer.dispose();
  }
}
