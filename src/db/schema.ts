// Drizzle schema. What is deliberately absent matters as much as what is here: no column holds
// a source's connection data, a codename or an exact submission time. Source-side times are
// ISO days ("2026-11-22"); ids are random so that their order says nothing about arrival order.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bytes } from './bytes.ts';

export const desks = sqliteTable('desks', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  currentKeyVersion: integer('current_key_version').notNull(),
  createdDay: text('created_day').notNull(),
  /** Name and description per language, JSON `{"ko": {"name": "...", "description": "..."}}`. */
  translations: text('translations').notNull().default('{}'),
  /** Days a closed tip is kept before the purge deletes it (issue 6). */
  retentionDays: integer('retention_days').notNull().default(90),
  /** The desk's offline recovery key (public half); every desk key version is sealed to it too. */
  recoveryPublicKey: bytes('recovery_public_key'),
  /**
   * Set when someone who held the desk key left (offboarding, a disabled account, a replaced
   * personal key): the desk should rotate. Cleared when a rotation starts (issue 6).
   */
  rotationDueSince: text('rotation_due_since'),
}, (t) => [uniqueIndex('desks_slug_unique').on(t.slug)]);

/** Every public key a desk has had; tips name the version they were sealed to. */
export const deskKeys = sqliteTable('desk_keys', {
  deskId: text('desk_id').notNull().references(() => desks.id),
  version: integer('version').notNull(),
  publicKey: bytes('public_key').notNull(),
  createdDay: text('created_day').notNull(),
  /** This version's secret sealed to the desk's recovery key; null once the version is retired. */
  sealedForRecovery: bytes('sealed_for_recovery'),
}, (t) => [primaryKey({ columns: [t.deskId, t.version] })]);

/** Instance-wide secrets and parameters made at first start (e.g. the codename KDF salt). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: bytes('value').notNull(),
});

/**
 * A source, known only by what their codename derives to: SHA-256 of the KDF's lookup key, and
 * the public key replies are sealed to. Nothing else about them exists.
 */
export const sources = sqliteTable('sources', {
  id: text('id').primaryKey(),
  lookupHash: bytes('lookup_hash').notNull(),
  replyPublicKey: bytes('reply_public_key').notNull(),
  deskId: text('desk_id').notNull().references(() => desks.id),
  createdDay: text('created_day').notNull(),
}, (t) => [uniqueIndex('sources_lookup_unique').on(t.lookupHash)]);

export const TIP_STATUSES = ['new', 'in_review', 'verified', 'needs_followup', 'declined', 'published', 'archived'] as const;
export type TipStatus = (typeof TIP_STATUSES)[number];
export const STAFF_ROLES = ['admin', 'editor', 'reporter'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * Newsroom staff. The server never sees a passphrase: the browser derives from it (scrypt over
 * `kdfSalt`) a login key, of which only a SHA-256 verifier is kept, and a key-encryption key
 * that seals the personal X25519 secret key (`encryptedSecretKey`, nonce || secretbox).
 */
export const staff = sqliteTable('staff', {
  id: text('id').primaryKey(),
  username: text('username').notNull(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: STAFF_ROLES }).notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  kdfSalt: bytes('kdf_salt').notNull(),
  /** log2 of scrypt's N for this account (src/crypto/staff-keys.ts). */
  kdfLogN: integer('kdf_log_n').notNull(),
  loginVerifier: bytes('login_verifier').notNull(),
  publicKey: bytes('public_key').notNull(),
  encryptedSecretKey: bytes('encrypted_secret_key').notNull(),
  /** RFC 6238 shared secret; the server must hold it to check codes. */
  totpSecret: bytes('totp_secret').notNull(),
  /** The last accepted TOTP time step: a code is good once. */
  totpLastStep: integer('totp_last_step').notNull().default(0),
  /** Per-account login throttling (never per IP: staff IPs are not kept either). */
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: text('locked_until'),
  createdAt: text('created_at').notNull(),
}, (t) => [uniqueIndex('staff_username_unique').on(t.username)]);

