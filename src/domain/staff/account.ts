// What a staff member's browser needs after login or on reload: who they are, their encrypted
// personal secret key (opened locally with the passphrase), and their desks with the desk
// secrets sealed to them.
import { eq } from 'drizzle-orm';
import { staff } from '../../db/schema.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import { myDesks } from './desk-members.ts';
import type { ResolvedSession } from './sessions.ts';

export async function describeAccount({ ctx, input }: { ctx: DomainContext; input: { session: ResolvedSession } }) {
  const { session } = input;
  const [account] = await ctx.db.read.select({ publicKey: staff.publicKey, encryptedSecretKey: staff.encryptedSecretKey })
    .from(staff).where(eq(staff.id, session.staff.id)).limit(1);
  if (!account) throw new DomainError('unknown_staff', 'no such staff member');
  return { staff: session.staff, csrfToken: session.csrfToken, ...account, desks: await myDesks(ctx.db.read, session.staff.id) };
}
