// The audit verifier's queries (audit-verify.ts). A page of entries comes back as ONE row, built
// by SQLite: the entries' hashed JSON texts (json_array of the six hashed fields, the same text
// JSON.stringify writes for ordinary strings) joined by newlines, which JSON text never contains
// raw (RFC 8259 §7 escapes every control character), as one UTF-8 blob; and the stored
// prev_hash and hash columns, 32 bytes per entry each, as two more (cast to TEXT and back:
// SQLite copies the bytes as they are, and the client only ever sees a BLOB). SQLite walks the
// seq range in primary-key order; the verifier still checks each entry's seq, so nothing rests
// on that.
import { sql } from 'drizzle-orm';
import { rawBytes, type Queryable } from '../db/database.ts';

export interface FastPage {
  count: number;
  /** False when SQLite could not build the page (a BLOB where text belongs, a hash of another length than 32 bytes): the row walk judges it. */
  usable: boolean;
  bodies: Uint8Array;
  /** The stored prev_hash and hash of each entry, 32 bytes each. */
  prevHashes: Uint8Array;
  hashes: Uint8Array;
}

const EMPTY = new Uint8Array(0);
const unusable = (count: number): FastPage => ({ count, usable: false, bodies: EMPTY, prevHashes: EMPTY, hashes: EMPTY });

export async function fastPage(db: Queryable, from: number, to: number): Promise<FastPage> {
  try {
    const [row] = await db.values<[number, ArrayBuffer | null, ArrayBuffer | null, ArrayBuffer | null]>(sql`SELECT count(*),
        CAST(group_concat(json_array(seq, at, actor, action, subject, details), char(10)) AS BLOB),
        CAST(group_concat(CAST(prev_hash AS TEXT), '') AS BLOB),
        CAST(group_concat(CAST(hash AS TEXT), '') AS BLOB)
      FROM audit_log WHERE seq BETWEEN ${from} AND ${to}`);
    const count = Number(row?.[0] ?? 0);
    if (!row || count === 0 || row[1] === null || row[2] === null || row[3] === null) return unusable(count);
    const prevHashes = rawBytes(row[2]);
    const hashes = rawBytes(row[3]);
    return { count, usable: hashes.length === count * 32 && prevHashes.length === count * 32, bodies: rawBytes(row[1]), prevHashes, hashes };
  } catch {
    // json_array refuses BLOBs: a tampered column. Count the rows for the caller and let the row walk name it.
    const [row] = await db.values<[number]>(sql`SELECT count(*) FROM audit_log WHERE seq BETWEEN ${from} AND ${to}`);
    return unusable(Number(row?.[0] ?? 0));
  }
}

export async function firstSeqFrom(db: Queryable, from: number): Promise<number | null> {
  const [row] = await db.values<[number | null]>(sql`SELECT min(seq) FROM audit_log WHERE seq >= ${from}`);
  return row?.[0] == null ? null : Number(row[0]);
}

/** An entry below seq 1, which no appender writes (the chain starts at 1). */
export async function entriesBelowOne(db: Queryable): Promise<number | null> {
  const [row] = await db.values<[number | null]>(sql`SELECT max(seq) FROM audit_log WHERE seq < 1`);
  return row?.[0] == null ? null : Number(row[0]);
}

export interface StoredRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: string;
  prevHash: Uint8Array;
  hash: Uint8Array;
}

export async function rowsOfRange(db: Queryable, from: number, to: number): Promise<StoredRow[]> {
  const rows = await db.values<[number, string, string, string, string, string, ArrayBuffer, ArrayBuffer]>(
    sql`SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log WHERE seq BETWEEN ${from} AND ${to} ORDER BY seq`);
  // libSQL rows are array-like, not iterable.
  return rows.map((r) => ({ seq: Number(r[0]), at: r[1], actor: r[2], action: r[3], subject: r[4], details: r[5], prevHash: rawBytes(r[6]), hash: rawBytes(r[7]) }));
}

/** The highest seq present (0 for an empty trail). */
export async function lastSeq(db: Queryable): Promise<number> {
  const [row] = await db.values<[number | null]>(sql`SELECT max(seq) FROM audit_log`);
  return row?.[0] == null ? 0 : Number(row[0]);
}
