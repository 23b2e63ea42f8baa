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
}, (t) => [uniqueIndex('desks_slug_unique').on(t.slug)]);

/** Every public key a desk has had; tips name the version they were sealed to. */
export const deskKeys = sqliteTable('desk_keys', {
  deskId: text('desk_id').notNull().references(() => desks.id),
  version: integer('version').notNull(),
  publicKey: bytes('public_key').notNull(),
  createdDay: text('created_day').notNull(),
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
}, (t) => [index('tips_desk_idx').on(t.deskId, t.receivedDay)]);

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
});
