// Receiving a tip through the JSON API. The server only ever holds ciphertext: the tip key
// arrives sealed to the desk key and the message as a serialized part (docs/envelope.md). What
// it checks here is shape, so that nothing impossible is stored: key length, chunk layout,
// padded size, current key version. The rows themselves are written by recordTip, shared with
// the no-JavaScript form (form-tip.ts).
import { EnvelopeError, parseSerializedPart, SEALED_TIP_KEY_BYTES } from '../crypto/index.ts';
import type { DomainContext } from './context.ts';
import { DomainError } from './errors.ts';
import { MAX_MESSAGE_PADDED_SIZE } from './limits.ts';
import type { RouteRequest } from './routing/route.ts';
import { recordPlainTip, recordTip, type ParsedMessage, type TipSource } from './tip-record.ts';

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
  /** What the source chose, for the routing rules (src/domain/routing). */
  routing?: RouteRequest;
}

export interface SubmittedTip {
  tipId: string;
  /** Lets the submitter attach files to this tip; only its hash is stored. */
  uploadToken: string;
}

export async function submitTip({ ctx, input }: { ctx: DomainContext; input: SubmitTipInput }): Promise<SubmittedTip> {
  checkSealedKey(input.sealedKey);
  const message = parseMessage(input.message);

  if (input.powRequired && !input.pow) throw new DomainError('pow_required', 'solve the anti-spam challenge first');

  if (!input.source && !input.pow) {
    // The common case (no codename, no proof of work) skips drizzle's query builder.
    return ctx.db.writeRaw(async (tx) => {
      const tip = await recordPlainTip(tx, ctx, {
        deskSlug: input.deskSlug, keyVersion: input.keyVersion, sealedKey: input.sealedKey, message, via: input.via ?? 'api', routing: input.routing,
      });
      return { tipId: tip.tipId, uploadToken: tip.uploadToken };
    });
  }
  return ctx.db.write(async (tx) => {
    const tip = await recordTip(tx, ctx, {
      deskSlug: input.deskSlug, keyVersion: input.keyVersion, sealedKey: input.sealedKey, message,
      via: input.via ?? 'api', source: tipSource(input.source), pow: input.pow, routing: input.routing,
    });
    return { tipId: tip.tipId, uploadToken: tip.uploadToken };
  });
}

export function checkSealedKey(sealedKey: Uint8Array): void {
  if (sealedKey.length !== SEALED_TIP_KEY_BYTES) {
    throw new DomainError('invalid_input', `sealedKey must be ${SEALED_TIP_KEY_BYTES} bytes`);
  }
}

/** A serialized message part whose layout is possible and whose padded size is within limits. */
export function parseMessage(serialized: Uint8Array): ParsedMessage {
  let part: ParsedMessage;
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

function tipSource(source: SubmitTipInput['source']): TipSource | undefined {
  if (!source) return undefined;
  if (source.replyPublicKey) return { kind: 'new', lookupKey: source.lookupKey, replyPublicKey: source.replyPublicKey };
  return { kind: 'follow-up', ref: { lookupKey: source.lookupKey } };
}
