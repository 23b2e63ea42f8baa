// Desks: where tips are routed. A desk's secret key never reaches the server in plaintext; only
// its public keys (one per version) are stored here.
import { and, asc, eq } from 'drizzle-orm';
import { rawBytes, type Queryable, type RawTx, type Tx } from '../db/database.ts';
import { deskKeys, desks } from '../db/schema.ts';
import { appendAudit, type AuditActor } from './audit.ts';
import { dayOf, type DomainContext } from './context.ts';
import { DomainError } from './errors.ts';
import { newId } from './ids.ts';

export const DESK_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
export const MAX_DESK_NAME = 120;
export const MAX_DESK_DESCRIPTION = 2000;

export interface CreateDeskInput {
  slug: string;
  name: string;
  description?: string;
  publicKey: Uint8Array;
  actor: AuditActor;
}

/** Trims and checks slug, name, description and key; throws invalid_input. */
export function checkDeskFields(input: { slug: string; name: string; description?: string; publicKey: Uint8Array }) {
  if (!DESK_SLUG_PATTERN.test(input.slug)) {
    throw new DomainError('invalid_input', 'a desk slug is 1-40 characters of a-z, 0-9 and inner hyphens');
  }
  const name = input.name.trim();
  if (name.length === 0 || name.length > MAX_DESK_NAME) throw new DomainError('invalid_input', `a desk name is 1-${MAX_DESK_NAME} characters`);
  const description = (input.description ?? '').trim();
  if (description.length > MAX_DESK_DESCRIPTION) throw new DomainError('invalid_input', `a desk description is at most ${MAX_DESK_DESCRIPTION} characters`);
  if (input.publicKey.length !== 32) throw new DomainError('invalid_input', 'a desk public key is 32 bytes');
  return { slug: input.slug, name, description };
}

export async function createDesk({ ctx, input }: { ctx: DomainContext; input: CreateDeskInput }) {
  const fields = checkDeskFields(input);
  return ctx.db.write((tx) => insertDesk(tx, ctx, { ...input, ...fields }));
}

/** createDesk's rows and audit entries, inside the caller's transaction (input already checked). */
export async function insertDesk(tx: Tx, ctx: DomainContext, input: CreateDeskInput & { description: string }) {
  const existing = await tx.select({ id: desks.id }).from(desks).where(eq(desks.slug, input.slug)).limit(1);
  if (existing.length > 0) throw new DomainError('desk_exists', `a desk named ${input.slug} exists already`);
  const day = dayOf(ctx.clock.now());
  const id = newId();
  await tx.insert(desks).values({ id, slug: input.slug, name: input.name, description: input.description, currentKeyVersion: 1, createdDay: day });
  await tx.insert(deskKeys).values({ deskId: id, version: 1, publicKey: input.publicKey, createdDay: day });
  await appendAudit(tx, ctx.clock, { actor: input.actor, action: 'desk.created', subject: id, details: { slug: input.slug } });
  await appendAudit(tx, ctx.clock, { actor: input.actor, action: 'desk.key_added', subject: id, details: { version: 1 } });
  return { id, slug: input.slug, keyVersion: 1 };
}

export interface PublicDesk {
  id: string;
  slug: string;
  name: string;
  description: string;
  keyVersion: number;
  publicKey: Uint8Array;
}

function selectDesksWithCurrentKey(db: Queryable) {
  return db
    .select({
      id: desks.id,
      slug: desks.slug,
      name: desks.name,
      description: desks.description,
      keyVersion: desks.currentKeyVersion,
      publicKey: deskKeys.publicKey,
    })
    .from(desks)
    .innerJoin(deskKeys, and(eq(deskKeys.deskId, desks.id), eq(deskKeys.version, desks.currentKeyVersion)));
}

/** Every desk with its current public key, in slug order. */
export async function listDesks(db: Queryable): Promise<PublicDesk[]> {
  return selectDesksWithCurrentKey(db).orderBy(asc(desks.slug));
}

export async function findDeskBySlug(db: Queryable, slug: string): Promise<PublicDesk | undefined> {
  const [desk] = await selectDesksWithCurrentKey(db).where(eq(desks.slug, slug)).limit(1);
  return desk;
}

const DESK_BY_SLUG_SQL = `SELECT d.id, d.slug, d.name, d.description, d.current_key_version, k.public_key
  FROM desks d JOIN desk_keys k ON k.desk_id = d.id AND k.version = d.current_key_version
  WHERE d.slug = ? LIMIT 1`;

/** findDeskBySlug in a raw write transaction (Database.writeRaw). */
export async function findDeskBySlugRaw(tx: RawTx, slug: string): Promise<PublicDesk | undefined> {
  const row = (await tx.execute(DESK_BY_SLUG_SQL, [slug])).rows[0];
  if (!row) return undefined;
  return {
    id: String(row.id), slug: String(row.slug), name: String(row.name), description: String(row.description),
    keyVersion: Number(row.current_key_version), publicKey: rawBytes(row.public_key),
  };
}
