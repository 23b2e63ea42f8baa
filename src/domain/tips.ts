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
import { redeemPowChallenge } from './pow.ts';
import { insertSource, requireSource } from './sources.ts';
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
  /** How the tip came: the JSON API by default. */
  via?: 'api' | 'js' | 'form';
  /**
   * The conversation: `replyPublicKey` present registers a new source (first tip with a
   * codename); absent, the lookup key must name an existing one (a follow-up).
   */
  source?: { lookupKey: Uint8Array; replyPublicKey?: Uint8Array };
  /** A solved anti-spam challenge; required when `powRequired`. */
  pow?: { id: string; nonce: Uint8Array };
  powRequired?: boolean;
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

  if (input.powRequired && !input.pow) throw new DomainError('pow_required', 'solve the anti-spam challenge first');

  return ctx.db.write(async (tx) => {
    const existing = input.source && !input.source.replyPublicKey ? await requireSource(tx, input.source.lookupKey) : undefined;
    const desk = await findDeskBySlug(tx, input.deskSlug);
    if (!desk) throw new DomainError('unknown_desk', `there is no desk ${input.deskSlug}`);
    if (existing && existing.deskId !== desk.id) {
      // An editor moved the conversation: follow-ups go where it is now.
      const current = await findDeskBySlug(tx, existing.deskSlug);
      throw new DomainError('conversation_moved', 'this conversation is now with another desk; seal to its key and resubmit', {
        desk: existing.deskSlug, currentKey: current && { version: current.keyVersion, publicKey: current.publicKey },
      });
    }
    if (desk.keyVersion !== input.keyVersion) {
      // The submitter sealed to an old key: tell it the current one so it can re-seal and retry.
      throw new DomainError('stale_key', 'the desk key has changed; seal to the current key and resubmit', {
        currentKey: { version: desk.keyVersion, publicKey: desk.publicKey },
      });
    }
    if (input.pow) await redeemPowChallenge(tx, ctx, input.pow);
    const day = dayOf(ctx.clock.now());
    const sourceId = existing?.id ?? (input.source?.replyPublicKey
      ? await insertSource(tx, { lookupKey: input.source.lookupKey, replyPublicKey: input.source.replyPublicKey, deskId: desk.id, day })
      : null);
    const tipId = newId();
    const uploadToken = newToken();
    await tx.insert(tips).values({
      id: tipId,
      sourceId,
      via: input.via ?? 'api',
      deskId: desk.id,
      keyVersion: desk.keyVersion,
      sealedKey: input.sealedKey,
      uploadTokenHash: hashToken(uploadToken),
      receivedDay: day,
    });
    await insertPart(tx, { tipId, kind: 'message', state: 'complete', day, ...message });
    await appendAudit(tx, ctx.clock, { actor: { kind: 'source' }, action: 'tip.received', subject: tipId, details: { desk: input.deskSlug, followUp: Boolean(existing) } });
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
