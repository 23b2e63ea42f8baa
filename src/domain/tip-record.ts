// What every way of receiving a tip shares (the JSON API's submitTip, the no-JavaScript form's
// receiveSealedTip): the rows written inside the caller's one write transaction (source, tip,
// message part, audit entry), after the desk, key version and proof of work are checked.
import type { RawTx, Tx } from '../db/database.ts';
import { tips } from '../db/schema.ts';
import { appendAudit, appendAuditRaw } from './audit.ts';
import { dayOf, type DomainContext } from './context.ts';
import { findDeskBySlug, findDeskBySlugRaw, type PublicDesk } from './desks.ts';
import { DomainError } from './errors.ts';
import { hashToken, newId, newToken } from './ids.ts';
import { insertPart, insertPartRaw } from './parts.ts';
import { redeemPowChallenge } from './pow.ts';
import { checkRoute, followUpFields, type RouteRequest } from './routing/route.ts';
import { rawRouteReader, routeReader } from './routing/store.ts';
import { insertSource, requireSourceRef, type SourceRef } from './sources.ts';

/** Who a tip belongs to: a new source (first tip with a codename) or an existing conversation. */
export type TipSource =
  | { kind: 'new'; lookupKey: Uint8Array; replyPublicKey: Uint8Array }
  | { kind: 'follow-up'; ref: SourceRef };

/** A serialized message part already checked for shape (tips.ts parseMessage). */
export interface ParsedMessage {
  noncePrefix: Uint8Array;
  chunks: Uint8Array[];
  paddedSize: number;
}

export interface TipRecord {
  deskSlug: string;
  keyVersion: number;
  sealedKey: Uint8Array;
  message: ParsedMessage;
  via: 'api' | 'js' | 'form';
  source?: TipSource;
  pow?: { id: string; nonce: Uint8Array };
  /** What the source chose (desk, topic, urgency...): routes a new tip; follow-ups are not routed. */
  routing?: RouteRequest;
}

/** Inside the caller's transaction: desk and key checks, source, tip row, message, audit entry. */
export async function recordTip(tx: Tx, ctx: DomainContext, input: TipRecord) {
  const existing = input.source?.kind === 'follow-up' ? await requireSourceRef(tx, input.source.ref) : undefined;
  const desk = await findDeskBySlug(tx, input.deskSlug);
  if (!desk) throw new DomainError('unknown_desk', `there is no desk ${input.deskSlug}`);
  if (existing && existing.deskId !== desk.id) {
    // An editor moved the conversation: follow-ups go where it is now.
    const current = await findDeskBySlug(tx, existing.deskSlug);
    throw new DomainError('conversation_moved', 'this conversation is now with another desk; seal to its key and resubmit', {
      desk: existing.deskSlug, currentKey: current && { version: current.keyVersion, publicKey: current.publicKey },
    });
  }
  const routed = existing ? followUpFields(input.routing) : await checkRoute(routeReader(tx), desk, input.routing);
  checkKeyVersion(desk, input.keyVersion);
  if (input.pow) await redeemPowChallenge(tx, ctx, input.pow);
  const day = dayOf(ctx.clock.now());
  const sourceId = existing?.id ?? (input.source?.kind === 'new'
    ? await insertSource(tx, { lookupKey: input.source.lookupKey, replyPublicKey: input.source.replyPublicKey, deskId: desk.id, day })
    : null);
  const tipId = newId();
  const uploadToken = newToken();
  await tx.insert(tips).values({
    id: tipId,
    sourceId,
    via: input.via,
    deskId: desk.id,
    keyVersion: desk.keyVersion,
    sealedKey: input.sealedKey,
    uploadTokenHash: hashToken(uploadToken),
    receivedDay: day,
    ...routed,
  });
  await insertPart(tx, { tipId, kind: 'message', state: 'complete', day, ...input.message });
  await appendAudit(tx, ctx.clock, { actor: { kind: 'source' }, action: 'tip.received', subject: tipId, details: { desk: input.deskSlug, followUp: Boolean(existing) } });
  return { tipId, uploadToken, day };
}

function checkKeyVersion(desk: PublicDesk, keyVersion: number): void {
  if (desk.keyVersion !== keyVersion) {
    // The submitter sealed to an old key: tell it the current one so it can re-seal and retry.
    throw new DomainError('stale_key', 'the desk key has changed; seal to the current key and resubmit', {
      currentKey: { version: desk.keyVersion, publicKey: desk.publicKey },
    });
  }
}

/** A tip without codename or proof of work: what recordTip does for it, in constant SQL. */
export type PlainTipRecord = Omit<TipRecord, 'source' | 'pow'>;

const INSERT_TIP_SQL = `INSERT INTO tips (id, source_id, via, desk_id, key_version, sealed_key, upload_token_hash, received_day, urgent, topic)
  VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * recordTip for a tip with neither source nor proof of work, inside a raw write transaction
 * (Database.writeRaw): the intake's hot path, where drizzle's query building cost more than the
 * statements. Same checks, same rows, same audit entry as recordTip.
 */
export async function recordPlainTip(tx: RawTx, ctx: DomainContext, input: PlainTipRecord) {
  const desk = await findDeskBySlugRaw(tx, input.deskSlug);
  if (!desk) throw new DomainError('unknown_desk', `there is no desk ${input.deskSlug}`);
  const routed = await checkRoute(rawRouteReader(tx), desk, input.routing);
  checkKeyVersion(desk, input.keyVersion);
  const day = dayOf(ctx.clock.now());
  const tipId = newId();
  const uploadToken = newToken();
  await tx.execute(INSERT_TIP_SQL, [tipId, input.via, desk.id, desk.keyVersion, input.sealedKey, hashToken(uploadToken), day, routed.urgent ? 1 : 0, routed.topic]);
  await insertPartRaw(tx, { tipId, kind: 'message', state: 'complete', day, ...input.message });
  await appendAuditRaw(tx, ctx.clock, { actor: { kind: 'source' }, action: 'tip.received', subject: tipId, details: { desk: input.deskSlug, followUp: false } });
  return { tipId, uploadToken, day };
}