/** Single-use recovery codes for the second factor, kept as SHA-256 hashes. */
export const staffRecoveryCodes = sqliteTable('staff_recovery_codes', {
  staffId: text('staff_id').notNull().references(() => staff.id),
  codeHash: bytes('code_hash').notNull(),
}, (t) => [primaryKey({ columns: [t.staffId, t.codeHash] })]);

/** Single-use, expiring invitations; the link carries the token, the row its hash. */
export const staffInvites = sqliteTable('staff_invites', {
  tokenHash: bytes('token_hash').primaryKey(),
  role: text('role', { enum: STAFF_ROLES }).notNull(),
  /** JSON array of desk ids the new member joins (the desk secret is sealed to them later). */
  deskIds: text('desk_ids').notNull().default('[]'),
  createdBy: text('created_by').notNull(),
  expiresAt: text('expires_at').notNull(),
  usedAt: text('used_at'),
});

/** Staff sessions: the cookie carries a random id, the row its hash. */
export const staffSessions = sqliteTable('staff_sessions', {
  idHash: bytes('id_hash').primaryKey(),
  staffId: text('staff_id').notNull().references(() => staff.id),
  csrfToken: text('csrf_token').notNull(),
  createdAt: text('created_at').notNull(),
  lastSeenAt: text('last_seen_at').notNull(),
}, (t) => [index('staff_sessions_staff_idx').on(t.staffId)]);

/** Who may read a desk's tips. Membership without a grant for the current key is "pending". */
export const deskMembers = sqliteTable('desk_members', {
  deskId: text('desk_id').notNull().references(() => desks.id),
  staffId: text('staff_id').notNull().references(() => staff.id),
  addedAt: text('added_at').notNull(),
}, (t) => [primaryKey({ columns: [t.deskId, t.staffId] }), index('desk_members_staff_idx').on(t.staffId)]);

/** A desk secret key (one version) sealed (crypto_box_seal) to a member's personal public key. */
export const deskKeyGrants = sqliteTable('desk_key_grants', {
  deskId: text('desk_id').notNull(),
  version: integer('version').notNull(),
  staffId: text('staff_id').notNull().references(() => staff.id),
  sealedSecret: bytes('sealed_secret').notNull(),
}, (t) => [primaryKey({ columns: [t.deskId, t.version, t.staffId] })]);

/** Labels are managed per desk. */
export const labels = sqliteTable('labels', {
  id: text('id').primaryKey(),
  deskId: text('desk_id').notNull().references(() => desks.id),
  name: text('name').notNull(),
}, (t) => [uniqueIndex('labels_desk_name_unique').on(t.deskId, t.name)]);

export const tipLabels = sqliteTable('tip_labels', {
  tipId: text('tip_id').notNull().references(() => tips.id),
  labelId: text('label_id').notNull().references(() => labels.id),
}, (t) => [primaryKey({ columns: [t.tipId, t.labelId] }), index('tip_labels_label_idx').on(t.labelId, t.tipId)]);

/** Which staff member has opened which tip (the unread marker). */
export const tipReads = sqliteTable('tip_reads', {
  staffId: text('staff_id').notNull().references(() => staff.id),
  tipId: text('tip_id').notNull().references(() => tips.id),
}, (t) => [primaryKey({ columns: [t.staffId, t.tipId] })]);

/** Internal notes: a serialized message part under the tip key, so only the desk can read them. */
export const tipNotes = sqliteTable('tip_notes', {
  id: text('id').primaryKey(),
  tipId: text('tip_id').notNull().references(() => tips.id),
  authorId: text('author_id').notNull().references(() => staff.id),
  body: bytes('body').notNull(),
  createdAt: text('created_at').notNull(),
}, (t) => [index('tip_notes_tip_idx').on(t.tipId)]);

export const DRAFT_STATUSES = ['idea', 'writing', 'editing', 'published', 'dropped'] as const;

