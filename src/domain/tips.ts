// Receiving a tip. The server only ever holds ciphertext: the tip key arrives sealed to the desk
// key and the message as a serialized part (docs/envelope.md). What it checks here is shape, so
// that nothing impossible is stored: key length, chunk layout, padded size, current key version.
import { sha256 } from '@noble/hashes/sha2.js';
import { hex } from '@scure/base';
import { EnvelopeError, parseSerializedPart, SEALED_TIP_KEY_BYTES } from '../crypto/index.ts';
import { tips } from '../db/schema.ts';
import { appendAudit } from './audit.ts';
import { dayOf, type DomainContext } from './context.ts';
import { findDeskBySlug } from './desks.ts';
import { DomainError } from './errors.ts';
import { newId, newToken } from './ids.ts';
import { MAX_MESSAGE_PADDED_SIZE } from './limits.ts';
import { insertPart } from './parts.ts';

export interface SubmitTipInput {
  deskSlug: string;
  keyVersion: number;
  sealedKey: Uint8Array;
  /** Serialized message part: 0x01 || nonce prefix || chunks. */
  message: Uint8Array;
}

export interface SubmittedTip {
  tipId: string;
  /** Lets the submitter attach files to this tip; only its hash is stored. */
  uploadToken: string;
}

export async function submitTip({ ctx, input }: { ctx: DomainContext; input: SubmitTipInput }): Promise<SubmittedTip> {
  if (input.sealedKey.length !== SEALED_TIP_KEY_BYTES) {
    throw new DomainError('invalid_input', `sealedKey must be ${SEALED_TIP_KEY_BYTES} bytes`);
  }
  const message = parseMessage(input.message);

  return ctx.db.write(async (tx) => {
    const desk = await findDeskBySlug(tx, input.deskSlug);
    if (!desk) throw new DomainError('unknown_desk', `there is no desk ${input.deskSlug}`);
    if (desk.keyVersion !== input.keyVersion) {
      // The submitter sealed to an old key: tell it the current one so it can re-seal and retry.
      throw new DomainError('stale_key', 'the desk key has changed; seal to the current key and resubmit', {
        currentKey: { version: desk.keyVersion, publicKey: desk.publicKey },
      });
    }
    const day = dayOf(ctx.clock.now());
    const tipId = newId();
    const uploadToken = newToken();
    await tx.insert(tips).values({
      id: tipId,
      deskId: desk.id,
      keyVersion: desk.keyVersion,
      sealedKey: input.sealedKey,
      uploadTokenHash: hashToken(uploadToken),
      receivedDay: day,
    });
    await insertPart(tx, { tipId, kind: 'message', state: 'complete', day, ...message });
    await appendAudit(tx, ctx.clock, { actor: { kind: 'source' }, action: 'tip.received', subject: tipId, details: { desk: input.deskSlug } });
    return { tipId, uploadToken };
  });
}

function parseMessage(serialized: Uint8Array) {
  let part: ReturnType<typeof parseSerializedPart>;
  try {
    part = parseSerializedPart(serialized);
  } catch (error) {
    if (error instanceof EnvelopeError) throw new DomainError('bad_ciphertext_length', `message: ${error.message}`);
    throw error;
  }
  if (part.paddedSize > MAX_MESSAGE_PADDED_SIZE) {
    throw new DomainError('message_too_large', `a message is at most ${MAX_MESSAGE_PADDED_SIZE} bytes once padded; send long texts as a file`);
  }
  return part;
}

export function hashToken(token: string): Uint8Array {
  return sha256(hex.decode(token));
}
