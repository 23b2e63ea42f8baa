// Receiving a tip from the no-JavaScript form. The server sealed it itself, in memory, a moment
// ago (src/web/no-js/), but this verb trusts that no more than it trusts the JSON API: it gets
// only ciphertext and checks its shape the same way. Unlike the API's upload dance, message and
// files arrive together, so the tip, its source, every part and every audit entry are written
// in ONE transaction: either the source's confirmation page is true, or nothing was stored.
import { chunkCiphertextLength, chunkCount, isPaddedSize, NONCE_PREFIX_BYTES } from '../crypto/index.ts';
import { appendAudit } from './audit.ts';
import type { DomainContext } from './context.ts';
import { DomainError } from './errors.ts';
import { MAX_FILE_PADDED_SIZE, MAX_FILES_PER_TIP } from './limits.ts';
import { insertPart } from './parts.ts';
import type { RouteRequest } from './routing/route.ts';
import { recordTip, type TipSource } from './tip-record.ts';
import { flagFinishedFile } from './triage/file-flags.ts';
import { checkSealedKey, parseMessage } from './tips.ts';

export interface SealedFilePart {
  noncePrefix: Uint8Array;
  paddedSize: number;
  /** Every chunk ciphertext, in order. */
  chunks: Uint8Array[];
  /** Whether metadata was removed before sealing, or the source chose to send it as it was. */
  metadata: 'cleaned' | 'unsupported';
}

export interface ReceiveSealedTipInput {
  deskSlug: string;
  keyVersion: number;
  sealedKey: Uint8Array;
  /** Serialized message part: 0x01 || nonce prefix || chunks. */
  message: Uint8Array;
  files: SealedFilePart[];
  /** Form tips always belong to a conversation: a new codename or the session's source. */
  source: TipSource;
  /** A first tip's choices for the routing rules (follow-ups are not routed). */
  routing?: RouteRequest;
}

export async function receiveSealedTip({ ctx, input }: { ctx: DomainContext; input: ReceiveSealedTipInput }): Promise<{ tipId: string }> {
  checkSealedKey(input.sealedKey);
  const message = parseMessage(input.message);
  if (input.files.length > MAX_FILES_PER_TIP) throw new DomainError('too_many_files', `a tip has at most ${MAX_FILES_PER_TIP} files`);
  input.files.forEach(checkFilePart);

  return ctx.db.write(async (tx) => {
    const tip = await recordTip(tx, ctx, {
      deskSlug: input.deskSlug, keyVersion: input.keyVersion, sealedKey: input.sealedKey, message, via: 'form', source: input.source, routing: input.routing,
    });
    for (const file of input.files) {
      const { partId } = await insertPart(tx, {
        tipId: tip.tipId, kind: 'file', state: 'complete', day: tip.day,
        noncePrefix: file.noncePrefix, paddedSize: file.paddedSize, metadata: file.metadata, chunks: file.chunks,
      });
      await flagFinishedFile(tx, partId);
      await appendAudit(tx, ctx.clock, { actor: { kind: 'source' }, action: 'tip.file_received', subject: tip.tipId, details: { part: partId } });
    }
    return { tipId: tip.tipId };
  });
}

/** The same layout rules as a chunked upload (uploads.ts), checked before the transaction. */
function checkFilePart(file: SealedFilePart, index: number): void {
  if (file.noncePrefix.length !== NONCE_PREFIX_BYTES) throw new DomainError('invalid_input', `file ${index}: noncePrefix must be ${NONCE_PREFIX_BYTES} bytes`);
  if (!Number.isSafeInteger(file.paddedSize) || !isPaddedSize(file.paddedSize)) {
    throw new DomainError('bad_ciphertext_length', `file ${index}: paddedSize is not a padded size (docs/envelope.md)`);
  }
  if (file.paddedSize > MAX_FILE_PADDED_SIZE) throw new DomainError('file_too_large', `a file is at most ${MAX_FILE_PADDED_SIZE} bytes once padded`);
  if (file.chunks.length !== chunkCount(file.paddedSize)) throw new DomainError('bad_ciphertext_length', `file ${index}: wrong number of chunks`);
  file.chunks.forEach((chunk, i) => {
    if (chunk.length !== chunkCiphertextLength(file.paddedSize, i)) throw new DomainError('bad_chunk_length', `file ${index}: chunk ${i} has the wrong length`);
  });
}
