// A tip as the inbox lists it: triage fields, labels, the viewer's unread marker, and what the
// browser needs to open the message (sealed tip key and the message ciphertext).
//
// Built for a whole page in ONE query: each tip comes back as one JSON cell (fields, desk slug,
// labels, unread marker, put together by SQLite) plus its byte columns. Measured on the 100,000
// tip bench, the libSQL client's cost is per returned cell, so the page's ~1,000 cells over five
// queries became ~200 in one (docs/performance.md, "Inbox").
import { sql } from 'drizzle-orm';
import { rawBytes, type Queryable } from '../../db/database.ts';
import { chunks, desks, labels, parts, tipLabels, tipReads, tips, type TipStatus } from '../../db/schema.ts';
import { serializePart } from '../../crypto/index.ts';
import { loadMessages, QUEUE_MESSAGE_MAX_PADDED } from './messages.ts';

export interface TipSummary {
  id: string;
  deskId: string;
  deskSlug: string;
  receivedDay: string;
  status: TipStatus;
  priority: number;
  assigneeId: string | null;
  labels: { id: string; name: string }[];
  hasFiles: boolean;
  unsupportedMetadata: boolean;
  urgent: boolean;
  topic: string | null;
  /** Whether this viewer has not opened the tip yet. */
  unread: boolean;
  /** The source (conversation) the tip belongs to; null for tips sent without a codename. */
  conversationId: string | null;
  keyVersion: number;
  sealedKey: Uint8Array;
  /** The serialized message part, or null when it is larger than the caller asked for. */
  message: Uint8Array | null;
}

type SummaryFields = Omit<TipSummary, 'sealedKey' | 'message' | 'hasFiles' | 'unsupportedMetadata' | 'urgent' | 'unread'>
  & { hasFiles: number; unsupportedMetadata: number; urgent: number; unread: number };

interface SummaryRow {
  fields: string;
  sealedKey: unknown;
  /** The message's nonce prefix and its only chunk, when it has one chunk (≤ 64 KiB padded). */
  noncePrefix: unknown;
  chunk: unknown;
}

function summaryQuery(viewerId: string, tipIds: readonly string[]) {
  return sql`
    SELECT json_object(
        'id', t.id, 'deskId', t.desk_id, 'deskSlug', (SELECT d.slug FROM ${desks} d WHERE d.id = t.desk_id),
        'receivedDay', t.received_day, 'status', t.status, 'priority', t.priority, 'assigneeId', t.assignee_id,
        'labels', json((SELECT json_group_array(json_object('id', l.id, 'name', l.name))
          FROM ${tipLabels} tl JOIN ${labels} l ON l.id = tl.label_id WHERE tl.tip_id = t.id)),
        'hasFiles', t.has_files, 'unsupportedMetadata', t.unsupported_metadata, 'urgent', t.urgent, 'topic', t.topic,
        'unread', NOT EXISTS (SELECT 1 FROM ${tipReads} r WHERE r.staff_id = ${viewerId} AND r.tip_id = t.id),
        'conversationId', t.source_id, 'keyVersion', t.key_version
      ) AS fields,
      t.sealed_key AS sealedKey, p.nonce_prefix AS noncePrefix, c.ciphertext AS chunk
    FROM ${tips} t
    LEFT JOIN ${parts} p ON p.tip_id = t.id AND p.kind = 'message' AND p.chunk_count = 1 AND p.padded_size <= ${QUEUE_MESSAGE_MAX_PADDED}
    LEFT JOIN ${chunks} c ON c.part_id = p.id AND c.idx = 0
    WHERE t.id IN ${[...tipIds]}`;
}

/**
 * The summaries of `tipIds`, in that order (unknown ids are left out). Messages larger than
 * `messageMaxPadded` are null; up to 64 KiB they come with the same query, larger ones (the tip
 * page asks for the whole message) with one more.
 */
export async function summarize(db: Queryable, viewerId: string, tipIds: readonly string[], messageMaxPadded: number): Promise<TipSummary[]> {
  if (tipIds.length === 0) return [];
  const rows = await db.all<SummaryRow>(summaryQuery(viewerId, tipIds));
  const byId = new Map<string, TipSummary>();
  for (const row of rows) {
    const f = JSON.parse(row.fields) as SummaryFields;
    byId.set(f.id, {
      ...f,
      labels: f.labels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      hasFiles: f.hasFiles === 1, unsupportedMetadata: f.unsupportedMetadata === 1, urgent: f.urgent === 1, unread: f.unread === 1,
      sealedKey: rawBytes(row.sealedKey),
      message: messageMaxPadded > 0 && row.noncePrefix != null && row.chunk != null ? singleChunkPart(rawBytes(row.noncePrefix), rawBytes(row.chunk)) : null,
    });
  }
  if (messageMaxPadded > QUEUE_MESSAGE_MAX_PADDED) {
    const longer = await loadMessages(db, [...byId.values()].filter((s) => !s.message).map((s) => s.id), messageMaxPadded);
    for (const [id, message] of longer) byId.get(id)!.message = message;
  }
  return tipIds.flatMap((id) => byId.get(id) ?? []);
}

/** A damaged or impossible layout is served as no message (the browser could not open it anyway). */
function singleChunkPart(noncePrefix: Uint8Array, chunk: Uint8Array): Uint8Array | null {
  try {
    return serializePart(noncePrefix, [chunk]);
  } catch {
    return null;
  }
}

/** One tip's summary (after a change, or for its detail page). */
export async function summarizeTip(db: Queryable, viewerId: string, tipId: string, messageMaxPadded: number): Promise<TipSummary | undefined> {
  const [summary] = await summarize(db, viewerId, [tipId], messageMaxPadded);
  return summary;
}

