// The yardstick for the intake benchmark (docs/performance.md): the least code that stores a tip
// exactly as src/domain/tips.ts submitTip does (a tip without codename or proof of work), with
// the same durability. Nothing of Tipline's request path is used (no hygiene middleware, zod,
// drizzle query builder or @scure/base), so the gap to the real server is what that path costs.
// Keep the rows in step with submitTip: bench/intake.ts compares the two databases after a run.
//
//   BENCH_MODE=baseline (default): one write transaction per tip, same rows, same pragmas.
//   BENCH_MODE=bare: parses the JSON body and answers 201, no database (reference ceiling).
//
// Environment as src/node.ts: HOST, PORT, DATABASE_URL (file: URL; baseline mode only).
import { createHash, randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import { createClient, type Transaction } from '@libsql/client';
import { Hono } from 'hono';
import { openNodeDatabase } from '../src/db/open-node.ts';

interface TipBody { desk: string; keyVersion: number; sealedKey: string; message: string }

const CHUNK_CIPHERTEXT = 65536 + 16; // envelope v1: 64 KiB plaintext + 16-byte tag per chunk
const GENESIS = new Uint8Array(32);
const env = process.env;
const mode = env.BENCH_MODE ?? 'baseline';
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();
const newId = () => randomBytes(16).toString('hex');

const app = new Hono();
app.get('/healthz', (c) => c.json({ ok: true }));

if (mode === 'bare') {
  app.post('/api/v1/tips', async (c) => {
    await c.req.json<TipBody>();
    return c.json({ id: newId(), uploadToken: randomBytes(32).toString('hex') }, 201);
  });
} else {
  const url = env.DATABASE_URL ?? '';
  if (!url.startsWith('file:')) throw new Error('baseline-server needs DATABASE_URL=file:...');
  // Same schema as the real server: run the drizzle migrations once, then drop that handle.
  (await openNodeDatabase({ url })).close();
  // One writer connection with the pragmas open-node.ts applies, set once (they are per
  // connection and this client never has another connection).
  const writer = createClient({ url, concurrency: 1, timeout: 10_000 });
  for (const pragma of ['PRAGMA journal_mode=WAL', 'PRAGMA synchronous=FULL', 'PRAGMA secure_delete=ON', 'PRAGMA foreign_keys=ON']) {
    await writer.execute(pragma);
  }
  // A one-connection client cannot open a second transaction while one is open: queue them,
  // as src/db/database.ts does.
  let queue: Promise<unknown> = Promise.resolve();
  const write = <T>(fn: (tx: Transaction) => Promise<T>): Promise<T> => {
    const result = queue.then(async () => {
      const tx = await writer.transaction('write'); // BEGIN IMMEDIATE, like drizzle's default
      try {
        const value = await fn(tx);
        await tx.commit();
        return value;
      } finally {
        tx.close();
      }
    });
    queue = result.catch(() => undefined);
    return result;
  };

  app.post('/api/v1/tips', async (c) => {
    const body = await c.req.json<TipBody>();
    const sealedKey = Buffer.from(body.sealedKey, 'base64');
    const message = Buffer.from(body.message, 'base64');
    // Serialized part: 0x01 || nonce prefix (16) || chunks of up to 64 KiB + 16.
    const noncePrefix = message.subarray(1, 17);
    const chunks: Uint8Array[] = [];
    for (let at = 17; at < message.length; at += CHUNK_CIPHERTEXT) chunks.push(message.subarray(at, at + CHUNK_CIPHERTEXT));
    const paddedSize = message.length - 17 - 16 * chunks.length;
    const token = randomBytes(32);
    const tipId = newId();
    const partId = newId();
    const day = new Date().toISOString().slice(0, 10);

    const stored = await write(async (tx) => {
      // The same desk lookup as findDeskBySlug: the tips row needs the desk id and key version.
      const desk = (await tx.execute({
        sql: `SELECT d.id, d.current_key_version AS v FROM desks d
              JOIN desk_keys k ON k.desk_id = d.id AND k.version = d.current_key_version WHERE d.slug = ? LIMIT 1`,
        args: [body.desk],
      })).rows[0];
      if (!desk || desk.v !== body.keyVersion) return false;
      const deskId = desk.id as string;
      await tx.execute({
        sql: `INSERT INTO tips (id, source_id, via, desk_id, key_version, sealed_key, upload_token_hash, received_day)
              VALUES (?, NULL, 'api', ?, ?, ?, ?, ?)`,
        args: [tipId, deskId, body.keyVersion, sealedKey, sha256(token), day],
      });
      await tx.execute({
        sql: `INSERT INTO parts (id, tip_id, kind, nonce_prefix, padded_size, chunk_count, state, metadata, created_day)
              VALUES (?, ?, 'message', ?, ?, ?, 'complete', NULL, ?)`,
        args: [partId, tipId, noncePrefix, paddedSize, chunks.length, day],
      });
      for (const [idx, ciphertext] of chunks.entries()) {
        await tx.execute({ sql: 'INSERT INTO chunks (part_id, idx, ciphertext) VALUES (?, ?, ?)', args: [partId, idx, ciphertext] });
      }
      // Audit chain exactly as src/domain/audit.ts + audit-hash.ts: read the head, hash, insert.
      const head = (await tx.execute('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')).rows[0];
      const seq = Number(head?.seq ?? 0) + 1;
      const prevHash = head ? new Uint8Array(head.hash as ArrayBuffer) : GENESIS;
      const details = JSON.stringify({ desk: body.desk, followUp: false }); // canonical: keys sorted
      const entry = Buffer.from(JSON.stringify([seq, day, 'source', 'tip.received', tipId, details]));
      const hash = sha256(Buffer.concat([prevHash, entry]));
      await tx.execute({
        sql: 'INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        args: [seq, day, 'source', 'tip.received', tipId, details, prevHash, hash],
      });
      return true;
    });
    if (!stored) return c.json({ error: { code: 'unknown_desk' } }, 404);
    return c.json({ id: tipId, uploadToken: token.toString('hex') }, 201);
  });
}

const server = serve({ fetch: app.fetch, hostname: env.HOST || '127.0.0.1', port: Number(env.PORT || 8788) }, (info) => {
  console.log(`baseline (${mode}) listening on http://${info.address}:${info.port}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
