// Proof of work against floods, without knowing who floods: the server hands out single-use,
// short-lived challenges; a submission must carry a nonce such that SHA-256(challenge || nonce)
// starts with `difficulty` zero bits (the hashcash idea, with SHA-256 from FIPS 180-4).
import { and, eq, lt } from 'drizzle-orm';
import { randomBytes } from '../crypto/index.ts';
import type { Tx } from '../db/database.ts';
import { powChallenges } from '../db/schema.ts';
import type { DomainContext } from './context.ts';
import { DomainError } from './errors.ts';
import { newId } from './ids.ts';
import { leadingZeroBits, powHash } from './pow-hash.ts';

/** How long a challenge stays valid. */
export const POW_LIFETIME_MINUTES = 10;
export const MAX_POW_NONCE_BYTES = 64;

const minuteOf = (date: Date) => Math.floor(date.getTime() / 60_000);

export async function issuePowChallenge({ ctx, input }: { ctx: DomainContext; input: { difficulty: number } }) {
  const now = minuteOf(ctx.clock.now());
  const challenge = { id: newId(), challenge: randomBytes(16), difficulty: input.difficulty, expiresMinute: now + POW_LIFETIME_MINUTES };
  await ctx.db.write(async (tx) => {
    await tx.delete(powChallenges).where(lt(powChallenges.expiresMinute, now));
    await tx.insert(powChallenges).values(challenge);
  });
  return challenge;
}

/** Inside the submission's transaction: a failed submission leaves the challenge usable. */
export async function redeemPowChallenge(tx: Tx, ctx: DomainContext, pow: { id: string; nonce: Uint8Array }): Promise<void> {
  const now = minuteOf(ctx.clock.now());
  const [row] = await tx.select().from(powChallenges).where(eq(powChallenges.id, pow.id)).limit(1);
  if (!row || row.expiresMinute < now) throw new DomainError('pow_invalid', 'the anti-spam challenge expired or was used; fetch a new one');
  if (pow.nonce.length > MAX_POW_NONCE_BYTES || leadingZeroBits(powHash(row.challenge, pow.nonce)) < row.difficulty) {
    throw new DomainError('pow_invalid', 'the anti-spam proof does not solve the challenge');
  }
  await tx.delete(powChallenges).where(and(eq(powChallenges.id, pow.id)));
}
