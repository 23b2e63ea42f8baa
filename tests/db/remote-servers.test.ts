// Two Node servers (src/node.ts, as `npm start` runs it) on one libSQL server: started at the
// same moment on an empty database (both apply the migrations), then taking submissions at
// once over real HTTP. Every acknowledged tip is there and opens, and the audit chain is one.
import { afterEach, describe, expect, it } from 'vitest';
import { submitTip } from '../../src/client/submit.ts';
import { generateBoxKeyPair, randomBytes } from '../../src/crypto/index.ts';
import type { Database } from '../../src/db/database.ts';
import { openNodeDatabase } from '../../src/db/open-node.ts';
import { verifyAuditChain } from '../../src/domain/audit.ts';
import { systemClock } from '../../src/domain/context.ts';
import { createDesk } from '../../src/domain/desks.ts';
import { runCli, startServer, type RunningServer } from '../helpers/processes.ts';
import { readDeskTips } from '../helpers/read-tips.ts';
import { startSqld, type Sqld } from '../helpers/sqld.ts';

let sqld: Sqld | undefined;
let servers: RunningServer[] = [];
let db: Database | undefined;
afterEach(async () => {
  db?.close();
  db = undefined;
  await Promise.all(servers.map((s) => s.stop('SIGKILL')));
  await sqld?.stop();
  servers = [];
  sqld = undefined;
});

describe('two Node servers on one sqld', () => {
  it('both start on an empty database, take concurrent tips with files, and every acknowledged tip opens', async () => {
    sqld = await startSqld({ auth: true });
    const env = { DATABASE_URL: sqld.url, DATABASE_AUTH_TOKEN: sqld.authToken!, TIPLINE_POW_DIFFICULTY: '0' };
    servers = await Promise.all([startServer(env), startServer(env)]);

    db = await openNodeDatabase({ url: sqld.url, authToken: sqld.authToken, migrate: false });
    const desk = generateBoxKeyPair();
    await createDesk({ ctx: { db, clock: systemClock }, input: { slug: 'courts', name: 'Courts', publicKey: desk.publicKey, actor: { kind: 'admin-cli' } } });
    const before = await verifyAuditChain(db.read);

    const files = new Map<string, Uint8Array>();
    const acknowledged = await Promise.all(servers.flatMap((server, s) => Array.from({ length: 8 }, async (_, n) => {
      const bytes = randomBytes(70_000 + n); // two chunks each
      const { tipId } = await submitTip({
        server: server.url, desk: 'courts', message: `server ${s}, tip ${n}`,
        files: [{ name: `exhibit-${s}-${n}.bin`, type: 'application/octet-stream', size: bytes.length, open: async function* () { yield bytes; } }],
      });
      files.set(tipId, bytes);
      return { tipId, message: `server ${s}, tip ${n}` };
    })));
    expect(new Set(acknowledged.map((a) => a.tipId)).size).toBe(16);

    const stored = await readDeskTips(db, 'courts', desk);
    expect(stored.map((t) => ({ tipId: t.id, message: t.message })).sort((a, b) => a.tipId.localeCompare(b.tipId)))
      .toEqual([...acknowledged].sort((a, b) => a.tipId.localeCompare(b.tipId)));
    for (const tip of stored) expect(Buffer.from(tip.files[0]!.bytes).equals(Buffer.from(files.get(tip.id)!))).toBe(true);

    // One chain: the desk's entries, then tip.received and tip.file_received per tip.
    const verified = await runCli(['audit', 'verify'], env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(new RegExp(`intact: ${before.entries + 32} entries`));
  });
});
