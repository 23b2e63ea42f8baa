/**
 * Convenience for small in-memory parts (the tip's text message): one call to
 * seal to the serialized form, one to open it. Same format as streamed parts.
 */
import { concatBytes } from './bytes.ts';
import { fail } from './errors.ts';
import { newNoncePrefix } from './nonce.ts';
import { PartOpener } from './part-opener.ts';
import { PartSealer } from './part-sealer.ts';
import { parseSerializedPart, serializePart } from './serialize.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Seals `text` (UTF-8) as a {"kind":"message"} part with a fresh nonce prefix: 0x01 || prefix || chunks. */
export function sealMessage(tipKey: Uint8Array, text: string): Uint8Array<ArrayBuffer> {
  if (typeof text !== 'string') fail('bad_input', 'text must be a string');
  const content = encoder.encode(text);
  const noncePrefix = newNoncePrefix();
  const sealer = new PartSealer(tipKey, noncePrefix, { kind: 'message', size: content.length });
  try {
    const chunks = [...sealer.write(content), ...sealer.finish()];
    return serializePart(noncePrefix, chunks);
  } finally {
    sealer.dispose();
    content.fill(0);
  }
}

/**
 * Opens a serialized message part. Async for API symmetry with streamed parts
 * (the work itself is synchronous). A file part here is 'bad_header'; content
 * that is not valid UTF-8 is 'bad_input'.
 */
export async function openMessage(tipKey: Uint8Array, serializedPart: Uint8Array): Promise<string> {
  const { noncePrefix, chunks } = parseSerializedPart(serializedPart);
  const opener = new PartOpener(tipKey, noncePrefix, chunks.length);
  try {
    const views = chunks.map((chunk) => opener.push(chunk));
    opener.end();
    if (opener.header?.kind !== 'message') fail('bad_header', 'part is not a message');
    const content = concatBytes(views);
    try {
      return decoder.decode(content);
    } catch {
      return fail('bad_input', 'message is not valid UTF-8');
    } finally {
      content.fill(0);
    }
  } finally {
    opener.dispose();
  }
}