/** A story in the making. Title and CMS reference are staff-written, not source content. */
export const drafts = sqliteTable('drafts', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  cmsRef: text('cms_ref').notNull().default(''),
  ownerId: text('owner_id').notNull().references(() => staff.id),
  status: text('status', { enum: DRAFT_STATUSES }).notNull().default('idea'),
  createdAt: text('created_at').notNull(),
}, (t) => [index('drafts_owner_idx').on(t.ownerId)]);

/** A tip feeding a draft, with a note sealed under the tip key (serialized message part). */
export const draftLinks = sqliteTable('draft_links', {
  draftId: text('draft_id').notNull().references(() => drafts.id),
  tipId: text('tip_id').notNull().references(() => tips.id),
  note: bytes('note'),
  linkedBy: text('linked_by').notNull().references(() => staff.id),
  createdAt: text('created_at').notNull(),
}, (t) => [primaryKey({ columns: [t.draftId, t.tipId] }), index('draft_links_tip_idx').on(t.tipId)]);

/**
 * Routing rules, applied in `position` order to a new tip; the first match names the desk the
 * tip must be sealed to. `match` is JSON: { desk?, topic?, language?, hasFiles?, urgent? }.
 */
export const routingRules = sqliteTable('routing_rules', {
  id: text('id').primaryKey(),
  position: integer('position').notNull(),
  match: text('match').notNull(),
  targetDeskId: text('target_desk_id').notNull().references(() => desks.id),
  createdAt: text('created_at').notNull(),
});

export const tips = sqliteTable('tips', {
  id: text('id').primaryKey(),
  /** The conversation this tip belongs to; null for tips sent without a codename (API, CLI). */
  sourceId: text('source_id').references(() => sources.id),
  /** How it arrived: 'api' (a client of the JSON API), 'js' (the page with JavaScript), 'form' (without). */
  via: text('via', { enum: ['api', 'js', 'form'] }).notNull().default('api'),
  deskId: text('desk_id').notNull().references(() => desks.id),
  keyVersion: integer('key_version').notNull(),
  /** The tip key sealed to the desk key (libsodium crypto_box_seal layout, 80 bytes). */
  sealedKey: bytes('sealed_key').notNull(),
  /** SHA-256 of the upload token handed to the submitter; lets them attach files later. */
  uploadTokenHash: bytes('upload_token_hash').notNull(),
  receivedDay: text('received_day').notNull(),
  // Triage, set by editors. The inbox lists newest day first and, within a day, by the random
  // id: arrival order inside a day is not recorded anywhere.
  status: text('status', { enum: TIP_STATUSES }).notNull().default('new'),
  /** 0 low, 1 normal, 2 high, 3 urgent. */
  priority: integer('priority').notNull().default(1),
  assigneeId: text('assignee_id').references(() => staff.id),
  /** Kept by the upload verbs for the inbox filters: a finished file part exists / one was not cleaned. */
  hasFiles: integer('has_files', { mode: 'boolean' }).notNull().default(false),
  unsupportedMetadata: integer('unsupported_metadata', { mode: 'boolean' }).notNull().default(false),
  /** What the source chose on the form, for routing rules: urgency flag and topic (or null). */
  urgent: integer('urgent', { mode: 'boolean' }).notNull().default(false),
  topic: text('topic'),
  /** Day the tip was closed (status declined, published or archived); retention counts from it. */
  closedDay: text('closed_day'),
  /** An editor postponed the purge until this day. */
  keepUntilDay: text('keep_until_day'),
}, (t) => [
  index('tips_desk_idx').on(t.deskId, t.receivedDay, t.id),
  index('tips_desk_status_idx').on(t.deskId, t.status, t.receivedDay, t.id),
  index('tips_assignee_idx').on(t.assigneeId, t.receivedDay, t.id),
  // The queue's sort=priority walks these in page order (priority, then newest) instead of
  // sorting a whole desk or everything assigned to someone: the twins of the three above.
  index('tips_desk_priority_idx').on(t.deskId, t.priority, t.receivedDay, t.id),
  index('tips_desk_status_priority_idx').on(t.deskId, t.status, t.priority, t.receivedDay, t.id),
  index('tips_assignee_priority_idx').on(t.assigneeId, t.priority, t.receivedDay, t.id),
  index('tips_source_idx').on(t.sourceId),
  index('tips_desk_key_idx').on(t.deskId, t.keyVersion),
  index('tips_closed_idx').on(t.closedDay),
]);

