// Instance-wide values made once, at first use, and kept in the database: the salt of the
// codename KDF (every source page needs it) and the key that seals no-JavaScript source
// sessions into their cookie. Generated here rather than configured so that a new Tipline is
// safe without any set-up.
import { eq } from 'drizzle-orm';
import { randomBytes } from '../crypto/index.ts';
import { settings } from '../db/schema.ts';
import type { DomainContext } from './context.ts';

export type InstanceSecret = 'kdf_salt' | 'session_key';
const SIZES: Record<InstanceSecret, number> = { kdf_salt: 16, session_key: 32 };

export async function instanceSecret(ctx: DomainContext, key: InstanceSecret): Promise<Uint8Array> {
  const [row] = await ctx.db.read.select().from(settings).where(eq(settings.key, key)).limit(1);
  if (row) return row.value;
  // Two processes may race at first start: insert-or-ignore, then read back the winner.
  await ctx.db.write(async (tx) => {
    await tx.insert(settings).values({ key, value: randomBytes(SIZES[key]) }).onConflictDoNothing();
  });
  const [made] = await ctx.db.read.select().from(settings).where(eq(settings.key, key)).limit(1);
  return made!.value;
}
