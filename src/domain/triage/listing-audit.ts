// The `tips.listed` audit entry: which tips' messages a staff session was handed by the queue.
//
// A page of the queue carries message ciphertext that the viewer's browser opens with the desk
// key, so handing it out is a view that decrypts and is audited, durably (synchronous=FULL, in
// the hash chain) and before the response leaves. What the entry records is exposure: from that
// moment this session had the tip's content. A re-listing of the same tips by the same session
// minutes later exposes nothing new (the browser already holds the ciphertext and the desk key),
// so it is not recorded again until LISTING_AUDIT_WINDOW_MS has passed since the tip's last
// entry for that session: an editor who keeps a queue open shows up in the trail about every
// window with the tips on their screen, not once per refresh. docs/security.md states this.
//
// Which (session, tip) pairs were recorded lately is kept in memory, per Database, and only
// after the entry committed. Forgetting is always safe: a restart, another process or Worker
// isolate, an evicted session or tip merely records the tip again. A session's key is the
// SHA-256 of its cookie (what the database keys it by), never the cookie.
import type { Database, RawTx } from '../../db/database.ts';
import { appendAuditRaw } from '../audit.ts';
import type { Clock } from '../context.ts';
import { staffActor, type StaffIdentity } from '../staff/identity.ts';

export const LISTING_AUDIT_WINDOW_MS = 15 * 60_000;
/** Bounds on what is remembered (memory stays small whatever happens; forgetting only re-records). */
const MAX_SESSIONS = 200;
const MAX_TIPS_PER_SESSION = 5000;

/** Per session key: tip id → when its last `tips.listed` entry for this session was committed (ms). */
type Ledger = Map<string, Map<string, number>>;
const ledgers = new WeakMap<Database, Ledger>();

function ledgerOf(db: Database): Ledger {
  let ledger = ledgers.get(db);
  if (!ledger) ledgers.set(db, (ledger = new Map()));
  return ledger;
}

export interface ListingAuditInput {
  viewer: StaffIdentity;
  /** The viewer's session (its id hash as text); without one, every listing is recorded in full. */
  sessionKey?: string | undefined;
  /** 'all' or the desk id the queue was asked for. */
  subject: string;
  /** The tips whose message the page carries. */
  shown: readonly string[];
}

/**
 * Records `shown` as handed to the session: one `tips.listed` entry naming the tips not recorded
 * for this session within the window, committed before this resolves; nothing when there are none.
 * Returns the tips the entry named.
 */
export async function auditListing(db: Database, clock: Clock, input: ListingAuditInput): Promise<string[]> {
  const now = clock.now().getTime();
  const ledger = ledgerOf(db);
  const seen = input.sessionKey === undefined ? undefined : ledger.get(input.sessionKey);
  const due = seen ? input.shown.filter((id) => !(now - (seen.get(id) ?? -Infinity) < LISTING_AUDIT_WINDOW_MS)) : [...input.shown];
  if (due.length === 0) return due;
  await db.writeRaw((tx: RawTx) => appendAuditRaw(tx, clock, {
    actor: staffActor(input.viewer), action: 'tips.listed', subject: input.subject, details: { tips: due },
  }));
  if (input.sessionKey !== undefined) remember(ledger, input.sessionKey, due, now);
  return due;
}

function remember(ledger: Ledger, sessionKey: string, tipIds: readonly string[], at: number): void {
  let seen = ledger.get(sessionKey);
  if (seen) {
    ledger.delete(sessionKey); // re-inserted below: the Map's order is least recently recorded first
  } else {
    seen = new Map();
    if (ledger.size >= MAX_SESSIONS) ledger.delete(ledger.keys().next().value!);
  }
  ledger.set(sessionKey, seen);
  for (const id of tipIds) {
    seen.delete(id);
    seen.set(id, at);
  }
  while (seen.size > MAX_TIPS_PER_SESSION) seen.delete(seen.keys().next().value!);
}