/** A message or a file of a tip: ciphertext only, stored as chunks. */
export const parts = sqliteTable('parts', {
  id: text('id').primaryKey(),
  tipId: text('tip_id').notNull().references(() => tips.id),
  kind: text('kind', { enum: ['message', 'file'] }).notNull(),
  noncePrefix: bytes('nonce_prefix').notNull(),
  /** Padded plaintext size (a Padmé bucket); it fixes the chunk count and every chunk's length. */
  paddedSize: integer('padded_size').notNull(),
  chunkCount: integer('chunk_count').notNull(),
  /** 'uploading' until every chunk is in and the submitter calls finish. */
  state: text('state', { enum: ['uploading', 'complete'] }).notNull(),
  /** For files: whether metadata was removed before sealing (as the submitting client reports it). */
  metadata: text('metadata', { enum: ['cleaned', 'unsupported', 'unknown'] }),
  createdDay: text('created_day').notNull(),
}, (t) => [index('parts_tip_idx').on(t.tipId)]);

export const chunks = sqliteTable('chunks', {
  partId: text('part_id').notNull().references(() => parts.id),
  idx: integer('idx').notNull(),
  ciphertext: bytes('ciphertext').notNull(),
}, (t) => [primaryKey({ columns: [t.partId, t.idx] })]);

/**
 * A reply from the newsroom to a source: a serialized message part under a fresh reply key,
 * which is sealed twice, to the source's reply key and to the desk key. The source may delete
 * their copy (sealedForSource becomes null); the desk's stays.
 */
export const replies = sqliteTable('replies', {
  id: text('id').primaryKey(),
  sourceId: text('source_id').notNull().references(() => sources.id),
  body: bytes('body').notNull(),
  sealedForSource: bytes('sealed_for_source'),
  sealedForDesk: bytes('sealed_for_desk').notNull(),
  deskKeyVersion: integer('desk_key_version').notNull(),
  /** The staff member who wrote it (null for replies sent from the CLI). */
  authorId: text('author_id'),
  createdDay: text('created_day').notNull(),
}, (t) => [index('replies_source_idx').on(t.sourceId)]);

/** Proof-of-work challenges: single use, deleted when redeemed or expired. */
export const powChallenges = sqliteTable('pow_challenges', {
  id: text('id').primaryKey(),
  challenge: bytes('challenge').notNull(),
  difficulty: integer('difficulty').notNull(),
  /** Unix minute after which it is void; a minute says nothing about which tip used it. */
  expiresMinute: integer('expires_minute').notNull(),
});

/**
 * Signed checkpoints of the audit chain head (Ed25519, nacl.sign): the signing key lives
 * outside the database, so a rewritten or truncated chain no longer matches a checkpoint.
 */
export const auditCheckpoints = sqliteTable('audit_checkpoints', {
  seq: integer('seq').primaryKey(),
  headHash: bytes('head_hash').notNull(),
  at: text('at').notNull(),
  publicKey: bytes('public_key').notNull(),
  signature: bytes('signature').notNull(),
});

/**
 * Append-only, hash-chained audit trail. `hash` = SHA-256(prevHash || canonical(entry)); see
 * src/domain/audit-hash.ts. `at` is an exact time for staff actions, a day for source events.
 */
export const auditLog = sqliteTable('audit_log', {
  seq: integer('seq').primaryKey(),
  at: text('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  subject: text('subject').notNull(),
  details: text('details').notNull().default(sql`'{}'`),
  prevHash: bytes('prev_hash').notNull(),
  hash: bytes('hash').notNull(),
}, (t) => [
  // A tip's history (GET /api/v1/staff/tips/:id/history): its entries newest first, by seq.
  index('audit_log_subject_idx').on(t.subject, t.seq),
]);
