// Staff sessions. The cookie holds 256 random bits; the database holds their SHA-256, the staff
// id, a CSRF token and two times. A session ends at logout, after 30 idle minutes, after 12
// hours whatever happens, or when the account is disabled or its passphrase changes.
import { sha256 } from '@noble/hashes/sha2.js';
import { base64urlnopad } from '@scure/base';
import { and, eq, ne } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { staff, staffSessions } from '../../db/schema.ts';
import { randomBytes } from '../../crypto/index.ts';
import { appendAudit } from '../audit.ts';
import type { DomainContext } from '../context.ts';
import { DomainError } from '../errors.ts';
import type { StaffIdentity } from './identity.ts';

export const SESSION_IDLE_MINUTES = 30;
export const SESSION_MAX_HOURS = 12;
/** lastSeenAt is written at most this often, so reading pages does not cost a write each. */
const TOUCH_SECONDS = 60;
/**
 * Exactly the canonical unpadded base64url of 32 bytes (RFC 4648 §5): 43 characters, the last
 * of which carries 4 data bits and 2 zero padding bits, so it is one of 16. A value outside
 * this shape is not a session (the decoder would throw on non-zero padding bits).
 */
const COOKIE_VALUE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

function sessionHash(cookie: string): Uint8Array {
  return sha256(base64urlnopad.decode(cookie));
}

export async function openStaffSession(tx: Tx, now: Date, staffId: string): Promise<{ cookie: string; csrfToken: string }> {
  const cookie = base64urlnopad.encode(randomBytes(32));
  const csrfToken = base64urlnopad.encode(randomBytes(32));
  const at = now.toISOString();
  await tx.insert(staffSessions).values({ idHash: sessionHash(cookie), staffId, csrfToken, createdAt: at, lastSeenAt: at });
  return { cookie, csrfToken };
}

export interface ResolvedSession {
  staff: StaffIdentity;
  csrfToken: string;
  idHash: Uint8Array;
}

/** The session a cookie names; throws not_logged_in or session_expired. */
export async function resolveStaffSession(ctx: DomainContext, cookie: string | undefined): Promise<ResolvedSession> {
  if (!cookie || !COOKIE_VALUE.test(cookie)) throw new DomainError('not_logged_in', 'log in first');
  const idHash = sessionHash(cookie);
  const [row] = await ctx.db.read
    .select({
      id: staff.id, username: staff.username, displayName: staff.displayName, role: staff.role, active: staff.active,
      csrfToken: staffSessions.csrfToken, createdAt: staffSessions.createdAt, lastSeenAt: staffSessions.lastSeenAt,
    })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(eq(staffSessions.idHash, idHash))
    .limit(1);
  if (!row) throw new DomainError('not_logged_in', 'log in first');
  const now = ctx.clock.now();
  const idleSince = now.getTime() - Date.parse(row.lastSeenAt);
  const age = now.getTime() - Date.parse(row.createdAt);
  if (!row.active || idleSince > SESSION_IDLE_MINUTES * 60_000 || age > SESSION_MAX_HOURS * 3_600_000) {
    await ctx.db.write((tx) => tx.delete(staffSessions).where(eq(staffSessions.idHash, idHash)));
    throw new DomainError('session_expired', 'the session has ended; log in again');
  }
  if (idleSince > TOUCH_SECONDS * 1000) {
    await ctx.db.write((tx) => tx.update(staffSessions).set({ lastSeenAt: now.toISOString() }).where(eq(staffSessions.idHash, idHash)));
  }
  return { staff: { id: row.id, username: row.username, displayName: row.displayName, role: row.role }, csrfToken: row.csrfToken, idHash };
}

export async function closeStaffSession({ ctx, input }: { ctx: DomainContext; input: { session: ResolvedSession } }) {
  await ctx.db.write(async (tx) => {
    await tx.delete(staffSessions).where(eq(staffSessions.idHash, input.session.idHash));
    await appendAudit(tx, ctx.clock, { actor: { kind: 'staff', id: input.session.staff.id }, action: 'staff.logout', subject: input.session.staff.id });
  });
}

/** Ends every session of a staff member (but `keep`, the one making the change, if given). */
export async function revokeStaffSessions(tx: Tx, staffId: string, keep?: Uint8Array): Promise<void> {
  await tx.delete(staffSessions).where(keep ? and(eq(staffSessions.staffId, staffId), ne(staffSessions.idHash, keep)) : eq(staffSessions.staffId, staffId));
}
