// drizzle/0005: the inbox's priority indexes, a tip's history index, and the file flags of tips
// stored before 0002 added them, set from their finished file parts. The database is migrated
// up to 0004 first (a copy of drizzle/ whose journal stops there), filled as such a database
// could be, then opened as the server opens it (every pending migration applied).
import { createClient } from '@libsql/client';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../src/db/open-node.ts';
import { tempDir } from '../helpers/temp.ts';

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A copy of drizzle/ that ends with 0004. */
function migrationsUpTo0004(dir: string): string {
  const folder = join(dir, 'drizzle');
  cpSync(MIGRATIONS, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number; tag: string }[] };
  for (const entry of journal.entries.filter((e) => e.idx > 4)) rmSync(join(folder, `${entry.tag}.sql`));
  journal.entries = journal.entries.filter((e) => e.idx <= 4);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

describe('migration 0005', () => {
  it('sets the file flags of older tips from their finished files, and adds the inbox and history indexes', async () => {
    const dir = tempDir();
    cleanups.push(() => dir.remove());
    const url = `file:${join(dir.path, 'tipline.db')}`;
    const client = createClient({ url });
    cleanups.push(() => client.close());
    await migrate(drizzle(client), { migrationsFolder: migrationsUpTo0004(dir.path) });

    const blob = new Uint8Array(16);
    await client.execute({ sql: "INSERT INTO desks (id, slug, name, current_key_version, created_day) VALUES ('d', 'desk', 'Desk', 1, '2026-01-01')", args: [] });
    // tip → [has_files, unsupported_metadata] as stored, then its parts: [kind, state, metadata].
    const tips: Record<string, { stored: [number, number]; parts: Array<[string, string, string | null]> }> = {
      cleanedFile: { stored: [0, 0], parts: [['message', 'complete', null], ['file', 'complete', 'cleaned']] },
      fileOfUnknownMetadata: { stored: [0, 0], parts: [['message', 'complete', null], ['file', 'complete', null]] },
      unsupportedAndCleaned: { stored: [0, 0], parts: [['file', 'complete', 'cleaned'], ['file', 'complete', 'unsupported']] },
      stillUploading: { stored: [0, 0], parts: [['message', 'complete', null], ['file', 'uploading', 'unsupported']] },
      messageOnly: { stored: [0, 0], parts: [['message', 'complete', null]] },
      alreadyFlagged: { stored: [1, 0], parts: [['file', 'complete', 'cleaned']] },
    };
    let partNo = 0;
    for (const [id, tip] of Object.entries(tips)) {
      await client.execute({
        sql: `INSERT INTO tips (id, desk_id, key_version, sealed_key, upload_token_hash, received_day, has_files, unsupported_metadata)
              VALUES (?, 'd', 1, ?, ?, '2026-01-01', ?, ?)`,
        args: [id, blob, blob, ...tip.stored],
      });
      for (const [kind, state, metadata] of tip.parts) {
        await client.execute({
          sql: `INSERT INTO parts (id, tip_id, kind, nonce_prefix, padded_size, chunk_count, state, metadata, created_day) VALUES (?, ?, ?, ?, 1024, 1, ?, ?, '2026-01-01')`,
          args: [`p${partNo++}`, id, kind, blob, state, metadata],
        });
      }
    }

    const db = await openNodeDatabase({ url });
    cleanups.push(() => db.close());
    const rows = (await client.execute('SELECT id, has_files, unsupported_metadata FROM tips')).rows;
    const flags = Object.fromEntries(rows.map((r) => [String(r.id), [Number(r.has_files), Number(r.unsupported_metadata)]]));
    expect(flags).toEqual({
      cleanedFile: [1, 0],
      fileOfUnknownMetadata: [1, 1],
      unsupportedAndCleaned: [1, 1],
      stillUploading: [0, 0],
      messageOnly: [0, 0],
      alreadyFlagged: [1, 0],
    });
    const indexes = (await client.execute("SELECT name FROM sqlite_master WHERE type = 'index'")).rows.map((r) => String(r.name));
    expect(indexes).toEqual(expect.arrayContaining(['tips_desk_priority_idx', 'tips_desk_status_priority_idx', 'tips_assignee_priority_idx', 'audit_log_subject_idx']));
    const applied = await client.execute('SELECT count(*) AS n FROM __drizzle_migrations');
    const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    expect(Number(applied.rows[0]!.n)).toBe(journal.entries.length);
  });
});
