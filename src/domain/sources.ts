// Sources as the server knows them: a lookup hash, a reply public key and a desk. Finding one
// needs the lookup key, which only the codename derives (src/crypto/source-keys.ts), or the id
// that the no-JavaScript session cookie carries sealed under the instance's session key (the
// server put it there after the codename was checked).
import { eq, type SQL } from 'drizzle-orm';
import { lookupHash } from '../crypto/index.ts';
import type { Queryable, Tx } from '../db/database.ts';
import { desks, sources } from '../db/schema.ts';
import type { DomainContext } from './context.ts';
import { findDeskBySlug, type PublicDesk } from './desks.ts';
import { DomainError } from './errors.ts';
import { isId, newId } from './ids.ts';

export interface SourceRow {
  id: string;
  deskId: string;
  deskSlug: string;
  replyPublicKey: Uint8Array;
}

/** How a verb is told which source: by codename-derived lookup key (the API) or by id (a session). */
export type SourceRef = { lookupKey: Uint8Array } | { sourceId: string };

async function selectSource(db: Queryable, where: SQL): Promise<SourceRow | undefined> {
  const [row] = await db
    .select({ id: sources.id, deskId: sources.deskId, deskSlug: desks.slug, replyPublicKey: sources.replyPublicKey })
    .from(sources)
    .innerJoin(desks, eq(desks.id, sources.deskId))
    .where(where)
    .limit(1);
  return row;
}

export async function findSource(db: Queryable, lookupKey: Uint8Array): Promise<SourceRow | undefined> {
  if (lookupKey.length !== 32) return undefined;
  return selectSource(db, eq(sources.lookupHash, lookupHash(lookupKey)));
}

export async function findSourceRef(db: Queryable, ref: SourceRef): Promise<SourceRow | undefined> {
  if ('lookupKey' in ref) return findSource(db, ref.lookupKey);
  return isId(ref.sourceId) ? selectSource(db, eq(sources.id, ref.sourceId)) : undefined;
}

/** The same answer for every codename that leads nowhere, whatever the reason. */
export function unknownCodename(): DomainError {
  return new DomainError('unknown_codename', 'that codename is not known here; check it and try again');
}

export async function requireSourceRef(db: Queryable, ref: SourceRef): Promise<SourceRow> {
  const source = await findSourceRef(db, ref);
  if (!source) throw unknownCodename();
  return source;
}

/** Logging in: the source a lookup key names, if any (the caller answers every miss alike). */
export async function lookUpSource({ ctx, input }: { ctx: DomainContext; input: { lookupKey: Uint8Array } }): Promise<{ sourceId: string } | null> {
  const source = await findSource(ctx.db.read, input.lookupKey);
  return source ? { sourceId: source.id } : null;
}

/** The desk a conversation is with now, and its current key: where a follow-up is sealed to. */
export async function conversationDesk({ ctx, input }: { ctx: DomainContext; input: SourceRef }): Promise<PublicDesk> {
  const source = await requireSourceRef(ctx.db.read, input);
  const desk = await findDeskBySlug(ctx.db.read, source.deskSlug);
  if (!desk) throw unknownCodename();
  return desk;
}

export async function insertSource(tx: Tx, input: { lookupKey: Uint8Array; replyPublicKey: Uint8Array; deskId: string; day: string }): Promise<string> {
  if (input.replyPublicKey.length !== 32) throw new DomainError('invalid_input', 'a reply public key is 32 bytes');
  if (input.lookupKey.length !== 32) throw new DomainError('invalid_input', 'a lookup key is 32 bytes');
  if (await findSource(tx, input.lookupKey)) {
    // Only a client that reuses a codename gets here (99 random bits do not collide).
    throw new DomainError('source_exists', 'this codename is already in use; send a follow-up instead');
  }
  const id = newId();
  await tx.insert(sources).values({ id, lookupHash: lookupHash(input.lookupKey), replyPublicKey: input.replyPublicKey, deskId: input.deskId, createdDay: input.day });
  return id;
}
