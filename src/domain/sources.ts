// Sources as the server knows them: a lookup hash, a reply public key and a desk. Finding one
// needs the lookup key, which only the codename derives (src/crypto/source-keys.ts).
import { eq } from 'drizzle-orm';
import { lookupHash } from '../crypto/index.ts';
import type { Queryable, Tx } from '../db/database.ts';
import { desks, sources } from '../db/schema.ts';
import { DomainError } from './errors.ts';
import { newId } from './ids.ts';

export interface SourceRow {
  id: string;
  deskId: string;
  deskSlug: string;
  replyPublicKey: Uint8Array;
}

export async function findSource(db: Queryable, lookupKey: Uint8Array): Promise<SourceRow | undefined> {
  if (lookupKey.length !== 32) return undefined;
  const [row] = await db
    .select({ id: sources.id, deskId: sources.deskId, deskSlug: desks.slug, replyPublicKey: sources.replyPublicKey })
    .from(sources)
    .innerJoin(desks, eq(desks.id, sources.deskId))
    .where(eq(sources.lookupHash, lookupHash(lookupKey)))
    .limit(1);
  return row;
}

/** The same answer for every codename that leads nowhere, whatever the reason. */
export function unknownCodename(): DomainError {
  return new DomainError('unknown_codename', 'that codename is not known here; check it and try again');
}

export async function requireSource(db: Queryable, lookupKey: Uint8Array): Promise<SourceRow> {
  const source = await findSource(db, lookupKey);
  if (!source) throw unknownCodename();
  return source;
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
